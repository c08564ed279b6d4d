// shared/domain/registration: the one decoy mechanism for a contact that another account verified, used by
// registration (register-account.ts, resend-code.ts) and by contact change (shared/domain/owner/change-contact.ts).
// A decoy holds what a real request would hold (a code item with the same cooldown and lifetime) with a hash
// that no code matches, sends nothing to the requester, and takes the slot a real request's code would take
// in the contact's decoy budget (apart from the owner's real one), so that every follow-up answers alike.
import type { AppSettings } from '../../config/settings.js';
import type { BlindIndexer, Clock, ContactThrottle, Courier, Random } from '../ports.js';
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
 * The index under which decoys count a contact's would-be messages: a blind index of the contact in a
 * domain of its own, so that a decoy's items never hold the owner's own index (which erasure deletes
 * everywhere it can find it) and cannot be linked to it without the index key.
 */
export const decoyIndexOf = (indexer: BlindIndexer, contact: Contact): string =>
  contact.channel === 'email'
    ? indexer.index('email', `decoy\u0000${contact.email}`)
    : indexer.index('phone', `decoy\u0000${contact.phone}`);

/**
 * Tells a taken contact's owner that someone tried to use it (at most `ownerNoticesPerHour` an hour, and
 * within the contact's message budget). Returns whether the notice throttle allowed it.
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
 * The decoy's answer: the owner's notice when its throttle allows (a real message, in the owner's budget),
 * and always the would-be code's slot in the contact's decoy budget, which then moves exactly as a fresh
 * contact's budget would under the same requests. Within that budget, a code by SMS would then have met the
 * SMS budgets (prefix and stage): where they are spent the decoy answers as the real send would, 503
 * `sms_unavailable`, after `onTextRefused` (which lifts the decoy's cooldown, as a failed real send does).
 */
export const answerAsDecoy = async (
  deps: DecoyDeps,
  contact: Contact,
  index: { readonly contact: string; readonly decoy: string },
  locale: Locale,
  onTextRefused?: () => Promise<void>,
): Promise<void> => {
  await notifyOwner(deps, contact, index.contact, locale);
  const spent = await deps.courier.spendWithoutSending(index.decoy);
  if (!spent.sent || contact.channel !== 'sms' || deps.courier.assertCanText === undefined) return;
  try {
    await deps.courier.assertCanText(contact.phone);
  } catch (error) {
    await onTextRefused?.();
    throw error;
  }
};
