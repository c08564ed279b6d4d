// test/helpers: DynamoDB Local fixtures for the operators' and the sweeper's integration tests: a document
// client, scratch tables of the shared definition (a sweep scans a whole table, so it gets its own), and
// accounts made by the real registration store.
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { createDynamoDbRegistrationStore } from '../../shared/adapters/dynamodb/dynamodb-registration-store.js';
import { createTableInput } from '../../shared/adapters/dynamodb/table-definition.js';
import type { PendingRegistration } from '../../shared/domain/ports.js';
import type { AccountId } from '../../shared/domain/types.js';
import { signet } from './api.js';

const LIMITS = { maxAttemptsPerCode: 5, maxFailedAttemptsTotal: 10, resendCooldownSeconds: 60, resendMaxPerHour: 5 };

/** A document client bound to the test run's DynamoDB Local. */
export const localDocumentClient = (): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: signet().dynamodbEndpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );

/** A fresh table of the shared definition; `drop` deletes it. */
export const scratchTable = async (client: DynamoDBDocumentClient): Promise<{ tableName: string; drop: () => Promise<void> }> => {
  const tableName = `scratch-${randomBytes(6).toString('hex')}`;
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  return { tableName, drop: async () => void (await client.send(new DeleteTableCommand({ TableName: tableName }))) };
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
export const getItem = async (client: DynamoDBDocumentClient, tableName: string, key: { pk: string; sk: string }) =>
  (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
