// test/helpers: in-memory stand-ins of the session ports (accounts, sign-in throttles, tokens, a password
// hasher that can tell passwords apart), for the sign-in and password use-case unit tests. The throttles
// keep the rules of the DynamoDB ones; the adapters themselves are tested against DynamoDB Local.
import { backoffSeconds } from '../../shared/domain/session/backoff.js';
import type {
  AccessToken,
  AccountStore,
  IpFailureThrottle,
  SessionAccount,
  SignInLimits,
  SignInThrottle,
  TokenClaims,
  TokenService,
} from '../../shared/domain/session/ports.js';
import { UnauthorizedError } from '../../shared/domain/errors.js';
import type { RefreshTokenCodec, SessionFamily, SessionFamilyStore } from '../../shared/domain/session/session-families.js';
import type { PasswordHasher } from '../../shared/domain/ports.js';
import type { AccountId } from '../../shared/domain/types.js';

/** An active account whose sealed fields are in the tagging-cipher form of test/helpers/fakes.ts. */
export const sessionAccount = (overrides: Partial<SessionAccount> = {}): SessionAccount => {
  const accountId = overrides.accountId ?? ('acc-1' as AccountId);
  return {
    accountId,
    status: 'active',
    wrappedKey: `wrapped:${accountId}`,
    sealed: {
      accountName: `sealed(${accountId}:accountName:ada.lovelace)`,
      email: `sealed(${accountId}:email:ada@example.com)`,
    },
    locale: 'en',
    nameIndex: 'name-index(ada.lovelace)',
    emailIndex: 'email-index(ada@example.com)',
    createdAt: '2026-11-01T10:00:00.000Z',
    passwordHash: 'hash(tulip orbit canvas lantern)',
    tokenGeneration: 0,
    emailVerified: true,
    phoneVerified: false,
    consent: [{ policyVersion: '2026-11-01', acceptedAt: '2026-11-01T10:00:00.000Z' }],
    ...overrides,
  };
};

/** `hash(<password>)`: verify tells right from wrong; every verified hash is recorded. */
export const tellingHasher = (
  options: { stale?: boolean } = {},
): PasswordHasher & { readonly verified: string[]; readonly hashed: string[] } => {
  const verified: string[] = [];
  const hashed: string[] = [];
  return {
    verified,
    hashed,
    hash: async (password) => {
      hashed.push(password);
      return `hash(${password})`;
    },
    verify: async (encodedHash, password) => {
      verified.push(encodedHash);
      return encodedHash === `hash(${password})`;
    },
    needsRehash: () => options.stale === true,
  };
};

/** The dummy hash sign-in verifies unknown names against. */
export const DUMMY_HASH = 'hash(dummy: no password matches)';
export const dummyHash = async (): Promise<string> => DUMMY_HASH;

export interface MemoryAccountStore extends AccountStore {
  readonly accounts: Map<AccountId, SessionAccount>;
  readonly signIns: { accountId: AccountId; at: Date; rehash?: { passwordHash: string; previousHash: string } }[];
}

/** Accounts by id and by name index; writes follow the DynamoDB store's conditions. */
export const memoryAccounts = (...initial: SessionAccount[]): MemoryAccountStore => {
  const accounts = new Map(initial.map((account) => [account.accountId, account]));
  const signIns: MemoryAccountStore['signIns'] = [];
  const update = (accountId: AccountId, change: Partial<SessionAccount>) => {
    const account = accounts.get(accountId);
    if (account !== undefined) accounts.set(accountId, { ...account, ...change });
  };
  return {
    accounts,
    signIns,
    getById: async (accountId) => accounts.get(accountId),
    findByNameIndex: async (nameIndex) => [...accounts.values()].find((account) => account.nameIndex === nameIndex),
    setPassword: async (accountId, change) => {
      const account = accounts.get(accountId);
      if (account?.status !== 'active') return undefined;
      if (change.previousHash !== undefined && account.passwordHash !== change.previousHash) return undefined;
      const tokenGeneration = account.tokenGeneration + (change.bumpGeneration ? 1 : 0);
      update(accountId, { passwordHash: change.passwordHash, tokenGeneration });
      return tokenGeneration;
    },
    recordSignIn: async (accountId, at, rehash) => {
      signIns.push({ accountId, at, ...(rehash === undefined ? {} : { rehash }) });
      update(accountId, { lastActiveAt: at.toISOString() });
      if (rehash !== undefined && accounts.get(accountId)?.passwordHash === rehash.previousHash) {
        update(accountId, { passwordHash: rehash.passwordHash });
      }
    },
    recordConsent: async (accountId, consent) => {
      const account = accounts.get(accountId);
      if (account?.status !== 'active') return false;
      update(accountId, {
        consent: [...account.consent, { policyVersion: consent.policyVersion, acceptedAt: consent.acceptedAt.toISOString() }],
      });
      return true;
    },
  };
};

