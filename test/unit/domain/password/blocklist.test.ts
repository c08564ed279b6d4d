// test/unit/domain/password: the common-passwords blocklist is the package's whole list, compared
// case- and width-insensitively, and built once, on first use.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { dictionary } from '@zxcvbn-ts/language-common';
import { describe, expect, it, vi } from 'vitest';
import {
  blocklistKey,
  zxcvbnBlocklist,
  commonPasswordEntries,
  createPasswordBlocklist,
} from '../../../../shared/domain/password/blocklist.js';

/** The package's own source list (src/passwords.json), to prove nothing was cut. */
const packageSourceList = (): string[] => {
  const manifest = createRequire(import.meta.url).resolve('@zxcvbn-ts/language-common/package.json');
  return JSON.parse(readFileSync(join(dirname(manifest), 'src', 'passwords.json'), 'utf8')) as string[];
};

describe('Function: zxcvbnBlocklist', () => {
  it("holds the package's full passwords-common list, not a cut", () => {
    // Prepare
    const source = packageSourceList();

    // Act
    const blocklist = zxcvbnBlocklist();

    // Assess
    expect(source.length).toBeGreaterThan(49_000);
    expect(dictionary['passwords-common']).toEqual(source);
    expect(commonPasswordEntries()).toHaveLength(source.length);
    expect(blocklist.size).toBe(new Set(source.map(blocklistKey)).size);
    expect(source.every((entry) => blocklist.has(entry))).toBe(true);
  });

  it.each(['password', 'PASSWORD', 'PassWord', 'ｐａｓｓｗｏｒｄ', 'trustno1', 'TRUSTNO1', 'qwertyuiop'])(
    'lists %j',
    (password) => {
      // Act
      const listed = zxcvbnBlocklist().has(password);

      // Assess
      expect(listed).toBe(true);
    },
  );

  it.each(['tulip orbit canvas lantern', '我的密码是一句很长的话', 'password '])(
    'does not list %j',
    (password) => {
      // Act
      const listed = zxcvbnBlocklist().has(password);

      // Assess
      expect(listed).toBe(false);
    },
  );

  it('is one instance per container', () => {
    // Act
    const first = zxcvbnBlocklist();
    const second = zxcvbnBlocklist();

    // Assess
    expect(second).toBe(first);
  });

  it('builds its Set from the whole list in well under a second', () => {
    // Prepare
    const fresh = createPasswordBlocklist(commonPasswordEntries);
    const started = performance.now();

    // Act
    const size = fresh.size;
    const elapsed = performance.now() - started;

    // Assess
    expect(size).toBeGreaterThan(49_000);
    expect(elapsed).toBeLessThan(1_000);
  });
});

describe('Function: createPasswordBlocklist', () => {
  it('reads its entries on first use only, and once', () => {
    // Prepare
    const entries = vi.fn(() => ['Hunter2Hunter2']);
    const blocklist = createPasswordBlocklist(entries);

    // Act
    const before = entries.mock.calls.length;
    const answers = [
      blocklist.has('hunter2hunter2'),
      blocklist.has('HUNTER2HUNTER2'),
      blocklist.has('other'),
    ];

    // Assess
    expect(before).toBe(0);
    expect(answers).toEqual([true, true, false]);
    expect(entries).toHaveBeenCalledTimes(1);
    expect(blocklist.size).toBe(1);
  });
});
