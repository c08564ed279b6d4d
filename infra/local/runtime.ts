// infra/local: the whole API on this machine with no AWS account: DynamoDB Local, the email, SMS and events
// outboxes, local secrets, the HTTP server in front of the real function handlers, and the table's stream
// handed to the real events forwarder. Used by npm start (start.ts), the test global setup
// (test/helpers/global-setup.ts) and the benchmark.
import { resolve } from 'node:path';
import { ENV } from '../../shared/config/env.js';
import {
  allowedOrigins,
  LOCAL_API_DEFAULT_PORT,
  localClients,
  parseAppSettings,
  type AppSettings,
} from '../../shared/config/settings.js';
import {
  ensureTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamoDbLocal,
  type DynamoDbLocal,
} from './dynamodb-local.js';
import { startEmailOutbox, type EmailOutbox } from './email-outbox.js';
import { startEventsOutbox, type EventsOutbox } from './events-outbox.js';
import { startHttpServer, type HandlerLoader, type LocalHttpServer } from './http-server.js';
import { assertPortsFree, findFreePort, urlFor } from './tcp-ports.js';
import { ensureLocalSecrets } from './secrets.js';
import { startSmsGateway, type SmsGateway } from './sms-gateway.js';
import { startStreamPoller, type StreamHandler, type StreamPoller } from './stream-poller.js';
import { StartupError } from './errors.js';

/** The local table's name (the deployed one is CDK-generated). */
export const LOCAL_TABLE_NAME = 'signet-local';
/** Sender address of the local AppSettings. */
export const LOCAL_FROM_ADDRESS = 'no-reply@signet.local';
/** The local stage's event bus name (the deployed ones are `signet-<stage>`). */
export const LOCAL_EVENT_BUS_NAME = 'signet-local';

/** Ports of each part; 0 picks a free one. */
export interface LocalRuntimePorts {
  readonly api: number;
  readonly dynamodb: number;
  readonly email: number;
  readonly sms: number;
  /** The events outbox (EventBridge endpoint); defaults to 0. */
  readonly events?: number;
}

/** The stand-ins' endpoints, from a runtime started with `serveApi: false` (in another process). */
export interface LocalStandIns {
  readonly dynamodbEndpoint: string;
  readonly emailUrl: string;
  readonly smsUrl: string;
  readonly eventsUrl: string;
}

export interface LocalRuntimeOptions {
  /** Where data lives: secrets.json, dynamodb/, sms-outbox.jsonl. Created if missing. */
  readonly dataDir: string;
  readonly ports: LocalRuntimePorts;
  /** Interface the API and outboxes listen on; defaults to 127.0.0.1. (DynamoDB Local binds every interface.) */
  readonly host?: string;
  /** Overrides deep-merged into the local AppSettings before validation with the shared schema. */
  readonly settings?: unknown;
  /** Defaults to importing functions/<name>/handler.ts (after the environment is set). */
  readonly loadHandler?: HandlerLoader;
  /** The handler the table's stream is handed to; defaults to importing functions/events-forwarder/handler.ts. */
  readonly loadStreamHandler?: () => Promise<StreamHandler>;
  /** Import every handler before resolving, reporting failures through onWarning; defaults to true. */
  readonly preloadHandlers?: boolean;
  /** Where non-fatal problems go (a handler that fails to load); defaults to console.error. */
  readonly onWarning?: (message: string) => void;
  /** How long DynamoDB Local may take to answer; defaults to 60 s. */
  readonly readyTimeoutMs?: number;
  /** A built page (shared/page/build.ts) the API serves at `/`; none by default. */
  readonly pageDir?: string;
  /**
   * Stand-ins already running (DynamoDB Local with the table, the outboxes and the stream poller, started by
   * another runtime with `serveApi: false`): this runtime starts none of them and serves only the API, as a
   * function's process does in Lambda. `ports` other than `api` are then unused. Defaults to starting them.
   */
  readonly standIns?: LocalStandIns;
  /**
   * false: start the stand-ins and the stream poller but not the HTTP server (the API runs elsewhere, given
   * this runtime's endpoints as `standIns`; `ports.api` still names its port in the settings). Defaults to true.
   */
  readonly serveApi?: boolean;
}

