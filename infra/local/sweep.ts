// infra/local: `npm run sweep`, the retention sweeper against the local runtime: the same code the
// scheduled Lambda runs (shared/domain/retention/sweep.ts). Prints the run's report as JSON on stdout.
import { parseArgs } from 'node:util';
import { sweepDeps } from '../../shared/adapters/wiring/sweep.js';
import type { Logger } from '../../shared/domain/ports.js';
import { sweep } from '../../shared/domain/retention/sweep.js';
import { applyLocalToolEnv, assertLocalRuntime, localToolEnv } from './cli-target.js';
import { LocalRuntimeError } from './errors.js';

const HELP = [
  'Usage: npm run sweep -- [--max-pages N] [--page-size N]',
  '',
  'Runs the retention sweeper once over the local table: removes lapsed pending registrations and',
  'expired codes, erases accounts inactive past retention.inactiveAccountDays (skipping and reporting',
  'those under a legal hold), and carries out erasures that waited on a lifted hold. A run that stops',
  'early (--max-pages, or a failure) is resumed by the next one. Prints the report as JSON.',
  '',
  'Options:',
  '  --max-pages N   Stop after N pages; the next run continues from there',
  '  --page-size N   Items per scan page (default 100)',
  '  -h, --help      Show this help',
  '',
  'The local runtime must be running (npm start); the same variables find it: SIGNET_DATA_DIR (default',
  '.signet), SIGNET_DYNAMODB_PORT (8000), SIGNET_EMAIL_PORT (8005), SIGNET_SMS_PORT (8006).',
  'Exit status: 0 swept (or paused), 1 failed or another sweep is running, 2 bad usage.',
].join('\n');

const positiveInteger = (raw: string | undefined, flag: string): number | undefined => {
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d{0,5}$/.test(raw)) throw new Error(`--${flag} must be a whole number from 1 to 999999`);
  return Number(raw);
};

const stderrLogger: Pick<Logger, 'info' | 'warn'> = {
  info: () => undefined,
  warn: (message, attributes) => console.error(`warning: ${message} ${JSON.stringify(attributes ?? {})}`),
};

const main = async (): Promise<number> => {
  let maxPages: number | undefined;
  let pageSize: number | undefined;
  try {
    const { values } = parseArgs({
      options: { 'max-pages': { type: 'string' }, 'page-size': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help === true) {
      console.log(HELP);
      return 0;
    }
    maxPages = positiveInteger(values['max-pages'], 'max-pages');
    pageSize = positiveInteger(values['page-size'], 'page-size');
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : 'invalid options'}\n\n${HELP}`);
    return 2;
  }
  try {
    const env = localToolEnv();
    await assertLocalRuntime(env);
    applyLocalToolEnv(env);
    const report = await sweep(await sweepDeps(stderrLogger))({
      ...(maxPages === undefined ? {} : { maxPages }),
      ...(pageSize === undefined ? {} : { pageSize }),
    });
    console.log(JSON.stringify(report));
    if (report.outcome === 'busy') {
      console.error('error: another sweep holds the checkpoint; try again when it has finished');
      return 1;
    }
    if (report.outcome === 'paused') console.error('paused: run npm run sweep again to continue');
    return 0;
  } catch (error) {
    const message =
      error instanceof LocalRuntimeError
        ? error.message
        : error instanceof Error
          ? `${error.name}: ${error.message}`
          : 'unexpected failure';
    console.error(`error: ${message}`);
    return 1;
  }
};

process.exitCode = await main();
