// shared/adapters/crypto: the SHA-256 (and HMAC-SHA256) constructor the AWS SDK clients sign requests with,
// on node:crypto like the SDK's own, but with each HMAC key made into a KeyObject once and kept: Node.js 24
// turns a raw key into a KeyObject on every createHmac call (getKeyObjectSlots), and SigV4 makes two HMACs
// per request (the cache key of the day's signing key, from the secret access key, then the signature).
import { createHash, createHmac, createSecretKey, type Hash as NodeHash, type KeyObject } from 'node:crypto';

/** What the SDK hashes and keys with (its `SourceData`). */
type SourceData = string | ArrayBuffer | ArrayBufferView;

/** Keys kept at most: the secret access key and the day's signing keys, with room for a credentials rotation. */
const MAX_KEYS = 8;

const bytesOf = (data: SourceData, encoding?: BufferEncoding): Buffer => {
  if (typeof data === 'string') return Buffer.from(data, encoding ?? 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
};

/**
 * One key object per distinct key, by content (never by identity, so a key changed in place is not used
 * stale); the oldest is dropped past MAX_KEYS. The keys are the credentials the client holds anyway.
 */
const keyObjects = new Map<string, KeyObject>();
const keyObjectOf = (secret: SourceData): KeyObject => {
  const bytes = bytesOf(secret);
  const id = bytes.toString('latin1');
  const known = keyObjects.get(id);
  if (known !== undefined) return known;
  const made = createSecretKey(bytes);
  if (keyObjects.size >= MAX_KEYS) {
    const oldest = keyObjects.keys().next().value;
    if (oldest !== undefined) keyObjects.delete(oldest);
  }
  keyObjects.set(id, made);
  return made;
};

/**
 * SHA-256 of what is written to it, or HMAC-SHA256 under `secret` when one is given: the SDK's `sha256`
 * client option, with the same answers as the SDK's default.
 *
 * @example
 * new DynamoDBClient({ sha256: KeyedSha256 });
 */
class KeyedSha256 {
  readonly #secret: SourceData | undefined;
  #hash: NodeHash | ReturnType<typeof createHmac>;

  public constructor(secret?: SourceData) {
    this.#secret = secret;
    this.#hash = this.#start();
  }

  public update(data: SourceData, encoding?: 'utf8' | 'ascii' | 'latin1'): void {
    this.#hash.update(bytesOf(data, encoding));
  }

  public digest(): Promise<Uint8Array> {
    return Promise.resolve(this.#hash.digest());
  }

  public reset(): void {
    this.#hash = this.#start();
  }

  #start(): NodeHash | ReturnType<typeof createHmac> {
    // As the SDK's own: no secret, or an empty string, is a plain hash.
    return this.#secret === undefined || this.#secret === ''
      ? createHash('sha256')
      : createHmac('sha256', keyObjectOf(this.#secret));
  }
}

export { KeyedSha256 };
