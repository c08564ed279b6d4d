// bench: starts the local runtime in a child process (bench/runtime-process.ts) under `node --cpu-prof`, so
// the API's own work can be profiled apart from the load generator, and stops it again, always.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoreWorkCount } from './store-work.js';

/** Endpoints of the runtime the child started. */
export interface RuntimeInfo {
  readonly apiUrl: string;
  readonly dynamodbEndpoint: string;
  readonly emailUrl: string;
  readonly smsUrl: string;
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

export interface ProfiledRuntime {
  readonly info: RuntimeInfo;
  readonly pid: number;
  /** A timestamp (µs) on the child's profile clock. */
  mark(label: string): Promise<number>;
  /**
   * Starts counting the functions' DynamoDB round trips and capacity units (bench/store-work.ts), or stops
   * and resolves with what was counted since the start.
   */
  countStoreWork(action: 'start' | 'stop'): Promise<StoreWorkCount>;
  /** Bytes the child has written to stdout so far: the handlers' log lines (and EMF metrics), as CloudWatch would take them. */
  logBytes(): number;
  /** Stops the runtime and the child; resolves with the CPU profile's path (undefined if none was written). */
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

/**
 * Spawns the runtime child with `--cpu-prof` (Node.js 24 with tsx, as `npm run bench` runs) and resolves
 * once the runtime answers. The child's stdout (the handlers' request logs) is counted and discarded, as
 * CloudWatch would take it; its stderr is passed through.
 */
const startProfiledRuntime = async (options: ProfiledRuntimeOptions): Promise<ProfiledRuntime> => {
  const child = spawn(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${options.profileDir}`,
      `--cpu-prof-interval=${options.profileIntervalMicros ?? 500}`,
      '--import',
      'tsx',
      CHILD_ENTRY,
    ],
    {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      env: {
        ...process.env,
        ...options.loggingEnv,
        SIGNET_BENCH_DATA_DIR: options.dataDir,
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
      () => reject(new RuntimeHostError('The benchmark runtime did not start in time')),
      options.startTimeoutMs ?? 120_000,
    );
    child.on('message', (message: RuntimeMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.runtime);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new RuntimeHostError(`The benchmark runtime failed to start: ${message.message}`));
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
      reject(new RuntimeHostError(`The benchmark runtime exited while starting (${signal ?? `code ${code}`})`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new RuntimeHostError('The benchmark runtime could not be spawned', { cause: error }));
    });
  });

  let stopping: Promise<string | undefined> | undefined;
  const stop = (): Promise<string | undefined> => {
    stopping ??= (async () => {
      if (child.connected) child.send({ type: 'stop' } satisfies HostMessage);
      await awaitExit(child, 30_000);
      const profiles = (await readdir(options.profileDir)).filter((file) => file.endsWith('.cpuprofile'));
      return profiles.length === 0 ? undefined : join(options.profileDir, profiles.sort().at(-1) ?? '');
    })();
    return stopping;
  };

  let info: RuntimeInfo;
  try {
    info = await ready;
  } catch (error) {
    await stop();
    throw error;
  }

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

  return { info, pid: child.pid ?? -1, mark, countStoreWork, logBytes: () => stdoutBytes, stop };
};

export { RuntimeHostError, startProfiledRuntime };
