// shared/adapters/wiring: what runAdminCommand takes, for functions/admin and the local admin CLI
// (infra/local/admin-cli.ts), which passes a logger that writes to stderr (stdout carries results).
import type { AdminDeps } from '../../domain/admin/run-admin-command.js';
import type { Logger } from '../../domain/ports.js';
import { adminStore, auditLog } from './dynamodb.js';
import { random, settings, systemClock } from './environment.js';
import { accountEraser } from './erase-account.js';
import { functionLogger } from './logger.js';
import { blindIndexer } from './secrets.js';

/**
 * Its stores and clients are the container's own (memoized); only the logger differs between callers.
 *
 * @example
 * const run = runAdminCommand(await runAdminCommandDeps());
 */
const runAdminCommandDeps = async (logger: Pick<Logger, 'warn'> = functionLogger): Promise<AdminDeps> => ({
  settings: settings(),
  indexer: await blindIndexer(),
  store: adminStore(),
  audit: auditLog(),
  eraser: await accountEraser(logger),
  clock: systemClock,
  random,
  logger,
});

export { runAdminCommandDeps };
