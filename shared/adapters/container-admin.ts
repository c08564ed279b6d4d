// shared/adapters: the wiring of the operators' tools and the retention sweeper (functions/admin,
// functions/sweeper, infra/local/admin.ts, infra/local/sweep.ts). Built from the container's shared parts;
// the erasure notice (KMS to open the contact, SES/SNS to send it) comes from container-keys and
// container-messaging, so container.ts itself stays light.
import type { AdminDeps } from '../domain/admin/run-admin-command.js';
import type { AccountEraser, AdminStore, AuditLog } from '../domain/admin/ports.js';
import type { Logger } from '../domain/ports.js';
import type { RetentionStore } from '../domain/retention/ports.js';
import { eraseAccount } from '../domain/privacy/erase-account.js';
import type { SweepDeps } from '../domain/retention/sweep.js';
import { logger as powertoolsLogger } from '../observability/logger.js';
import { blindIndexer, documentClient, once, random, settings, systemClock, tableName } from './container.js';
import { fieldCipher, keyService } from './container-keys.js';
import { courier } from './container-messaging.js';
import { createDynamoDbAdminStore } from './dynamodb/dynamodb-admin-store.js';
import { createDynamoDbAuditLog } from './dynamodb/dynamodb-audit-log.js';
import { createDynamoDbOwnerStore } from './dynamodb/dynamodb-owner-store.js';
import { createDynamoDbRetentionStore } from './dynamodb/dynamodb-retention-store.js';

/** The container's Powertools logger behind the domain's Logger port. */
const functionLogger: Logger = {
  info: (message, attributes) => powertoolsLogger.info(message, { ...attributes }),
  warn: (message, attributes) => powertoolsLogger.warn(message, { ...attributes }),
  error: (message, attributes) => powertoolsLogger.error(message, { ...attributes }),
};

const auditLog = once((): AuditLog => createDynamoDbAuditLog({ client: documentClient(), tableName: tableName() }));

const adminStore = once((): AdminStore => createDynamoDbAdminStore({ client: documentClient(), tableName: tableName() }));

const retentionStore = once(
  (): RetentionStore => createDynamoDbRetentionStore({ client: documentClient(), tableName: tableName() }),
);

/** Erasure as DELETE /v1/me does it, with the `account_erased` notice to the owner. */
const accountEraser = async (logger: Pick<Logger, 'warn'>): Promise<AccountEraser> => {
  const erase = eraseAccount({
    settings: settings(),
    store: createDynamoDbOwnerStore({ client: documentClient(), tableName: tableName() }),
    clock: systemClock,
    notifier: { keys: await keyService(), cipher: fieldCipher, courier: courier() },
    logger,
  });
  return { erase };
};

/**
 * Everything runAdminCommand needs. The CLI passes a logger that writes to stderr (stdout carries results).
 *
 * @example
 * const run = runAdminCommand(await adminDeps());
 */
const adminDeps = async (logger: Pick<Logger, 'warn'> = functionLogger): Promise<AdminDeps> => ({
  settings: settings(),
  indexer: await blindIndexer(),
  store: adminStore(),
  audit: auditLog(),
  eraser: await accountEraser(logger),
  clock: systemClock,
  random,
  logger,
});

/** Everything the retention sweeper needs. */
const sweepDeps = async (logger: Pick<Logger, 'info' | 'warn'> = functionLogger): Promise<SweepDeps> => ({
  settings: settings(),
  store: retentionStore(),
  eraser: await accountEraser(logger),
  audit: auditLog(),
  clock: systemClock,
  random,
  logger,
});

export { adminDeps, adminStore, auditLog, functionLogger, retentionStore, sweepDeps };
