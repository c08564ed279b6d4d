// shared/domain/registration: the one decoy mechanism for a contact that another account verified, used by
// registration (register-account.ts, resend-code.ts) and by contact change (shared/domain/owner/change-contact.ts).
// A decoy holds what a real request would hold (a code item with the same cooldown and lifetime) with a hash
// that no code matches, sends nothing to the requester, and takes exactly the one message slot of the
// contact's budget that a real request's code would take, so that every follow-up answers alike.
import type { AppSettings } from '../../config/settings.js';
import type { Clock, ContactThrottle, Courier, Random } from '../ports.js';
import type { Contact, Locale } from '../types.js';

/** What a decoy's answer needs. */
export interface DecoyDeps {
  readonly settings: Pick<AppSettings, 'registration'>;
  readonly noticeThrottle: ContactThrottle;
  readonly courier: Courier;
  readonly clock: Clock;
}

/**
 * A code hash that no code matches: 32 random bytes in the shape of a real HMAC (base64url), never an
 * HMAC of anything, so that guessing it is guessing 256 bits.
 */
export const decoyCodeHash = (random: Random): string => Buffer.from(random.bytes(32)).toString('base64url');

/**
 * Tells a taken contact's owner that someone tried to use it (at most `ownerNoticesPerHour` an hour).
 * Returns whether the notice took the contact's message slot (it is sent, or held back by the budget).
 */
export const notifyOwner = async (
  deps: DecoyDeps,
  contact: Contact,
  contactIndex: string,
  locale: Locale,
): Promise<boolean> => {
  if (!(await deps.noticeThrottle.tryTake(contactIndex, deps.clock.now(), deps.settings.registration.ownerNoticesPerHour))) {
    return false;
  }
  await deps.courier.sendNotice(contact, 'registration_attempt', locale);
  return true;
};

/**
 * The decoy's one message: the owner's notice when its throttle allows, otherwise a budget slot taken
 * without sending. Either way the contact's budget moves by one, as for a real code.
 */
export const answerAsDecoy = async (
  deps: DecoyDeps,
  contact: Contact,
  contactIndex: string,
  locale: Locale,
): Promise<void> => {
  if (!(await notifyOwner(deps, contact, contactIndex, locale))) await deps.courier.spendWithoutSending(contactIndex);
};