export interface LocalRuntime {
  /** Base URL of the API, e.g. http://127.0.0.1:3000. */
  readonly apiUrl: string;
  readonly dynamodbEndpoint: string;
  /** SES endpoint and email outbox (web page; JSON at /store). */
  readonly emailUrl: string;
  /** SNS endpoint and SMS outbox (web page; JSON at /messages). */
  readonly smsUrl: string;
  /** EventBridge endpoint and events outbox (JSON at /events). */
  readonly eventsUrl: string;
  readonly tableName: string;
  /** Absolute data folder. */
  readonly dataDir: string;
  /** The environment the handlers run with (also set on process.env while the runtime runs). */
  readonly env: Readonly<Record<string, string>>;
  /** Stops every part, kills DynamoDB Local's process group and restores process.env; idempotent. */
  stop(): Promise<void>;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Objects merge key by key; anything else (arrays included) replaces. */
const deepMerge = (base: unknown, overrides: unknown): unknown => {
  if (!isPlainObject(base) || !isPlainObject(overrides)) {
    return overrides === undefined ? base : overrides;
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    merged[key] = deepMerge(base[key], value);
  }
  return merged;
};

/**
 * What the local stage changes from the schema's defaults: the sender, and the per-client budgets, since every
 * local request comes from one loopback address; the stage's SMS budget is smaller than a deployed one's.
 */
const LOCAL_DEFAULTS = {
  email: { fromAddress: LOCAL_FROM_ADDRESS },
  registration: { perClientPerHour: 10_000 },
  sms: { perClientPerHour: 10_000, dailyBudget: 200 },
} as const;

/**
 * The local AppSettings: the schema's defaults, the local ones, the local API as the token issuer and the
 * `local-app` client (its origins: the local API itself and http://localhost:5173), then the caller's
 * overrides; validated (errors name `source`).
 */
const localSettings = (
  overrides?: unknown,
  api: { readonly host: string; readonly port: number } = { host: '127.0.0.1', port: LOCAL_API_DEFAULT_PORT },
  source = 'local settings',
): AppSettings =>
  parseAppSettings(
    deepMerge(
      deepMerge(LOCAL_DEFAULTS, { session: { issuer: urlFor(api.host, api.port) }, clients: localClients(api.port) }),
      overrides,
    ),
    source,
  );

/** Variables that point at AWS and must not leak into the local handlers. */
const UNSET_LOCALLY = [ENV.kmsKeyArn, ENV.secretArn, 'AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;

/** Sets the variables on process.env; returns a function that restores what was there before. */
const applyEnv = (env: Readonly<Record<string, string>>): (() => void) => {
  const previous = new Map<string, string | undefined>();
  for (const key of [...Object.keys(env), ...UNSET_LOCALLY]) {
    previous.set(key, process.env[key]);
  }
  for (const key of UNSET_LOCALLY) {
    delete process.env[key];
  }
  Object.assign(process.env, env);
  return () => {
    for (const [key, value] of previous) {
      if (value === undefined) {
        delete process.env[key];
      } else {
        process.env[key] = value;
      }
    }
  };
};

/** Settles every start; if any failed, stops those that started and rethrows the first failure. */
const startAll = async <T extends readonly unknown[]>(
  starts: { [K in keyof T]: Promise<T[K]> },
  stopOf: (part: T[number]) => Promise<void>,
): Promise<T> => {
  const outcomes = await Promise.allSettled(starts);
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure !== undefined) {
    await Promise.allSettled(
      outcomes.flatMap((outcome) =>
        outcome.status === 'fulfilled' ? [stopOf(outcome.value as T[number])] : [],
      ),
    );
    throw failure.reason;
  }
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
};

/**
 * Starts the local runtime and resolves once every part answers: DynamoDB Local (ListTables), the table, the
 * email, SMS and events outboxes, the API, and the poller that hands the table's stream to the events forwarder.
 * On failure, whatever started is stopped before the error is thrown. `serveApi: false` and `standIns` split
 * this across two processes (the benchmark's): one with the stand-ins and the poller, one with only the API.
 *
 * The handlers read process.env at module scope, so they are imported only after the environment is set; a
 * process can host one runtime with the real handlers (modules are cached with the first runtime's endpoints).
 *
 * @example
 * const runtime = await startLocalRuntime({ dataDir: '.signet', ports: { api: 3000, dynamodb: 8000, email: 8005, sms: 8006 } });
 * await fetch(`${runtime.apiUrl}/v1/openapi.json`);
 * await runtime.stop();
 */
const startLocalRuntime = async (options: LocalRuntimeOptions): Promise<LocalRuntime> => {
  const host = options.host ?? '127.0.0.1';
  const dataDir = resolve(options.dataDir);
  const onWarning = options.onWarning ?? ((message: string) => console.error(message));
  const secretsFile = await ensureLocalSecrets(dataDir);

  const { ports } = options;
  for (const [part, port] of Object.entries(ports)) {
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new StartupError(`Port for ${part} must be an integer from 0 to 65535`);
    }
  }
  const serveApi = options.serveApi ?? true;
  const external = options.standIns;
  if (external !== undefined && !serveApi) {
    throw new StartupError('A runtime given existing stand-ins has only the API to serve');
  }
  await assertPortsFree([
    ...(serveApi ? [{ port: ports.api, label: 'api', host }] : []),
    ...(external === undefined
      ? [
          { port: ports.dynamodb, label: 'dynamodb' },
          { port: ports.email, label: 'email', host },
          { port: ports.sms, label: 'sms', host },
          { port: ports.events ?? 0, label: 'events', host },
        ]
      : []),
  ]);
  // java binds its own port, so "any free port" has to be chosen here; the API's too, because the settings
  // name it (the token issuer, the local client's origins) before the server listens.
  const dynamodbPort = ports.dynamodb === 0 ? await findFreePort() : ports.dynamodb;
  const apiPort = ports.api === 0 ? await findFreePort(host) : ports.api;
  const settings = localSettings(options.settings, { host, port: apiPort });

