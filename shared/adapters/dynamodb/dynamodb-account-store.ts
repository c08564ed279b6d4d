// shared/adapters/dynamodb: AccountStore on the single table: the account item as sign-in, password
// changes and consent see it. (use cases) --> AccountStore --> DynamoDB. Every write is a conditional
// update on the account's state; the token generation only ever grows (ADD).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccountStore, PasswordChange, SessionAccount } from '../../domain/session/ports.js';
import type { AccountId } from '../../domain/types.js';
import { accountKey, decodeAccount, epochSeconds, nameGuardKey, outboxPut, toSessionAccount } from './items/index.js';
import { transactWrite } from './transactions.js';

const isActive = '#status = :active';
/** Reads of the account before a change with an event gives up on an account that keeps changing. */
const MAX_EVENT_ATTEMPTS = 4;

/** An id no account has (real ids are 22 base64url characters): what an unknown name's second read reads. */
const NO_ACCOUNT = '-' as AccountId;

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
    return Item === undefined ? undefined : toSessionAccount(decodeAccount(Item), now());
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

  /**
   * A change with an event: a transaction cannot return the new token generation, so it is read first
   * and the write is conditional on it (and on the hash as read); a concurrent change makes it read again.
   */
  const setPasswordWithEvent = async (
    accountId: AccountId,
    change: PasswordChange & { readonly event: NonNullable<PasswordChange['event']> },
  ): Promise<number | undefined> => {
    for (let attempt = 0; attempt < MAX_EVENT_ATTEMPTS; attempt += 1) {
      const { Item } = await client.send(new GetCommand({ TableName, Key: accountKey(accountId), ConsistentRead: true }));
      if (Item?.status !== 'active') return undefined;
      if (change.previousHash !== undefined && Item.passwordHash !== change.previousHash) return undefined;
      const seen = typeof Item.tokenGeneration === 'number' ? Item.tokenGeneration : undefined;
      const next = (seen ?? 0) + (change.bumpGeneration ? 1 : 0);
      const result = await transactWrite(client, [
        {
          Update: {
            TableName,
            Key: accountKey(accountId),
            UpdateExpression: 'SET passwordHash = :hash, tokenGeneration = :next',
            ConditionExpression: [
              isActive,
              'passwordHash = :seenHash',
              seen === undefined ? 'attribute_not_exists(tokenGeneration)' : 'tokenGeneration = :seen',
            ].join(' AND '),
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':hash': change.passwordHash,
              ':next': next,
              ':active': 'active',
              ':seenHash': Item.passwordHash,
              ...(seen === undefined ? {} : { ':seen': seen }),
            },
          },
        },
        outboxPut(TableName, { type: 'PasswordChanged', detail: { accountId, via: change.event.via } }, change.event.at),
      ]);
      if (result.committed) return next;
    }
    return undefined;
  };

  const setPassword = async (accountId: AccountId, change: PasswordChange): Promise<number | undefined> => {
    if (change.event !== undefined) return setPasswordWithEvent(accountId, { ...change, event: change.event });
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
