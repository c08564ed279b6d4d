// test/unit/adapters/crypto: the SDK clients' SHA-256 constructor with HMAC keys kept as key objects gives
// the same hashes, HMACs and SigV4 signatures as raw keys do.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { KeyedSha256 } from '../../../../shared/adapters/crypto/keyed-sha256.js';

/** What the SDK's own constructor does: a raw key per HMAC. */
class RawSha256 {
  #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  public constructor(secret?: string | ArrayBufferView | ArrayBuffer) {
    this.#hash =
      secret === undefined || secret === ''
        ? createHash('sha256')
        : createHmac('sha256', typeof secret === 'string' ? Buffer.from(secret) : Buffer.from(secret as ArrayBuffer));
  }
  public update(data: string | Uint8Array): void {
    this.#hash.update(typeof data === 'string' ? Buffer.from(data) : data);
  }
  public digest(): Promise<Uint8Array> {
    return Promise.resolve(this.#hash.digest());
  }
}

const hex = async (hash: { digest(): Promise<Uint8Array> }): Promise<string> =>
  Buffer.from(await hash.digest()).toString('hex');

describe('Class: KeyedSha256', () => {
  it('hashes without a secret (or with an empty one) as SHA-256 does', async () => {
    for (const secret of [undefined, '']) {
      const hash = new KeyedSha256(secret);
      hash.update('abc');
      hash.update(new Uint8Array([1, 2, 3]));
      expect(await hex(hash)).toBe(createHash('sha256').update('abc').update(Buffer.from([1, 2, 3])).digest('hex'));
    }
  });

  it('gives HMAC-SHA256 under string and byte keys, the same on every use of a key', async () => {
    const key = randomBytes(32);
    for (let round = 0; round < 3; round += 1) {
      for (const secret of [key, 'AWS4secret', new Uint8Array(key).subarray(4, 20)]) {
        const hmac = new KeyedSha256(secret);
        hmac.update('message');
        const raw = typeof secret === 'string' ? Buffer.from(secret) : Buffer.from(secret);
        expect(await hex(hmac)).toBe(createHmac('sha256', raw).update('message').digest('hex'));
      }
    }
  });

  it('keys by content: bytes changed in place are not answered with the old key', async () => {
    const key = new Uint8Array(randomBytes(32));
    const before = new KeyedSha256(key);
    before.update('m');
    const first = await hex(before);
    key[0] = (key[0] ?? 0) ^ 0xff;
    const after = new KeyedSha256(key);
    after.update('m');
    expect(await hex(after)).toBe(createHmac('sha256', key).update('m').digest('hex'));
    expect(await hex(after)).not.toBe(first);
  });

  it('starts over on reset', async () => {
    const hmac = new KeyedSha256('k');
    hmac.update('discarded');
    hmac.reset();
    hmac.update('kept');
    expect(await hex(hmac)).toBe(createHmac('sha256', 'k').update('kept').digest('hex'));
  });

  it('keeps at most a handful of keys and still answers right for keys it dropped', async () => {
    const keys = Array.from({ length: 20 }, () => randomBytes(32));
    for (const round of [0, 1]) {
      for (const key of keys) {
        const hmac = new KeyedSha256(key);
        hmac.update(`round ${round}`);
        expect(await hex(hmac)).toBe(createHmac('sha256', key).update(`round ${round}`).digest('hex'));
      }
    }
  });

  it('signs a request with SigV4 exactly as raw keys do, on different days and with rotated credentials', async () => {
    const request = () => ({
      method: 'POST',
      protocol: 'https:',
      hostname: 'dynamodb.eu-west-1.amazonaws.com',
      path: '/',
      headers: {
        host: 'dynamodb.eu-west-1.amazonaws.com',
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.UpdateItem',
      },
      body: JSON.stringify({ TableName: 'signet', Key: { pk: { S: 'ACCOUNT#x' } } }),
    });
    for (const secretAccessKey of ['wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', 'rotated/secret/key']) {
      const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey };
      const options = { credentials, region: 'eu-west-1', service: 'dynamodb' };
      const keyed = new SignatureV4({ ...options, sha256: KeyedSha256 });
      const raw = new SignatureV4({ ...options, sha256: RawSha256 });
      for (const signingDate of [new Date('2026-12-01T10:00:00Z'), new Date('2026-12-02T10:00:00Z')]) {
        const [ours, theirs] = await Promise.all([
          keyed.sign(request(), { signingDate }),
          raw.sign(request(), { signingDate }),
        ]);
        expect(ours.headers['authorization']).toMatch(/Signature=[0-9a-f]{64}$/);
        expect(ours.headers['authorization']).toBe(theirs.headers['authorization']);
      }
    }
  });
});
