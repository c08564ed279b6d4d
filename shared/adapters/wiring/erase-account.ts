// shared/adapters/wiring: erasure as DELETE /v1/me does it, with the `account_erased` notice to the owner
// (KMS to open the contact, SES/SNS to send it): for functions/me-delete, the operators' hold lift and the
// retention sweeper. On the container's one owner store.
import type { AccountEraser } from '../../domain/admin/ports.js';
import type { Logger } from '../../domain/ports.js';
import { eraseAccount, type EraseAccountDeps } from '../../domain/privacy/erase-account.js';
import { courier } from './courier.js';
import { ownerStore } from './dynamodb.js';
import { settings, systemClock } from './environment.js';
import { fieldCipher, keyService } from './keys.js';
import { functionLogger } from './logger.js';

/** Where a failed notice is reported: the function's logger, or the local tools' stderr. */
const eraseAccountDeps = async (
  logger: Pick<Logger, 'warn'> = functionLogger,
): Promise<EraseAccountDeps> => ({
  settings: settings(),
  store: ownerStore(),
  clock: systemClock,
  notifier: { keys: await keyService(), cipher: fieldCipher, courier: courier() },
  logger,
});

/** eraseAccount behind the AccountEraser port of the operators' tools and the sweeper. */
const accountEraser = async (logger: Pick<Logger, 'warn'> = functionLogger): Promise<AccountEraser> => ({
  erase: eraseAccount(await eraseAccountDeps(logger)),
});

export { accountEraser, eraseAccountDeps };