  type Part = DynamoDbLocal | EmailOutbox | SmsGateway | EventsOutbox;
  const stopPart = (part: Part): Promise<void> => ('stop' in part ? part.stop() : part.close());
  let started: [DynamoDbLocal, EmailOutbox, SmsGateway, EventsOutbox] | undefined;
  let endpoints: LocalStandIns;
  if (external === undefined) {
    started = await startAll<[DynamoDbLocal, EmailOutbox, SmsGateway, EventsOutbox]>(
      [
        startDynamoDbLocal({
          port: dynamodbPort,
          dbPath: resolve(dataDir, 'dynamodb'),
          ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
        }),
        startEmailOutbox({ port: ports.email, host }),
        startSmsGateway({ port: ports.sms, host, outboxFile: resolve(dataDir, 'sms-outbox.jsonl') }),
        startEventsOutbox({ port: ports.events ?? 0, host, region: LOCAL_REGION }),
      ],
      stopPart,
    );
    const [dynamodb, email, sms, events] = started;
    endpoints = { dynamodbEndpoint: dynamodb.endpoint, emailUrl: email.url, smsUrl: sms.url, eventsUrl: events.url };
  } else {
    endpoints = external;
  }

  let restoreEnv: (() => void) | undefined;
  let api: LocalHttpServer | undefined;
  let poller: StreamPoller | undefined;
  const stopParts = async (): Promise<void> => {
    await api?.close();
    await poller?.stop();
    if (started !== undefined) {
      const [dynamodb, email, sms, events] = started;
      await Promise.allSettled([events.close(), sms.close(), email.close(), dynamodb.stop()]);
    }
    restoreEnv?.();
    restoreEnv = undefined;
  };

  try {
    if (started !== undefined) await ensureTable(endpoints.dynamodbEndpoint, LOCAL_TABLE_NAME);
    const env: Record<string, string> = {
      [ENV.settings]: JSON.stringify(settings),
      [ENV.tableName]: LOCAL_TABLE_NAME,
      [ENV.keyMode]: 'local',
      [ENV.localSecretsFile]: secretsFile,
      [ENV.dynamodbEndpoint]: endpoints.dynamodbEndpoint,
      [ENV.sesEndpoint]: endpoints.emailUrl,
      [ENV.snsEndpoint]: endpoints.smsUrl,
      [ENV.eventBusName]: LOCAL_EVENT_BUS_NAME,
      [ENV.eventBridgeEndpoint]: endpoints.eventsUrl,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      POWERTOOLS_SERVICE_NAME: 'signet',
    };
    restoreEnv = applyEnv(env);
    if (serveApi) {
      api = await startHttpServer({
        port: apiPort,
        host,
        allowedOrigins: allowedOrigins(settings.clients),
        region: LOCAL_REGION,
        ...(options.loadHandler === undefined ? {} : { loadHandler: options.loadHandler }),
        ...(options.pageDir === undefined ? {} : { pageDir: options.pageDir }),
        // Nothing of a request exists while a module initialises, so the message is safe to show; it is what
        // names a missing variable or file.
        onLoadError: (functionName, error) =>
          onWarning(
            `signet-local: function ${functionName} failed to load: ${
              error instanceof Error ? `${error.name}: ${error.message}` : String(error)
            } (its route answers 500 until it loads)`,
          ),
      });
      if (options.preloadHandlers ?? true) {
        await api.preload();
      }
    }
    if (external === undefined) {
      // The stream is read from its oldest record: what the table holds from before a restart goes out again.
      const loadStreamHandler =
        options.loadStreamHandler ??
        (async () =>
          ((await import('../../functions/events-forwarder/handler.js')) as { handler: StreamHandler })
            .handler);
      poller = await startStreamPoller({
        endpoint: endpoints.dynamodbEndpoint,
        tableName: LOCAL_TABLE_NAME,
        handler: await loadStreamHandler(),
        onWarning,
      });
    }

    let stopping: Promise<void> | undefined;
    return {
      apiUrl: api?.url ?? urlFor(host, apiPort),
      ...endpoints,
      tableName: LOCAL_TABLE_NAME,
      dataDir,
      env,
      stop: () => {
        stopping ??= stopParts();
        return stopping;
      },
    };
  } catch (error) {
    await stopParts();
    throw error;
  }
};

export { localSettings, startLocalRuntime };
