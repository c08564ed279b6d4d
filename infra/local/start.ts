// infra/local: `npm start`. Runs the whole API on this machine (infra/local/runtime.ts) with ports and data folder
// from the environment and optional settings overrides from SIGNET_SETTINGS_FILE, builds the page (shared/page)
// that the API serves at its own origin, prints where everything is (the page first), and stops every child
// process on Ctrl-C or SIGTERM.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildPage } from '../../shared/page/build.js';
import { LocalRuntimeError, LocalSettingsError } from './errors.js';
import { assertPortsFree, parsePort } from './tcp-ports.js';
import { localSettings, startLocalRuntime, type LocalRuntime, type LocalRuntimePorts } from './runtime.js';

/** The variables npm start reads, with their defaults. */
const VARIABLES = {
  api: { name: 'SIGNET_PORT', fallback: 3000 },
  dynamodb: { name: 'SIGNET_DYNAMODB_PORT', fallback: 8000 },
  email: { name: 'SIGNET_EMAIL_PORT', fallback: 8005 },
  sms: { name: 'SIGNET_SMS_PORT', fallback: 8006 },
  events: { name: 'SIGNET_EVENTS_PORT', fallback: 8007 },
} as const;
const DATA_DIR_VARIABLE = 'SIGNET_DATA_DIR';
/**
 * A JSON file of overrides of the local stage's settings (not SIGNET_SETTINGS, which the runtime sets to hand
 * the merged settings to the functions).
 */
const SETTINGS_FILE_VARIABLE = 'SIGNET_SETTINGS_FILE';
const HOST = '127.0.0.1';

interface StartConfig {
  readonly ports: LocalRuntimePorts;
  readonly dataDir: string;
  /** The overrides read from SIGNET_SETTINGS_FILE, already validated merged over the local defaults. */
  readonly settings?: unknown;
}

/**
 * Reads SIGNET_SETTINGS_FILE when set: JSON, merged over the local defaults and validated by the shared schema
 * (shared/config/settings.ts), so that an unknown or invalid key stops the start naming it.
 */
const readSettingsFile = (env: NodeJS.ProcessEnv): unknown => {
  const file = env[SETTINGS_FILE_VARIABLE];
  if (file === undefined || file.trim() === '') return undefined;
  const path = resolve(file);
  let overrides: unknown;
  try {
    overrides = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read';
    throw new LocalSettingsError(`${SETTINGS_FILE_VARIABLE} (${path}) ${reason}`);
  }
  try {
    localSettings(overrides, undefined, SETTINGS_FILE_VARIABLE);
  } catch (error) {
    throw new LocalSettingsError(`${error instanceof Error ? error.message : String(error)} (${path})`);
  }
  return overrides;
};

/** Reads the configuration; fails naming the variable. */
const readStartConfig = (env: NodeJS.ProcessEnv): StartConfig => {
  const port = (part: keyof typeof VARIABLES): number =>
    parsePort(env[VARIABLES[part].name], VARIABLES[part].name, VARIABLES[part].fallback);
  const dataDir = env[DATA_DIR_VARIABLE];
  const settings = readSettingsFile(env);
  return {
    ports: {
      api: port('api'),
      dynamodb: port('dynamodb'),
      email: port('email'),
      sms: port('sms'),
      events: port('events'),
    },
    dataDir: resolve(dataDir === undefined || dataDir.trim() === '' ? '.signet' : dataDir),
    ...(settings === undefined ? {} : { settings }),
  };
};

const describe = (runtime: LocalRuntime): string =>
  [
    'Signet local runtime',
    `  Page            ${runtime.apiUrl}/   (open it in a browser: "Create account")`,
    `  API             ${runtime.apiUrl}`,
    `  Email outbox    ${runtime.emailUrl}   (JSON: ${runtime.emailUrl}/store)`,
    `  SMS outbox      ${runtime.smsUrl}   (JSON: ${runtime.smsUrl}/messages)`,
    `  Events outbox   ${runtime.eventsUrl}   (JSON: ${runtime.eventsUrl}/events)`,
    `  DynamoDB Local  ${runtime.dynamodbEndpoint}   table ${runtime.tableName}`,
    `  Data            ${runtime.dataDir}   (secrets.json, dynamodb/, sms-outbox.jsonl)`,
  ].join('\n');

const main = async (): Promise<void> => {
  const config = readStartConfig(process.env);
  // Before anything starts: a taken port fails here, naming its variable.
  await assertPortsFree([
    { port: config.ports.api, label: VARIABLES.api.name, host: HOST },
    { port: config.ports.dynamodb, label: VARIABLES.dynamodb.name },
    { port: config.ports.email, label: VARIABLES.email.name, host: HOST },
    { port: config.ports.sms, label: VARIABLES.sms.name, host: HOST },
    { port: config.ports.events ?? 0, label: VARIABLES.events.name, host: HOST },
  ]);
  console.log(`Starting Signet locally (data in ${config.dataDir}); DynamoDB Local takes a few seconds...`);
  const page = await buildPage();
  const runtime = await startLocalRuntime({
    pageDir: page.outDir,
    dataDir: config.dataDir,
    ports: config.ports,
    host: HOST,
    ...(config.settings === undefined ? {} : { settings: config.settings }),
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second Ctrl-C: leave now; the exit hook still kills DynamoDB Local.
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    runtime.stop().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`Stopping failed: ${error instanceof Error ? error.name : 'unknown error'}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGHUP', shutdown);

  console.log(describe(runtime));
  console.log('Signet is ready. Press Ctrl-C to stop.');
};

main().catch((error: unknown) => {
  // Local-runtime errors are written to name a port, variable or file and carry no secret; anything else is
  // shown by name and message only (no stack, no cause chain).
  const message =
    error instanceof LocalRuntimeError
      ? error.message
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
  console.error(`Signet could not start: ${message}`);
  process.exit(1);
});
