// shared/domain/password: the common-passwords blocklist in compact form, as the Lambda bundles carry it:
// each listed password (NFKC, lower case) as the first 40 bits of its SHA-256, sorted, stored as the gaps
// between them in LEB128 varints, base64. About 200 KB in place of the 380 KB list, decoded at init into
// one Float64Array (no Set of 49,000 strings); a lookup is a hash and a binary search. An unlisted password
// is taken for a listed one with probability (listed hashes) / 2^40, about 4.5e-8
// (test/unit/domain/password/hashed-blocklist.test.ts measures it).
import { createHash } from 'node:crypto';
import { blocklistKey, type PasswordBlocklist } from './blocklist.js';

/** Bits of SHA-256 kept per password: 2^40 exceeds 2^53's exact integers by nothing, so a double holds it. */
const HASH_BITS = 40;
const HASH_BYTES = HASH_BITS / 8;
/** Hashes of this list only: a domain label before each key. */
const DOMAIN = 'signet/password-blocklist/v1\0';

/** The listed passwords in compact form (what `npm run passwords` writes to common-password-hashes.ts). */
export interface HashedBlocklistData {
  /** Where the list comes from: package, version and list name. */
  readonly source: string;
  /** Distinct hashes encoded. */
  readonly count: number;
  readonly hashBits: number;
  /** The sorted hashes as LEB128 gaps (the first from 0), base64. */
  readonly gaps: string;
}

/** A password's 40-bit hash as a number (the first five bytes of SHA-256, big-endian). */
const hashOf = (password: string): number => {
  const digest = createHash('sha256').update(DOMAIN).update(blocklistKey(password), 'utf8').digest();
  return digest.readUIntBE(0, HASH_BYTES);
};

/** Encodes listed passwords (see HashedBlocklistData). */
const encodeHashedBlocklist = (entries: Iterable<string>, source: string): HashedBlocklistData => {
  const hashes = [...new Set([...entries].map(hashOf))].sort((a, b) => a - b);
  const bytes: number[] = [];
  let previous = 0;
  for (const hash of hashes) {
    let gap = hash - previous;
    previous = hash;
    while (gap >= 0x80) {
      bytes.push((gap % 0x80) | 0x80);
      gap = Math.floor(gap / 0x80);
    }
    bytes.push(gap);
  }
  return { source, count: hashes.length, hashBits: HASH_BITS, gaps: Buffer.from(bytes).toString('base64') };
};

/** The sorted hashes of encoded data. */
const decodeHashes = (data: HashedBlocklistData): Float64Array => {
  if (data.hashBits !== HASH_BITS)
    throw new RangeError(`The blocklist holds ${data.hashBits}-bit hashes, not ${HASH_BITS}`);
  const bytes = Buffer.from(data.gaps, 'base64');
  const hashes = new Float64Array(data.count);
  let offset = 0;
  let previous = 0;
  for (let index = 0; index < data.count; index += 1) {
    let gap = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = bytes[offset] ?? 0;
      offset += 1;
      gap += (byte & 0x7f) * scale;
      scale *= 0x80;
    } while (byte >= 0x80);
    previous += gap;
    hashes[index] = previous;
  }
  if (offset !== bytes.byteLength)
    throw new RangeError('The blocklist data does not hold the count it states');
  return hashes;
};

/** Whether the sorted array holds the value (binary search). */
const holds = (sorted: Float64Array, value: number): boolean => {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = sorted[middle] ?? Number.NaN;
    if (at === value) return true;
    if (at < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
};

/** A blocklist over encoded data, decoded now (at init, where the functions build it). */
const createHashedPasswordBlocklist = (data: HashedBlocklistData): PasswordBlocklist => {
  const hashes = decodeHashes(data);
  return { has: (password) => holds(hashes, hashOf(password)), size: hashes.length };
};

export { createHashedPasswordBlocklist, encodeHashedBlocklist, HASH_BITS };