interface ThrottleState {
  failures: number;
  blockedUntil: number;
}

/**
 * The sign-in throttle in memory, with the DynamoDB one's rules: back-off per (name, client) by
 * backoffSeconds, a lock per name counting failures of clients not yet in back-off.
 */
export const memorySignInThrottle = (): SignInThrottle & {
  /** Per client, keyed `<name index>/<ip index>`. */
  readonly states: Map<string, ThrottleState>;
  /** The lock count per name index. */
  readonly lockCounts: Map<string, number>;
  cleared: string[];
  /** The account each admitted attempt named as the lock holder. */
  lockHolders: (AccountId | undefined)[];
} => {
  const states = new Map<string, ThrottleState>();
  const lockCounts = new Map<string, number>();
  const cleared: string[] = [];
  const lockHolders: (AccountId | undefined)[] = [];
  const clientKey = (nameIndex: string, ipIndex: string) => `${nameIndex}/${ipIndex}`;
  return {
    states,
    lockCounts,
    cleared,
    lockHolders,
    admit: async (nameIndex, ipIndex, accountId, now, limits: SignInLimits) => {
      lockHolders.push(accountId);
      const nowExact = now.getTime() / 1000;
      if ((lockCounts.get(nameIndex) ?? 0) >= limits.lockAfterFailures) return { outcome: 'locked' };
      const state = states.get(clientKey(nameIndex, ipIndex)) ?? { failures: 0, blockedUntil: 0 };
      if (state.blockedUntil > nowExact) {
        return { outcome: 'blocked', retryAfterSeconds: Math.max(1, Math.ceil(state.blockedUntil - nowExact)) };
      }
      const failures = state.failures + 1;
      const backoff = backoffSeconds(failures, limits);
      states.set(clientKey(nameIndex, ipIndex), {
        failures,
        blockedUntil: backoff === 0 ? 0 : Math.ceil(nowExact) + backoff,
      });
      if (state.failures >= limits.backoffAfterFailures) return { outcome: 'allowed', clientFailures: failures };
      const lockFailures = (lockCounts.get(nameIndex) ?? 0) + 1;
      lockCounts.set(nameIndex, lockFailures);
      return { outcome: 'allowed', clientFailures: failures, lockFailures };
    },
    succeeded: async (nameIndex, ipIndex, gate) => {
      if (states.get(clientKey(nameIndex, ipIndex))?.failures === gate.clientFailures) {
        states.delete(clientKey(nameIndex, ipIndex));
      }
      if (gate.lockFailures !== undefined) lockCounts.set(nameIndex, 0);
    },
    clearLock: async (nameIndex, ipIndex) => {
      cleared.push(nameIndex);
      lockCounts.delete(nameIndex);
      if (ipIndex !== undefined) states.delete(clientKey(nameIndex, ipIndex));
    },
  };
};

/** At most `max` slots per IP index (no window: tests run within the hour). */
export const memoryIpThrottle = (max = 50): IpFailureThrottle & { readonly taken: Map<string, number> } => {
  const taken = new Map<string, number>();
  return {
    taken,
    take: async (ipIndex) => {
      const count = taken.get(ipIndex) ?? 0;
      if (count >= max) return { outcome: 'blocked', retryAfterSeconds: 3600 };
      taken.set(ipIndex, count + 1);
      return { outcome: 'allowed' };
    },
    giveBack: async (ipIndex) => {
      taken.set(ipIndex, Math.max(0, (taken.get(ipIndex) ?? 0) - 1));
    },
  };
};

