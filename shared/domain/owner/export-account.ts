// shared/domain/owner
// functions/me-get → (exportAccount) → authenticate, OwnerStore, KeyService, FieldCipher, SessionFamilyStore
import type { AppSettings } from '../../config/settings.js';
import type { FieldCipher, KeyService, SealedField } from '../ports.js';
import type { OwnerAccount, OwnerStore } from './ports.js';
import type { InterestId, Locale, Preferences } from '../types.js';
import { loadCaller, type OwnerRequest } from './caller.js';
import type { IdentifyCaller } from '../session/ports.js';
import { openPersonalData, type PersonalData } from './personal-data.js';
import { isLive, type SessionFamilyStore } from '../session/session-families.js';
import type { Clock } from '../ports.js';

/** One personal field Signet holds, with why and for how long. */
export interface ExportedItem {
  readonly field: SealedField;
  /** Decrypted: text for name and contacts, the object for preferences, the array for interests. */
  readonly value: string | Preferences | readonly InterestId[];
  /** ISO 8601: when it was given or last changed. */
  readonly collectedAt: string;
  /** What it is used for, in words. */
  readonly purpose: string;
  /** An ISO 8601 time where one is known, else the rule in words. */
  readonly keptUntil: string;
}

/** GET /v1/me: everything Signet holds about the caller (data portability). */
export interface AccountExport {
  readonly account: {
    readonly accountName: string;
    readonly status: OwnerAccount['status'];
    readonly createdAt: string;
    readonly locale: Locale;
  };
  readonly items: readonly ExportedItem[];
  readonly consent: readonly { readonly policyVersion: string; readonly acceptedAt: string }[];
  readonly legalHold: { readonly active: boolean; readonly since: string } | null;
  readonly disclosures: readonly {
    readonly date: string;
    readonly authority: string;
    readonly legalBasis: string;
    readonly documentReference: string;
    readonly items: readonly string[];
  }[];
  /** The live sessions (signed-out and expired ones left out): no token, no id that could act as one. */
  readonly sessions: readonly { readonly clientId: string; readonly createdAt: string; readonly lastUsedAt: string }[];
}

export interface ExportAccountDeps {
  readonly settings: Pick<AppSettings, 'retention'>;
  readonly authenticate: IdentifyCaller;
  readonly store: Pick<OwnerStore, 'load' | 'listDisclosures'>;
  readonly keys: KeyService;
  readonly cipher: FieldCipher;
  readonly sessions: Pick<SessionFamilyStore, 'list'>;
  /** Optional: the system clock by default (which sessions are still live). */
  readonly clock?: Clock;
}

/** What each personal field is for, as the privacy policy states it. */
export const FIELD_PURPOSES: Readonly<Record<SealedField, string>> = {
  accountName: 'identifies your account when you sign in',
  email: 'verification codes, password reset and account notices',
  phone: 'verification codes, password reset and account notices by SMS',
  preferences: 'which messages you chose to receive',
  interests: 'the interests you chose to share, to tailor what Signet shows you',
};

/** The export's order of fields: as the registration form asks for them. */
const FIELD_ORDER: readonly SealedField[] = ['accountName', 'email', 'phone', 'preferences', 'interests'];

/** `730` → `2 years`, `90` → `90 days`. */
const describeDays = (days: number): string => {
  if (days % 365 === 0) return days === 365 ? '1 year' : `${days / 365} years`;
  return days === 1 ? '1 day' : `${days} days`;
};

/** The retention rule of an active account, in words (from `retention.inactiveAccountDays`). */
export const retentionRule = (settings: Pick<AppSettings, 'retention'>): string =>
  `until erasure, or ${describeDays(settings.retention.inactiveAccountDays)} after the last sign-in`;

const valueOf = (data: PersonalData, field: SealedField): ExportedItem['value'] | undefined => data[field];

/**
 * Exports everything Signet holds about the caller, decrypted, as JSON.
 *
 * Primary course:
 * 1. Authenticate the bearer token; load the account and its disclosures.
 * 2. Decrypt every personal field with the account's data key (wiped after use).
 * 3. List each field with when it was collected, why, and until when it is kept; the consents; an
 *    active legal hold; the disclosures the owner may be told of; the live sessions (client, times).
 *
 * Alternatives: a missing, bad or revoked token answers 401 `unauthorized`.
 */
export const exportAccount =
  (deps: ExportAccountDeps) =>
  async (request: Pick<OwnerRequest, 'authorization'>): Promise<AccountExport> => {
    const account = await loadCaller(deps.authenticate, deps.store, request.authorization);
    const [data, disclosures, families] = await Promise.all([
      openPersonalData(deps.keys, deps.cipher, account),
      deps.store.listDisclosures(account.accountId),
      deps.sessions.list(account.accountId),
    ]);
    const now = deps.clock?.now() ?? new Date();
    const keptUntil =
      account.expiresAt === undefined ? retentionRule(deps.settings) : account.expiresAt.toISOString();
    const items = FIELD_ORDER.flatMap((field): ExportedItem[] => {
      const value = valueOf(data, field);
      if (value === undefined) return [];
      return [
        {
          field,
          value,
          collectedAt: account.fieldsCollectedAt[field] ?? account.createdAt,
          purpose: FIELD_PURPOSES[field],
          keptUntil,
        },
      ];
    });
    return {
      account: {
        accountName: data.accountName,
        status: account.status,
        createdAt: account.createdAt,
        locale: account.locale,
      },
      items,
      consent: account.consent.map(({ policyVersion, acceptedAt }) => ({ policyVersion, acceptedAt })),
      legalHold: account.legalHold?.active === true ? { active: true, since: account.legalHold.since } : null,
      disclosures: disclosures
        .filter((disclosure) => disclosure.ownerMayBeTold)
        .map(({ date, authority, legalBasis, documentReference, items: disclosed }) => ({
          date,
          authority,
          legalBasis,
          documentReference,
          items: [...disclosed],
        })),
      sessions: families
        .filter((family) => isLive(family, now))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map(({ clientId, createdAt, lastUsedAt }) => ({ clientId, createdAt, lastUsedAt })),
    };
  };
