// shared/domain/session: telling an account's owner that their password changed (no code in it).
import type { Courier, Logger } from '../ports.js';
import type { SessionAccount } from './ports.js';
import { describeFailure } from './failures.js';
import { openAccount, type OwnerContactDeps } from './owner-contact.js';

export interface NotifyOwnerDeps extends OwnerContactDeps {
  readonly courier: Courier;
  readonly logger: Pick<Logger, 'warn'>;
}

/**
 * Sends the `password_changed` notice to the account's verified contact. The change is already made:
 * a failed send is logged (its error name only) and does not fail the request.
 */
export const notifyPasswordChanged = async (deps: NotifyOwnerDeps, account: SessionAccount): Promise<void> => {
  try {
    const { contact } = await openAccount(deps, account);
    if (contact === undefined) return;
    await deps.courier.sendNotice(contact, 'password_changed', account.locale);
  } catch (error) {
    deps.logger.warn('password change notice not sent', describeFailure(error));
  }
};
