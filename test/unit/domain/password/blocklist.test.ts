// test/unit/domain/password: the common-passwords blocklist is the package's whole list, compared
// case- and width-insensitively, and built once, on first use.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { dictionary } from '@zxcvbn-ts/language-common';
import { describe, expect, it, vi } from 'vitest';
import {
  blocklistKey,
  commonPasswordEntries,
  createPasswordBlocklist,
  loadCommonPasswordBlocklist,
} from '../../../../shared/domain/password/blocklist.js';

/** The package's own source list (src/passwords.json), to prove nothing was cut. */
const packageSourceList = (): string[] => {
  const manifest = createRequire(import.meta.url).resolve('@zxcvbn-ts/language-common/package.json');
  return JSON.parse(readFileSync(join(dirname(manifest), 'src', 'passwords.json'), 'utf8')) as string[];
};

describe('Function: loadCommonPasswordBlocklist', () => {
  it("holds the package's full passwords-common list, not a cut", async () => {
    // Prepare
    const source = packageSourceList();

    // Act
    const blocklist = await loadCommonPasswordBlocklist();

    // Assess
    expect(source.length).toBeGreaterThan(49_000);
    expect(dictionary['passwords-common']).toEqual(source);
    expect(await commonPasswordEntries()).toHaveLength(source.length);
    expect(blocklist.size).toBe(new Set(source.map(blocklistKey)).size);
    expect(source.every((entry) => blocklist.has(entry))).toBe(true);
  });

  it.each(['password', 'PASSWORD', 'PassWord', 'ｐａｓｓｗｏｒｄ', 'trustno1', 'TRUSTNO1', 'qwertyuiop'])(
    'lists %j',
    async (password) => {
      // Act
      const listed = (await loadCommonPasswordBlocklist()).has(password);

      // Assess
      expect(listed).toBe(true);
    },
  );

  it.each(['tulip orbit canvas lantern', '我的密码是一句很长的话', 'password '])(
    'does not list %j',
    async (password) => {
      // Act
      const listed = (await loadCommonPasswordBlocklist()).has(password);

      // Assess
      expect(listed).toBe(false);
    },
  );

  it('is loaded once per container', async () => {
    // Act
    const [first, second] = await Promise.all([loadCommonPasswordBlocklist(), loadCommonPasswordBlocklist()]);

    // Assess
    expect(second).toBe(first);
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
