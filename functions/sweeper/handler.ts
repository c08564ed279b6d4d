// functions/sweeper: the retention sweeper in AWS, run by an EventBridge schedule (no API route) →
// sweep → a report of counts. A run that nears the Lambda timeout stops after the current page; the
// next scheduled run resumes from the checkpoint.
import type { Context } from 'aws-lambda';
import { sweepDeps } from '../../shared/adapters/wiring/sweep.js';
import { sweep, type SweepReport } from '../../shared/domain/retention/sweep.js';

// Once per container.
const run = sweep(await sweepDeps());

/** Time kept in hand before the timeout: one page's erasures (100 items) and the checkpoint write. */
const SAFETY_MARGIN_MS = 120_000;

export const handler = async (_event: unknown, context?: Context): Promise<SweepReport> =>
  run({
    pageSize: 100,
    shouldContinue: () => context === undefined || context.getRemainingTimeInMillis() > SAFETY_MARGIN_MS,
  });
