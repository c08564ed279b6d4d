// shared/adapters/dynamodb: AccountStore on the single table: the account item as sign-in, password
// changes and consent see it. (use cases) --> AccountStore --> DynamoDB. Every write is a conditional
// update on the account's state; the token generation only ever grows (ADD).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConsentRecord, LegalHold } from '../../domain/owner/ports.js';
import type { AccountStore, PasswordChange, SessionAccount } from '../../domain/session/ports.js';
import type { AccountId, Locale } from '../../domain/types.js';
import { accountKey, epochSeconds, nameGuardKey } from './keys.js';

const isActive = '#status = :active';
/** An id no account has (real ids are 22 base64url characters): what an unknown name's second read reads. */
const NO_ACCOUNT = '-' as AccountId;

const optionalText = (item: Record<string, unknown>, key: string): string | undefined =>
  typeof item[key] === 'string' ? item[key] : undefined;

const asLegalHold = (value: unknown): LegalHold | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const hold = value as Record<string, unknown>;
  const text = (key: string): string => (typeof hold[key] === 'string' ? hold[key] : '');
  return { active: hold.active === true, since: text('since'), reason: text('reason'), basis: text('basis'), reference: text('reference') };
};

/** The account item as a SessionAccount; undefined for a tombstone or a lapsed pending registration. */
const asSessionAccount = (item: Record<string, unknown> | undefined, now: Date): SessionAccount | undefined => {
  if (item === undefined) return undefined;
  if (item.status !== 'active' && item.status !== 'pending') return undefined;
  // TTL deletion lags by up to days: a lapsed pending registration is already gone.
  if (item.status === 'pending' && typeof item.expiresAt === 'number' && item.expiresAt <= epochSeconds(now)) {
    return undefined;
  }
  const emailIndex = optionalText(item, 'emailIndex');
  const phoneIndex = optionalText(item, 'phoneIndex');
  const lastActiveAt = optionalText(item, 'lastActiveAt');
  const legalHold = asLegalHold(item.legalHold);
  return {
    accountId: item.accountId as AccountId,
    status: item.status,
    wrappedKey: item.wrappedKey as string,
    sealed: (item.sealed ?? {}) as SessionAccount['sealed'],
    locale: item.locale as Locale,
    nameIndex: item.nameIndex as string,
    ...(emailIndex === undefined ? {} : { emailIndex }),
    ...(phoneIndex === undefined ? {} : { phoneIndex }),
    createdAt: item.createdAt as string,
    passwordHash: item.passwordHash as string,
    tokenGeneration: typeof item.tokenGeneration === 'number' ? item.tokenGeneration : 0,
    emailVerified: item.emailVerified === true,
    phoneVerified: item.phoneVerified === true,
    consent: Array.isArray(item.consent) ? (item.consent as ConsentRecord[]) : [],
    ...(lastActiveAt === undefined ? {} : { lastActiveAt }),
    ...(legalHold === undefined ? {} : { legalHold }),
  };
};

/**
 * Builds the DynamoDB-backed account store.
 *
 * @example
 * const accounts = createDynamoDbAccountStore({ client: documentClient, tableName });
 * const account = await accounts.findByNameIndex(indexer.index('name', accountName));
 */
const createDynamoDbAccountStore = (options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** For telling lapsed pending registrations; defaults to the system time. */
  now?: () => Date;
}): AccountStore => {
  const { client, tableName: TableName } = options;
  const now = options.now ?? (() => new Date());

  const getById = async (accountId: AccountId): Promise<SessionAccount | undefined> => {
    const { Item } = await client.send(new GetCommand({ TableName, Key: accountKey(accountId), ConsistentRead: true }));
    return asSessionAccount(Item, now());
  };

  /**
   * Two consistent reads whatever the name: an unknown or lapsed name reads an account that never exists,
   * so that sign-in costs the same for it as for a known one.
   */
  const findByNameIndex = async (nameIndex: string): Promise<SessionAccount | undefined> => {
    const { Item: guard } = await client.send(
      new GetCommand({ TableName, Key: nameGuardKey(nameIndex), ConsistentRead: true }),
    );
    const live =
      guard !== undefined &&
      typeof guard.accountId === 'string' &&
      !(typeof guard.expiresAt === 'number' && guard.expiresAt <= epochSeconds(now()));
    if (!live) {
      await getById(NO_ACCOUNT);
      return undefined;
    }
    const account = await getById(guard.accountId as AccountId);
    // The guard and the account point at each other; anything else is a stale guard.
    return account?.nameIndex === nameIndex ? account : undefined;
  };

  const setPassword = async (accountId: AccountId, change: PasswordChange): Promise<number | undefined> => {
    const conditions = [isActive, ...(change.previousHash === undefined ? [] : ['passwordHash = :previous'])];
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName,
          Key: accountKey(accountId),
          UpdateExpression: change.bumpGeneration
            ? 'SET passwordHash = :hash ADD tokenGeneration :one'
            : 'SET passwordHash = :hash',
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':hash': change.passwordHash,
            ':active': 'active',
            ...(change.bumpGeneration ? { ':one': 1 } : {}),
            ...(change.previousHash === undefined ? {} : { ':previous': change.previousHash }),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return typeof Attributes?.tokenGeneration === 'number' ? Attributes.tokenGeneration : 0;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  };

  const recordSignIn: AccountStore['recordSignIn'] = async (accountId, at, rehash) => {
    const update = (expression: string, condition: string, values: Record<string, unknown>) =>
      client.send(
        new UpdateCommand({
          TableName,
          Key: accountKey(accountId),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':active': 'active', ...values },
        }),
      );
    try {
      await update('SET lastActiveAt = :at', isActive, { ':at': at.toISOString() });
      // A re-hash keeps the tokens: the password is the same. It yields to any change made meanwhile.
      if (rehash !== undefined) {
        await update('SET passwordHash = :hash', `${isActive} AND passwordHash = :previous`, {
          ':hash': rehash.passwordHash,
          ':previous': rehash.previousHash,
        });
      }
    } catch (error) {
      // Erased or changed meanwhile: the newer state stands.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };

  const recordConsent: AccountStore['recordConsent'] = async (accountId, consent) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: accountKey(accountId),
          UpdateExpression: 'SET consent = list_append(if_not_exists(consent, :empty), :consent)',
          ConditionExpression: isActive,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':active': 'active',
            ':empty': [],
            ':consent': [{ policyVersion: consent.policyVersion, acceptedAt: consent.acceptedAt.toISOString() }],
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };

  return { getById, findByNameIndex, setPassword, recordSignIn, recordConsent };
};

export { createDynamoDbAccountStore };
