// test/unit/domain/password: the compact common-passwords list the functions load (40-bit hashes, sorted,
// as varint gaps): generated from the installed package and checked in, it refuses every listed password,
// and lets through all but a stated, measured sliver of the rest.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORD_HASHES } from '../../../../shared/domain/password/common-password-hashes.js';
import { renderCommonPasswordHashes } from '../../../../shared/domain/password/common-passwords-cli.js';
import {
  createHashedPasswordBlocklist,
  encodeHashedBlocklist,
  HASH_BITS,
} from '../../../../shared/domain/password/hashed-blocklist.js';

const GENERATED = fileURLToPath(
  new URL('../../../../shared/domain/password/common-password-hashes.ts', import.meta.url),
);

/** The package's own source list (src/passwords.json). */
const packageSourceList = (): string[] => {
  const manifest = createRequire(import.meta.url).resolve('@zxcvbn-ts/language-common/package.json');
  return JSON.parse(readFileSync(join(dirname(manifest), 'src', 'passwords.json'), 'utf8')) as string[];
};

describe('Module: shared/domain/password/common-password-hashes.ts', () => {
  it('is what npm run passwords writes from the installed package, so that it cannot go stale', async () => {
    // Act
    const rendered = await renderCommonPasswordHashes();

    // Assess
    expect(readFileSync(GENERATED, 'utf8')).toBe(rendered);
  });
});

describe('Function: createHashedPasswordBlocklist', () => {
  const blocklist = createHashedPasswordBlocklist(COMMON_PASSWORD_HASHES);

  it('refuses every password of the list, in any case and width', () => {
    // Prepare
    const source = packageSourceList();

    // Act
    const passed = source.filter((entry) => !blocklist.has(entry));

    // Assess
    expect(source.length).toBeGreaterThan(49_000);
    expect(passed).toEqual([]);
    expect(['PASSWORD', 'ｐａｓｓｗｏｒｄ', 'TrustNo1'].every((variant) => blocklist.has(variant))).toBe(
      true,
    );
  });

  it('takes an unlisted password for a listed one below 1e-6 of the time, stated and measured', () => {
    // Prepare: 200,000 random 16-character strings; at a rate of 1e-6 about 0.2 would be refused.
    const samples = 200_000;
    const stated = COMMON_PASSWORD_HASHES.count / 2 ** HASH_BITS;

    // Act
    let refused = 0;
    for (let i = 0; i < samples; i += 1)
      if (blocklist.has(randomBytes(12).toString('base64url'))) refused += 1;

    // Assess
    expect(stated).toBeLessThan(1e-6);
    expect(refused).toBeLessThanOrEqual(1);
  });

  it('refuses data whose count does not match its gaps', () => {
    // Prepare
    const data = encodeHashedBlocklist(['correct horse', 'battery staple'], 'test');

    // Act, Assess
    expect(createHashedPasswordBlocklist(data).has('Correct Horse')).toBe(true);
    expect(() => createHashedPasswordBlocklist({ ...data, count: data.count + 1 })).toThrow(RangeError);
  });
});
