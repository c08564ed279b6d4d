// shared/adapters/wiring: what the retention sweeper takes, for functions/sweeper and `npm run sweep`
// (infra/local/sweep.ts, which logs to stderr).
import type { Logger } from '../../domain/ports.js';
import type { SweepDeps } from '../../domain/retention/sweep.js';
import { auditLog, retentionStore } from './dynamodb.js';
import { random, settings, systemClock } from './environment.js';
import { accountEraser } from './erase-account.js';
import { functionLogger } from './logger.js';

/**
 * Its stores and clients are the container's own (memoized); only the logger differs between callers.
 *
 * @example
 * const run = sweep(await sweepDeps());
 */
const sweepDeps = async (logger: Pick<Logger, 'info' | 'warn'> = functionLogger): Promise<SweepDeps> => ({
  settings: settings(),
  store: retentionStore(),
  eraser: await accountEraser(logger),
  audit: auditLog(),
  clock: systemClock,
  random,
  logger,
});

export { sweepDeps };
