// bench: what the Encryption SDK keyring costs over plain node:crypto for one per-account data key.
// Measures generateDataKey + unwrapDataKey with the local keyring key service against generating 32
// random bytes and wrapping/unwrapping them with AES-256-GCM directly (same AAD binding).
// Run: npx tsx bench/keyring-overhead.ts [iterations] [runs]
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createLocalKeyService } from '../shared/adapters/crypto/keyring-key-service.js';
import type { AccountId } from '../shared/domain/types.js';

const iterations = Number(process.argv[2] ?? 2000);
const runs = Number(process.argv[3] ?? 7);

const masterKey = randomBytes(32);
const accountId = randomBytes(16).toString('base64url') as AccountId;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** Operations per second of `operation`, median of `runs` runs of `iterations` each, after a warm-up run. */
const measure = async (operation: () => Promise<void>): Promise<number> => {
  for (let i = 0; i < Math.min(iterations, 200); i += 1) await operation();
  const rates: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    for (let i = 0; i < iterations; i += 1) await operation();
    rates.push(iterations / ((performance.now() - start) / 1000));
  }
  return median(rates);
};

const keyring = createLocalKeyService(masterKey);
const keyringRoundTrip = async (): Promise<void> => {
  const { wrapped } = await keyring.generateDataKey(accountId);
  await keyring.unwrapDataKey(accountId, wrapped);
};

const aad = Buffer.from(`signet:${accountId}`, 'utf8');
const plainRoundTrip = async (): Promise<void> => {
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv).setAAD(aad);
  const wrapped = Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]).toString(
    'base64url',
  );
  const bytes = Buffer.from(wrapped, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', masterKey, bytes.subarray(0, 12))
    .setAAD(aad)
    .setAuthTag(bytes.subarray(bytes.length - 16));
  Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
};

const keyringRate = await measure(keyringRoundTrip);
const plainRate = await measure(plainRoundTrip);

const format = (rate: number): string => `${Math.round(rate).toLocaleString('en-GB')} round trips/s`;
console.log(`node ${process.version}, ${iterations} iterations x ${runs} runs, median`);
console.log(
  `local keyring (RawAesKeyringNode):   ${format(keyringRate)} (${(1e6 / keyringRate).toFixed(1)} µs each)`,
);
console.log(
  `plain node:crypto AES-256-GCM wrap: ${format(plainRate)} (${(1e6 / plainRate).toFixed(1)} µs each)`,
);
console.log(`ratio (plain / keyring): ${(plainRate / keyringRate).toFixed(2)}x`);
