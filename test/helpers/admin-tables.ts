// test/helpers: fixtures for the operators' and the sweeper's integration tests: a document client, scratch
// tables of the shared definition (a sweep scans a whole table, so it gets its own), accounts made by the
// real registration store, the operators' tools run as an operator runs them, and an account owner's
// journey through the API of a local runtime (the shared one, or a test file's own).
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAdminCli } from '../../infra/local/admin-cli.js';
import { createDynamoDbRegistrationStore } from '../../shared/adapters/dynamodb/dynamodb-registration-store.js';
import { createTableInput } from '../../shared/adapters/dynamodb/table-definition.js';
import type { PendingRegistration } from '../../shared/domain/registration/ports.js';
import type { AccountId } from '../../shared/domain/types.js';
import { signet, strongPassword, uniqueEmail, uniqueName } from './api.js';

const LIMITS = {
  maxAttemptsPerCode: 5,
  maxFailedAttemptsTotal: 10,
  resendCooldownSeconds: 60,
  resendMaxPerHour: 5,
};

/** A document client bound to the test run's DynamoDB Local (or another one). */
export const localDocumentClient = (endpoint: string = signet().dynamodbEndpoint): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );

/** A fresh table of the shared definition; `drop` deletes it. */
export const scratchTable = async (
  client: DynamoDBDocumentClient,
): Promise<{ tableName: string; drop: () => Promise<void> }> => {
  const tableName = `scratch-${randomBytes(6).toString('hex')}`;
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  return {
    tableName,
    drop: async () => void (await client.send(new DeleteTableCommand({ TableName: tableName }))),
  };
};

/** 16 random bytes, base64url: an account id as registration makes them. */
export const newAccountId = (): AccountId => randomBytes(16).toString('base64url') as AccountId;
export const newIndex = (kind: string): string => `${kind}-${randomBytes(8).toString('hex')}`;

export interface TestAccount {
  readonly accountId: AccountId;
  readonly nameIndex: string;
  readonly emailIndex: string;
}

/**
 * A registration written by the real store, confirmed unless `pending`: the same items the API makes,
 * with stand-in ciphertexts.
 */
export const registerAccount = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  options: { pending?: boolean; createdAt?: Date; activatedAt?: Date } = {},
): Promise<TestAccount> => {
  const store = createDynamoDbRegistrationStore({ client, tableName });
  const createdAt = options.createdAt ?? new Date();
  const account: PendingRegistration = {
    accountId: newAccountId(),
    nameIndex: newIndex('name'),
    emailIndex: newIndex('email'),
    wrappedKey: 'wrapped-key',
    sealed: { accountName: 'sealed-name', email: 'sealed-email' },
    passwordHash: '$argon2id$test',
    channel: 'email',
    locale: 'en',
    consent: { policyVersion: '2026-11-01', acceptedAt: createdAt },
    createdAt,
    expiresAt: new Date(createdAt.getTime() + 24 * 3_600_000),
    code: { hash: 'hash-1', expiresAt: new Date(createdAt.getTime() + 600_000) },
  };
  await store.createPending(account);
  if (options.pending !== true) {
    const at = options.activatedAt ?? createdAt;
    const counted = await store.countCodeTry(account.nameIndex, at, LIMITS);
    if (counted.outcome !== 'counted' || !(await store.activate(account.nameIndex, counted.attempt, at))) {
      throw new Error('test account could not be activated');
    }
  }
  return { accountId: account.accountId, nameIndex: account.nameIndex, emailIndex: account.emailIndex ?? '' };
};

/** One item as stored, or undefined. */
export const getItem = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  key: { pk: string; sk: string },
) => (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

/** What one run of a local tool printed, and its exit status. */
export interface ToolRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tsxCli = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/cli.mjs');

/**
 * Runs a local tool (`infra/local/admin.ts`, `infra/local/sweep.ts`) as `npm run` does: a child process
 * through tsx, from the repository root, with `env` on top of this process's environment.
 */
export const runLocalTool = (
  script: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
): Promise<ToolRun> =>
  new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [tsxCli, script, ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolveRun({ status, stdout, stderr }));
  });

