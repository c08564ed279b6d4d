// bench: starts the local runtime in two child processes (bench/runtime-process.ts): first the stand-ins
// (DynamoDB Local, the SES/SNS/EventBridge outboxes, the stream poller with the events forwarder), then the
// API alone (HTTP server and handlers) under `node --cpu-prof`, so the API's own work can be measured and
// profiled apart from the stand-ins and the load generator; and stops both again, always, the API first.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../infra/local/tcp-ports.js';
import type { StoreWorkCount } from './store-work.js';

/** Endpoints of the runtime the child started. */
export interface RuntimeInfo {
  readonly apiUrl: string;
  readonly dynamodbEndpoint: string;
  readonly emailUrl: string;
  readonly smsUrl: string;
  readonly eventsUrl: string;
  readonly tableName: string;
  /** The environment the handlers run with. */
  readonly env: Readonly<Record<string, string>>;
}

/** Parent → child. */
export type HostMessage =
  | { readonly type: 'mark'; readonly label: string }
  | { readonly type: 'count'; readonly action: 'start' | 'stop' }
  | { readonly type: 'stop' };

/** Child → parent. */
export type RuntimeMessage =
  | { readonly type: 'ready'; readonly runtime: RuntimeInfo }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'mark'; readonly label: string; readonly atMicros: number }
  | { readonly type: 'count'; readonly action: 'start' | 'stop'; readonly work: StoreWorkCount };

/** The two halves of the bench runtime, each in its own child process. */
export type RuntimeRole = 'api' | 'stand-ins';

export interface ProfiledRuntime {
  readonly info: RuntimeInfo;
  /** The API process's id. */
  readonly pid: number;
  /** A timestamp (µs) on the child's profile clock. */
  mark(label: string): Promise<number>;
  /**
   * Starts counting the functions' DynamoDB round trips and capacity units (bench/store-work.ts), or stops
   * and resolves with what was counted since the start.
   */
  countStoreWork(action: 'start' | 'stop'): Promise<StoreWorkCount>;
  /** Bytes the API process has written to stdout so far: the handlers' log lines (and EMF metrics), as CloudWatch would take them. */
  logBytes(): number;
  /** Stops both processes, the API first; resolves with the API's CPU profile's path (undefined if none was written). */
  stop(): Promise<string | undefined>;
}

export interface ProfiledRuntimeOptions {
  readonly dataDir: string;
  /** Overrides of the local AppSettings (see startLocalRuntime). */
  readonly settings: unknown;
  /** Where `--cpu-prof` writes the profile. */
  readonly profileDir: string;
  /** Sampling interval in µs (Node's default is 1000). */
  readonly profileIntervalMicros?: number;
  /** How long the child may take to start (DynamoDB Local is a JVM). */
  readonly startTimeoutMs?: number;
  /** Variables for the handlers' logger (POWERTOOLS_LOG_LEVEL, POWERTOOLS_LOGGER_SAMPLE_RATE), as the stage sets them. */
  readonly loggingEnv?: Readonly<Record<string, string>>;
}

/** Raised when the runtime child fails to start or to stop. */
class RuntimeHostError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RuntimeHostError';
  }
}

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD_ENTRY = fileURLToPath(new URL('./runtime-process.ts', import.meta.url));

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

/** Waits for the child's exit, escalating to SIGTERM then SIGKILL if it does not leave in time. */
const awaitExit = async (child: ChildProcess, graceMs: number): Promise<void> => {
  const gone = exited(child);
  const timeout = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
  if ((await Promise.race([gone, timeout(graceMs)])) !== 'timeout') return;
  child.kill('SIGTERM');
  if ((await Promise.race([gone, timeout(10_000)])) !== 'timeout') return;
  child.kill('SIGKILL');
  await gone;
};

/** Asks a child to stop and waits for it to leave (escalating if it does not). */
const stopChild = async (child: ChildProcess): Promise<void> => {
  if (child.connected) child.send({ type: 'stop' } satisfies HostMessage);
  await awaitExit(child, 30_000);
};

/** One started child: its process, what it answered when ready, and its IPC waits. */
interface RuntimeChild {
  readonly child: ChildProcess;
  readonly info: RuntimeInfo;
  readonly marks: Map<string, (atMicros: number) => void>;
  readonly counts: Map<string, (work: StoreWorkCount) => void>;
  stdoutBytes(): number;
}

/**
 * Spawns one half of the runtime (Node.js 24 with tsx, as `npm run bench` runs), with `--cpu-prof` when
 * `profile` is set, and resolves once it answers (or kills it and rethrows). Its stdout is counted and
 * discarded, as CloudWatch would take it; its stderr is passed through. The data folder is on its command
 * line, which is how bench/cpu.ts finds the bench's processes.
 */