/** The client a plain token is for when its string names none. */
export const PLAIN_TOKEN_CLIENT = 'local-app';

/**
 * Tokens `token.<accountId>.<generation>` (for PLAIN_TOKEN_CLIENT) or `token.<accountId>.<generation>.<clientId>`;
 * anything else fails to verify.
 */
export const plainTokens = (): TokenService & { readonly issued: TokenClaims[] } => {
  const issued: TokenClaims[] = [];
  return {
    issued,
    issue: async ({ accountId, generation, clientId }): Promise<AccessToken> => {
      issued.push({ accountId, generation, clientId });
      const suffix = clientId === PLAIN_TOKEN_CLIENT ? '' : `.${clientId}`;
      return { accessToken: `token.${accountId}.${generation}${suffix}`, tokenType: 'Bearer', expiresIn: 900 };
    },
    verify: async (token) => {
      const match = /^token\.([^.]+)\.(\d+)(?:\.([a-z0-9-]+))?$/.exec(token);
      if (match?.[1] === undefined || match[2] === undefined) throw new UnauthorizedError();
      return { accountId: match[1] as AccountId, generation: Number(match[2]), clientId: match[3] ?? PLAIN_TOKEN_CLIENT };
    },
  };
};

/** Refresh tokens `rt-<n>` padded to 43 characters; `hash` is `h(<token>)`, `seal` is reversible text. */
export const plainRefreshTokens = (): RefreshTokenCodec => {
  let next = 0;
  return {
    generate: () => {
      next += 1;
      return `rt-${String(next)}`.padEnd(43, 'x');
    },
    newFamilyId: () => `fam-${String(next + 1)}`,
    hash: (token) => `h(${token})`,
    same: (a, b) => a === b,
    seal: (successor, replaced, familyId) => `sealed(${successor}|${replaced}|${familyId})`,
    open: (sealed, replaced, familyId) => {
      const match = /^sealed\((.+)\|(.+)\|(.+)\)$/.exec(sealed);
      return match?.[2] === replaced && match[3] === familyId ? match[1] : undefined;
    },
  };
};

/** Session families in memory, with the DynamoDB store's conditions. */
export const memorySessions = (): SessionFamilyStore & {
  readonly families: Map<string, SessionFamily>;
  readonly lookups: Map<string, string>;
} => {
  const families = new Map<string, SessionFamily>();
  const lookups = new Map<string, string>();
  const set = (family: SessionFamily, change: Partial<SessionFamily>) =>
    families.set(family.familyId, { ...family, ...change });
  return {
    families,
    lookups,
    create: async (family) => {
      families.set(family.familyId, family);
      lookups.set(family.currentHash, family.familyId);
    },
    findByTokenHash: async (hash) => {
      const familyId = lookups.get(hash);
      return familyId === undefined ? undefined : families.get(familyId);
    },
    rotate: async (family, write) => {
      const stored = families.get(family.familyId);
      if (stored?.status !== 'active' || stored.currentHash !== family.currentHash) return false;
      set(stored, {
        currentHash: write.newHash,
        rotation: write.rotation,
        lastUsedAt: write.lastUsedAt,
        idleExpiresAt: write.idleExpiresAt,
        window: write.window,
      });
      lookups.set(write.newHash, family.familyId);
      return true;
    },
    useGrace: async (family, at) => {
      const stored = families.get(family.familyId);
      const rotation = stored?.rotation;
      if (stored?.status !== 'active' || rotation === undefined || rotation.graceUsed) return false;
      if (stored.currentHash !== family.currentHash) return false;
      const { sealedSuccessor: _gone, ...kept } = rotation;
      set(stored, { rotation: { ...kept, graceUsed: true }, lastUsedAt: at.toISOString() });
      return true;
    },
    revoke: async (family) => {
      const stored = families.get(family.familyId);
      if (stored?.status !== 'active') return false;
      set(stored, { status: 'revoked' });
      return true;
    },
    revokeAll: async (accountId) => {
      for (const family of families.values()) {
        if (family.accountId === accountId && family.status === 'active') set(family, { status: 'revoked' });
      }
    },
    list: async (accountId) => [...families.values()].filter((family) => family.accountId === accountId),
  };
};
