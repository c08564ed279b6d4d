// shared/domain/owner
// functions/me-patch → (updateProfile) → authenticate, OwnerStore, KeyService, FieldCipher
import { UnauthorizedError } from '../errors.js';
import type { Clock, FieldCipher, KeyService } from '../ports.js';
import type { OwnerStore, ProfileUpdate } from './ports.js';
import type { InterestId, Locale, Preferences } from '../types.js';
import { loadCaller, type OwnerRequest } from './caller.js';
import type { IdentifyCaller } from '../session/ports.js';
import { withDataKey } from './personal-data.js';

/** PATCH /v1/me after validation: at least one field. */
export interface ProfilePatch {
  /** Merged into the stored preferences (JSON Merge Patch): keys left out keep their value. */
  readonly preferences?: Preferences;
  /** Replaces the stored list. */
  readonly interests?: readonly InterestId[];
  readonly locale?: Locale;
}

export interface UpdateProfileDeps {
  readonly authenticate: IdentifyCaller;
  readonly store: Pick<OwnerStore, 'load' | 'updateProfile'>;
  readonly keys: KeyService;
  readonly cipher: FieldCipher;
  readonly clock: Clock;
}

/** JSON with object keys sorted, so that equal values compare equal whatever order they came in. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );

/**
 * Changes the caller's preferences, interests and locale.
 *
 * Primary course:
 * 1. Authenticate the bearer token and load the account.
 * 2. With the account's data key: open the stored preferences, merge the patch into them, and seal
 *    each field whose value really changes (its `collectedAt` moves to now; unchanged ones keep theirs).
 * 3. Write the sealed fields and the locale, conditional on the account still being active.
 *
 * Alternatives: a missing, bad or revoked token, or an account erased meanwhile, answers 401
 * `unauthorized`. A patch that changes nothing writes nothing.
 */
export const updateProfile =
  (deps: UpdateProfileDeps) =>
  async (
    patch: ProfilePatch,
    request: Pick<OwnerRequest, 'authorization'>,
  ): Promise<{ status: 'updated' }> => {
    const account = await loadCaller(deps.authenticate, deps.store, request.authorization);
    const { accountId } = account;
    const sealed = await withDataKey(deps.keys, account, (dataKey) => {
      const changed: Partial<Record<'preferences' | 'interests', string>> = {};
      const stored = (field: 'preferences' | 'interests'): string | undefined => {
        const value = account.sealed[field];
        return value === undefined ? undefined : deps.cipher.open(dataKey, accountId, field, value);
      };
      const seal = (field: 'preferences' | 'interests', next: unknown, current: string | undefined): void => {
        const currentValue: unknown = current === undefined ? undefined : JSON.parse(current);
        if (current !== undefined && canonicalJson(currentValue) === canonicalJson(next)) return;
        changed[field] = deps.cipher.seal(dataKey, accountId, field, JSON.stringify(next));
      };
      if (patch.preferences !== undefined) {
        const current = stored('preferences');
        const merged: Preferences = {
          ...(current === undefined ? {} : (JSON.parse(current) as Preferences)),
          ...patch.preferences,
        };
        seal('preferences', merged, current);
      }
      if (patch.interests !== undefined) seal('interests', patch.interests, stored('interests'));
      return changed;
    });
    const update: ProfileUpdate = {
      sealed,
      ...(patch.locale === undefined || patch.locale === account.locale ? {} : { locale: patch.locale }),
      at: deps.clock.now(),
    };
    if (Object.keys(update.sealed).length === 0 && update.locale === undefined) return { status: 'updated' };
    if (!(await deps.store.updateProfile(accountId, update))) throw new UnauthorizedError();
    return { status: 'updated' };
  };
