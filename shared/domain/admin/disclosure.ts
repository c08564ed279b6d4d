// shared/domain/admin
// functions/admin, infra/local/admin.ts → runAdminCommand → (recordDisclosure) → AdminStore
import type { AppSettings } from '../../config/settings.js';
import type { BlindIndexer, Clock, Random } from '../ports.js';
import type { AdminStore, Disclosure } from './ports.js';
import type { AdminCommand, AdminInvocation, AdminResult } from './command.js';
import { newAuditEntry, newEntryId } from './audit-entry.js';
import { AccountNotActiveError } from './errors.js';
import { resolveAccount } from './resolve-account.js';

export interface RecordDisclosureDeps {
  readonly settings: Pick<AppSettings, 'retention'>;
  readonly indexer: BlindIndexer;
  readonly store: Pick<AdminStore, 'findByNameIndex' | 'recordDisclosure'>;
  readonly clock: Clock;
  readonly random: Random;
}

type RecordCommand = Extract<AdminCommand, { command: 'disclosure.record' }>;

/**
 * Records a lawful disclosure: the date, the requesting authority, the legal basis, the document
 * reference (a summons number), which data items were disclosed, and whether the owner may be told.
 *
 * Primary course:
 * 1. Name → blind index → account; it must be active.
 * 2. Append the disclosure beside the account (never overwriting one) and its audit entry, in one
 *    conditional transaction. The owner's export (GET /v1/me) lists it unless the owner may not be told.
 *
 * Items the account does not hold (a phone it never had) are recorded as the operator declared them,
 * and named in the result and the audit entry (`itemsNotHeld`) so the operator can see the mismatch:
 * the record states what the operator says was disclosed, and must not be lost to a refusal.
 *
 * Alternatives: unknown name → unknown_account; not active → account_not_active. Nothing is written then.
 */
export const recordDisclosure =
  (deps: RecordDisclosureDeps) =>
  async (
    command: RecordCommand,
    invocation: AdminInvocation,
  ): Promise<Extract<AdminResult, { command: 'disclosure.record' }>> => {
    const now = deps.clock.now();
    const account = await resolveAccount(deps, command.account, now);
    if (account.status !== 'active') throw new AccountNotActiveError();
    const itemsNotHeld = command.items.filter((item) => !account.fields.includes(item));

    const disclosure: Disclosure = {
      disclosureId: newEntryId(deps.random),
      date: now.toISOString(),
      authority: command.authority,
      legalBasis: command.basis,
      documentReference: command.reference,
      items: command.items,
      ownerMayBeTold: command.notifyOwner,
    };
    const entry = newAuditEntry(
      deps,
      {
        action: 'disclosure.record',
        actor: invocation.actor,
        accountId: account.accountId,
        details: {
          disclosureId: disclosure.disclosureId,
          authority: disclosure.authority,
          basis: disclosure.legalBasis,
          reference: disclosure.documentReference,
          items: disclosure.items,
          ownerMayBeTold: disclosure.ownerMayBeTold,
          ...(itemsNotHeld.length === 0 ? {} : { itemsNotHeld }),
        },
        ...(invocation.requestId === undefined ? {} : { requestId: invocation.requestId }),
      },
      now,
    );
    if ((await deps.store.recordDisclosure(account.accountId, disclosure, entry)) === 'not_active') {
      throw new AccountNotActiveError();
    }
    return {
      command: 'disclosure.record',
      accountId: account.accountId,
      disclosureId: disclosure.disclosureId,
      date: disclosure.date,
      ownerMayBeTold: disclosure.ownerMayBeTold,
      ...(itemsNotHeld.length === 0 ? {} : { itemsNotHeld }),
    };
  };
