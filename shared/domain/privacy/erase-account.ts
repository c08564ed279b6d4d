// shared/domain/privacy
// functions/me-delete, the retention sweeper, the operators' hold lift → (eraseAccount) → OwnerStore,
// KeyService, FieldCipher, Courier
import type { AppSettings } from '../../config/settings.js';
import type { ErasureReason, OwnerStore } from '../owner/ports.js';
import type { Clock, Courier, FieldCipher, KeyService, Logger } from '../ports.js';
import type { AccountId, Contact } from '../types.js';
import { noticeContact, openPersonalData } from '../owner/personal-data.js';

/** What became of the account: erased now, held by a legal hold (the request is kept), or already gone. */
export type ErasureOutcome = 'erased' | 'held' | 'absent';

export interface EraseAccountDeps {
  readonly settings: Pick<AppSettings, 'retention'>;
  readonly store: Pick<OwnerStore, 'load' | 'recordErasureRequest' | 'erase' | 'removeLeftovers'>;
  readonly clock: Clock;
  /**
   * Tells the owner that the account was erased (verified email, else verified phone). Optional: a
   * caller that must not send messages, or may not decrypt, leaves it out.
   */
  readonly notifier?: {
    readonly keys: KeyService;
    readonly cipher: FieldCipher;
    readonly courier: Courier;
  };
  /** Where a failed notice is reported (ids and error names only). */
  readonly logger?: Pick<Logger, 'warn'>;
}

/** Concurrent changes (a contact change, a hold) make the erasure re-read; this many times at most. */
const MAX_ATTEMPTS = 4;

const DAY_MS = 86_400_000;

/**
 * Erases an account by crypto-shredding: its wrapped data key goes with the account item, so nothing
 * sealed under it can be read again, wherever a copy (backup, stream) may linger.
 *
 * Primary course:
 * 1. Read the account. Under an active legal hold: record the request (the first one's time is kept),
 *    delete nothing, answer `held`; the hold's lift calls this again with `hold_lifted`.
 * 2. Decrypt where the notice goes while the key still exists.
 * 3. In one transaction, conditional on the account being as read and on no hold: replace the account
 *    with a tombstone (opaque id, times, reason; TTL `retention.tombstoneDays`), release the name,
 *    email and phone guards, delete codes, throttles, disclosures and the pending contact change.
 * 4. Send the `account_erased` notice: only now, so that it never announces an erasure that did not
 *    happen. A failed notice does not undo or block the erasure.
 *
 * Alternatives: an absent or already erased account answers `absent`, after removing anything an
 * interrupted erasure left behind (idempotent and resumable). A concurrent change or a hold placed
 * meanwhile makes the transaction fail; the account is read again and the steps rerun.
 *
 * @example
 * const erase = eraseAccount({ settings, store: ownerStore(), clock: systemClock });
 * await erase(accountId, 'inactivity'); // 'erased' | 'held' | 'absent'
 */
export const eraseAccount =
  (deps: EraseAccountDeps) =>
  async (accountId: AccountId, reason: ErasureReason): Promise<ErasureOutcome> => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const now = deps.clock.now();
      const account = await deps.store.load(accountId);
      if (account === undefined) {
        await deps.store.removeLeftovers(accountId);
        return 'absent';
      }
      if (account.legalHold?.active === true) {
        if (await deps.store.recordErasureRequest(accountId, { requestedAt: now, reason })) return 'held';
        continue; // The hold was lifted meanwhile: erase.
      }

      let contact: Contact | undefined;
      if (deps.notifier !== undefined) {
        const { keys, cipher } = deps.notifier;
        contact = noticeContact(account, await openPersonalData(keys, cipher, account));
      }
      const outcome = await deps.store.erase(account, {
        erasedAt: now,
        reason,
        expiresAt: new Date(now.getTime() + deps.settings.retention.tombstoneDays * DAY_MS),
      });
      if (outcome === 'conflict') continue;

      if (contact !== undefined && deps.notifier !== undefined) {
        try {
          await deps.notifier.courier.sendNotice(contact, 'account_erased', account.locale);
        } catch (error) {
          deps.logger?.warn('erasure notice not sent', {
            accountId,
            errorName: error instanceof Error ? error.name : typeof error,
          });
        }
      }
      return 'erased';
    }
    throw new Error(`Erasure of account ${accountId} kept conflicting with concurrent changes`);
  };
