// test/helpers: accounts on DynamoDB Local made the way the API makes them (createPending, then activate
// with the counted code try), for the integration tests of the session adapters and use cases.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { createDynamoDbRegistrationStore } from '../../shared/adapters/dynamodb/dynamodb-registration-store.js';
import type { CodeLimits } from '../../shared/domain/codes/ports.js';
import type { PendingRegistration } from '../../shared/domain/registration/ports.js';
import type { AccountId } from '../../shared/domain/types.js';
import { signet } from './api.js';

const limits: CodeLimits = { maxAttemptsPerCode: 5, maxFailedAttemptsTotal: 10, resendCooldownSeconds: 60, resendMaxPerHour: 5 };

/** A document client on the test run's DynamoDB Local; destroy it in afterAll. */
export const localDocumentClient = (): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: signet().dynamodbEndpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );

export const uniqueId = (prefix: string): string => `${prefix}-${randomBytes(8).toString('hex')}`;

/** Registers (and unless `pending`, activates) an account with opaque test values; returns what was written. */
export const seedAccount = async (
  client: DynamoDBDocumentClient,
  options: { pending?: boolean; passwordHash?: string; nameIndex?: string; createdAt?: Date } = {},
): Promise<PendingRegistration> => {
  const store = createDynamoDbRegistrationStore({ client, tableName: signet().tableName });
  const createdAt = options.createdAt ?? new Date();
  const registration: PendingRegistration = {
    accountId: uniqueId('acc') as AccountId,
    nameIndex: options.nameIndex ?? uniqueId('name'),
    emailIndex: uniqueId('email'),
    wrappedKey: 'wrapped',
    sealed: { accountName: 'sealed-name', email: 'sealed-email' },
    passwordHash: options.passwordHash ?? '$argon2id$test',
    channel: 'email',
    locale: 'en',
    consent: { policyVersion: '2026-11-01', acceptedAt: createdAt },
    createdAt,
    expiresAt: new Date(createdAt.getTime() + 24 * 3_600_000),
    code: { hash: 'hash-1', expiresAt: new Date(createdAt.getTime() + 600_000) },
    decoyCodeHash: 'decoy-hash',
    decoyContactIndex: 'decoy-index',
  };
  const created = await store.createPending(registration);
  if (created.outcome !== 'created') throw new Error(`seedAccount: ${created.outcome}`);
  if (options.pending === true) return registration;
  const counted = await store.countCodeTry(registration.nameIndex, createdAt, limits);
  if (counted.outcome !== 'counted' || !(await store.activate(registration.nameIndex, counted.attempt, createdAt))) {
    throw new Error('seedAccount: activation failed');
  }
  return registration;
};
