// test/helpers: small hand-written fakes of the domain's own ports, for use-case unit tests.
// They record what they were asked; AWS-backed adapters are tested against the local servers instead.
import type {
  BlindIndexer,
  Clock,
  CodeHasher,
  ContactThrottle,
  Courier,
  FieldCipher,
  KeyService,
  PasswordHasher,
  Random,
} from '../../shared/domain/ports.js';
import type { ContactBudget } from '../../shared/domain/courier/ports.js';

export const fixedClock = (iso = '2026-11-25T10:00:00.000Z'): Clock & { advance(seconds: number): void } => {
  let now = new Date(iso);
  return {
    now: () => new Date(now),
    advance: (seconds) => {
      now = new Date(now.getTime() + seconds * 1000);
    },
  };
};

/** Random that yields the given codes in order, and counting bytes. */
export const scriptedRandom = (...codes: string[]): Random => {
  let counter = 0;
  return {
    bytes: (length) => new Uint8Array(length).fill(++counter),
    digits: (digits) => {
      const code = codes.shift();
      if (code === undefined || code.length !== digits) throw new Error('scriptedRandom ran out of codes');
      return code;
    },
  };
};

export const recordingHasher = (): PasswordHasher & { hashed: string[] } => {
  const hashed: string[] = [];
  return {
    hashed,
    hash: async (password) => {
      hashed.push(password);
      return `$argon2id$fake$${hashed.length}`;
    },
    verify: async () => false,
    needsRehash: () => false,
  };
};

export const fakeKeys = (): KeyService & { keys: Uint8Array[] } => {
  const keys: Uint8Array[] = [];
  return {
    keys,
    generateDataKey: async (accountId) => {
      const plaintext = new Uint8Array(32).fill(7);
      keys.push(plaintext);
      return { plaintext, wrapped: `wrapped:${accountId}` };
    },
    unwrapDataKey: async () => {
      const plaintext = new Uint8Array(32).fill(7);
      keys.push(plaintext);
      return plaintext;
    },
  };
};

/** Reversible tagging "cipher": enough to see which field went where. */
export const taggingCipher: FieldCipher = {
  seal: (_key, accountId, field, plaintext) => `sealed(${accountId}:${field}:${plaintext})`,
  open: (_key, accountId, field, sealed) => {
    const prefix = `sealed(${accountId}:${field}:`;
    if (!sealed.startsWith(prefix)) throw new Error('open failed');
    return sealed.slice(prefix.length, -1);
  },
};

export const plainIndexer: BlindIndexer = { index: (kind, value) => `${kind}-index(${value})` };

export const plainCodeHasher: CodeHasher = {
  hash: (code, purpose, accountId, boundTo) => `${purpose}:${accountId}:${code}${boundTo === undefined ? '' : `:${boundTo}`}`,
  verify: (code, purpose, accountId, stored, boundTo) =>
    stored === `${purpose}:${accountId}:${code}${boundTo === undefined ? '' : `:${boundTo}`}`,
};

export const recordingCourier = (
  fail = false,
): Courier & {
  codes: Parameters<Courier['sendCode']>[];
  notices: Parameters<Courier['sendNotice']>[];
  spent: string[];
} => {
  const codes: Parameters<Courier['sendCode']>[] = [];
  const notices: Parameters<Courier['sendNotice']>[] = [];
  const spent: string[] = [];
  return {
    codes,
    notices,
    spent,
    sendCode: async (...args) => {
      if (fail) throw new Error('provider down');
      codes.push(args);
      return { sent: true };
    },
    sendNotice: async (...args) => {
      if (fail) throw new Error('provider down');
      notices.push(args);
      return { sent: true };
    },
    spendWithoutSending: async (index) => {
      spent.push(index);
      return { sent: true };
    },
  };
};

export const countingThrottle = (slots: number): ContactThrottle & { taken: string[] } => {
  const taken: string[] = [];
  return {
    taken,
    tryTake: async (index) => {
      if (taken.filter((t) => t === index).length >= slots) return false;
      taken.push(index);
      return true;
    },
  };
};

/** A contact budget that counts takes per index and refuses beyond `slots` (tries and messages apart). */
export const countingBudget = (
  slots = Number.POSITIVE_INFINITY,
): ContactBudget & { messages: string[]; decoys: string[]; tries: string[] } => {
  const messages: string[] = [];
  const decoys: string[] = [];
  const tries: string[] = [];
  const take = (log: string[], index: string) => {
    if (log.filter((taken) => taken === index).length >= slots) {
      return { allowed: false, retryAfterSeconds: 3600 } as const;
    }
    log.push(index);
    return { allowed: true } as const;
  };
  return {
    messages,
    decoys,
    tries,
    takeMessage: async (index) => take(messages, index),
    takeDecoyMessage: async (index) => take(decoys, index),
    takeTry: async (index) => take(tries, index),
  };
};
