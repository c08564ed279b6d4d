// shared/adapters/crypto: what idempotent retries need of node:crypto. A request body's fingerprint is an
// HMAC-SHA256 of its canonical JSON under a key of its own (bodies carry passwords and codes: a plain hash
// of a short code could be reversed by trying them all); kept answers are sealed with AES-256-GCM under
// another key, bound to their route, so that the table never holds an answer's name, contact or code.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { InvalidKeyMaterialError } from './errors.js';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FINGERPRINT_DOMAIN = 'signet/idempotency-fingerprint/v1:';
const SEAL_DOMAIN = 'signet/idempotency-seal/v1:';
const SEALED = /^v1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A step of canonicalJson's walk: a value still to write, or text to write as it is. */
type Step = { readonly value: unknown } | { readonly text: string };

/**
 * The JSON text of a parsed body with every object's keys sorted (arrays keep their order), so that two
 * bodies that differ only in key order give one text. The walk keeps its own stack, not the call stack:
 * a 16 KiB body can nest thousands deep.
 *
 * @example
 * canonicalJson({ b: 1, a: { d: 2, c: 3 } }); // '{"a":{"c":3,"d":2},"b":1}'
 */
const canonicalJson = (value: unknown): string => {
  const out: string[] = [];
  const pending: Step[] = [{ value }];
  while (pending.length > 0) {
    const step = pending.pop() as Step;
    if ('text' in step) {
      out.push(step.text);
      continue;
    }
    const current = step.value;
    const steps: Step[] = [];
    if (Array.isArray(current)) {
      steps.push({ text: '[' });
      (current as unknown[]).forEach((item, i) => {
        if (i > 0) steps.push({ text: ',' });
        steps.push({ value: item });
      });
      steps.push({ text: ']' });
    } else if (isPlainObject(current)) {
      steps.push({ text: '{' });
      Object.keys(current)
        .sort()
        .forEach((key, i) => {
          steps.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:` });
          steps.push({ value: current[key] });
        });
      steps.push({ text: '}' });
    } else {
      out.push(JSON.stringify(current) ?? 'null');
      continue;
    }
    for (let i = steps.length - 1; i >= 0; i -= 1) pending.push(steps[i] as Step);
  }
  return out.join('');
};

/** The fingerprint and the seal of idempotent retries. */
interface IdempotencyCrypto {
  /** HMAC-SHA256 (base64url) of the body's canonical JSON. */
  fingerprint(body: unknown): string;
  /** AES-256-GCM of `plaintext`, `route` bound as associated data: `v1.<iv>.<ciphertext and tag>`. */
  seal(route: string, plaintext: string): string;
  /** The plaintext, or undefined when the text, the key or the route does not match. */
  open(route: string, sealed: string): string | undefined;
}

/**
 * Creates the fingerprint and seal from `idempotencyFingerprintKey` and `idempotencySealKey` (from
 * `deriveKeyMaterial`).
 *
 * @example
 * const crypto = createIdempotencyCrypto({ fingerprintKey: keys.idempotencyFingerprintKey, sealKey: keys.idempotencySealKey });
 * const sealed = crypto.seal('register', JSON.stringify(answer));
 */
const createIdempotencyCrypto = (keys: {
  readonly fingerprintKey: Uint8Array;
  readonly sealKey: Uint8Array;
}): IdempotencyCrypto => {
  if (keys.fingerprintKey.byteLength !== KEY_BYTES || keys.sealKey.byteLength !== KEY_BYTES) {
    throw new InvalidKeyMaterialError(`The idempotency keys must be ${KEY_BYTES} bytes`);
  }
  const fingerprintKey = Buffer.from(keys.fingerprintKey);
  const sealKey = Buffer.from(keys.sealKey);
  const aad = (route: string): Buffer => Buffer.from(`${SEAL_DOMAIN}${route}`, 'utf8');

  return {
    fingerprint: (body) =>
      createHmac('sha256', fingerprintKey)
        .update(`${FINGERPRINT_DOMAIN}${canonicalJson(body)}`, 'utf8')
        .digest('base64url'),
    seal: (route, plaintext) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(route));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open: (route, sealed) => {
      const match = SEALED.exec(sealed);
      if (match?.[1] === undefined || match[2] === undefined) return undefined;
      const body = Buffer.from(match[2], 'base64url');
      if (body.byteLength < TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealKey, Buffer.from(match[1], 'base64url'), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(aad(route));
        decipher.setAuthTag(body.subarray(body.byteLength - TAG_BYTES));
        return Buffer.concat([
          decipher.update(body.subarray(0, body.byteLength - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
};

export { canonicalJson, createIdempotencyCrypto };
export type { IdempotencyCrypto };