const spawnRuntimeChild = async (
  role: RuntimeRole,
  options: ProfiledRuntimeOptions,
  env: Readonly<Record<string, string>>,
  profile: boolean,
): Promise<RuntimeChild> => {
  const child = spawn(
    process.execPath,
    [
      ...(profile
        ? [
            '--cpu-prof',
            `--cpu-prof-dir=${options.profileDir}`,
            `--cpu-prof-interval=${options.profileIntervalMicros ?? 500}`,
          ]
        : []),
      '--import',
      'tsx',
      CHILD_ENTRY,
      role,
      options.dataDir,
    ],
    {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      env: {
        ...process.env,
        ...options.loggingEnv,
        ...env,
        SIGNET_BENCH_SETTINGS: JSON.stringify(options.settings),
      },
    },
  );

  let stdoutBytes = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    stdoutBytes += chunk.byteLength;
  });
  const marks = new Map<string, (atMicros: number) => void>();
  const counts = new Map<string, (work: StoreWorkCount) => void>();
  const ready = new Promise<RuntimeInfo>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new RuntimeHostError(`The benchmark runtime (${role}) did not start in time`)),
      options.startTimeoutMs ?? 120_000,
    );
    child.on('message', (message: RuntimeMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.runtime);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new RuntimeHostError(`The benchmark runtime (${role}) failed to start: ${message.message}`));
      } else if (message.type === 'count') {
        counts.get(message.action)?.(message.work);
        counts.delete(message.action);
      } else {
        marks.get(message.label)?.(message.atMicros);
        marks.delete(message.label);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new RuntimeHostError(`The benchmark runtime (${role}) exited while starting (${signal ?? `code ${code}`})`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new RuntimeHostError(`The benchmark runtime (${role}) could not be spawned`, { cause: error }));
    });
  });
  try {
    return { child, info: await ready, marks, counts, stdoutBytes: () => stdoutBytes };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
};

/**
 * Starts the stand-ins' process, then the API's (profiled) pointed at them, and resolves once both answer.
 * Both are given the same free port for the API, which the settings name.
 */
const startProfiledRuntime = async (options: ProfiledRuntimeOptions): Promise<ProfiledRuntime> => {
  const apiPort = String(await findFreePort('127.0.0.1'));
  const standIns = await spawnRuntimeChild('stand-ins', options, { SIGNET_BENCH_API_PORT: apiPort }, false);
  let api: RuntimeChild;
  try {
    const { dynamodbEndpoint, emailUrl, smsUrl, eventsUrl } = standIns.info;
    api = await spawnRuntimeChild(
      'api',
      options,
      {
        SIGNET_BENCH_API_PORT: apiPort,
        SIGNET_BENCH_STAND_INS: JSON.stringify({ dynamodbEndpoint, emailUrl, smsUrl, eventsUrl }),
      },
      true,
    );
  } catch (error) {
    await stopChild(standIns.child);
    throw error;
  }

  let stopping: Promise<string | undefined> | undefined;
  const stop = (): Promise<string | undefined> => {
    stopping ??= (async () => {
      try {
        await stopChild(api.child);
      } finally {
        await stopChild(standIns.child);
      }
      const profiles = (await readdir(options.profileDir)).filter((file) => file.endsWith('.cpuprofile'));
      return profiles.length === 0 ? undefined : join(options.profileDir, profiles.sort().at(-1) ?? '');
    })();
    return stopping;
  };

  const { child, marks, counts } = api;
  const mark = (label: string): Promise<number> =>
    new Promise((resolve, reject) => {
      if (!child.connected) {
        reject(new RuntimeHostError('The benchmark runtime is gone'));
        return;
      }
      marks.set(label, resolve);
      child.send({ type: 'mark', label } satisfies HostMessage);
    });

  const countStoreWork = (action: 'start' | 'stop'): Promise<StoreWorkCount> =>
    new Promise((resolve, reject) => {
      if (!child.connected) {
        reject(new RuntimeHostError('The benchmark runtime is gone'));
        return;
      }
      counts.set(action, resolve);
      child.send({ type: 'count', action } satisfies HostMessage);
    });

  return {
    info: { ...standIns.info, apiUrl: api.info.apiUrl, env: api.info.env },
    pid: child.pid ?? -1,
    mark,
    countStoreWork,
    logBytes: () => api.stdoutBytes(),
    stop,
  };
};

export { RuntimeHostError, startProfiledRuntime };