/**
 * `npm run admin -- <args>` in this process: the command line's own code (infra/local/admin-cli.ts, argv
 * to exit status), pointed at the runtime `env` describes (the runtime's SIGNET_* variables). Quicker
 * than a child process; test/integration/local/admin-cli.test.ts runs the real one.
 */
export const adminCli = async (
  args: readonly string[],
  env: Readonly<Record<string, string>> = signet().env,
): Promise<ToolRun> => {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const status = await runAdminCli(args, {
    stdout: (text) => stdout.push(`${text}\n`),
    stderr: (text) => stderr.push(`${text}\n`),
    env: { ...env },
  });
  return { status, stdout: stdout.join(''), stderr: stderr.join('') };
};

/** The JSON result an admin command printed; throws with its stderr when it failed. */
export const adminResult = async <T = Record<string, unknown>>(
  args: readonly string[],
  env: Readonly<Record<string, string>> = signet().env,
): Promise<T> => {
  const ran = await adminCli(args, env);
  if (ran.status !== 0)
    throw new Error(`admin ${args.slice(0, 2).join(' ')} exited ${String(ran.status)}: ${ran.stderr}`);
  return JSON.parse(ran.stdout) as T;
};

/** The audit log as `audit list` prints it: one JSON object a line. */
export interface ListedEntry {
  readonly entryId: string;
  readonly at: string;
  readonly action: string;
  readonly actor: string;
  readonly accountId?: string;
  readonly details: Record<string, unknown>;
  readonly keepUntil: string;
}

/** The entries an `audit list` run printed; throws with its stderr when the run failed. */
export const auditLines = (ran: ToolRun): ListedEntry[] => {
  if (ran.status !== 0) throw new Error(`audit list exited ${String(ran.status)}: ${ran.stderr}`);
  return ran.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ListedEntry);
};

/** A person with a confirmed account. */
export interface Owner {
  readonly accountName: string;
  readonly password: string;
  readonly email: string;
}

/** An answer of the API. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * An account owner using the API of a local runtime: registration and confirmation by email code,
 * sign-in, and bearer-token requests.
 */
export const ownerJourney = (
  endpoints: { readonly apiUrl: string; readonly emailUrl: string } = signet(),
) => {
  const request = async (method: string, path: string, body?: unknown, token?: string): Promise<Answer> => {
    const response = await fetch(new URL(path, endpoints.apiUrl), {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };

  const latestCode = async (to: string): Promise<string> => {
    const store = (await (await fetch(new URL('/store', endpoints.emailUrl))).json()) as {
      emails: { destination: { to: string[] }; body: { text?: string }; at: number }[];
    };
    const newest = store.emails
      .filter((email) => email.destination.to.includes(to))
      .sort((a, b) => a.at - b.at)
      .at(-1);
    const code = /\b(\d{6})\b/.exec(newest?.body.text ?? '')?.[1];
    if (code === undefined) throw new Error('no code in the email outbox for the test address');
    return code;
  };

  /** Registers and confirms a new account; `reuse` registers a name and email again. */
  const registerActive = async (reuse?: Pick<Owner, 'accountName' | 'email'>): Promise<Owner> => {
    const owner = {
      accountName: uniqueName('ops'),
      email: uniqueEmail(),
      ...reuse,
      password: strongPassword(),
    };
    const registered = await request('POST', '/v1/registrations', { ...owner, channel: 'email' });
    if (registered.status !== 202) throw new Error(`registration answered ${registered.status}`);
    const code = await latestCode(owner.email);
    const confirmed = await request('POST', '/v1/registrations/confirm', {
      accountName: owner.accountName,
      code,
    });
    if (confirmed.status !== 200) throw new Error(`confirmation answered ${confirmed.status}`);
    return owner;
  };

  const signIn = async (owner: Pick<Owner, 'accountName' | 'password'>): Promise<Answer> =>
    request('POST', '/v1/sessions', { accountName: owner.accountName, password: owner.password, clientId: 'local-app' });

  const token = async (owner: Pick<Owner, 'accountName' | 'password'>): Promise<string> => {
    const answer = await signIn(owner);
    if (answer.status !== 200) throw new Error(`sign-in answered ${answer.status}`);
    return (answer.body as { accessToken: string }).accessToken;
  };

  return { request, registerActive, signIn, token };
};
