// shared/adapters/dynamodb: the SessionFamilyStore and TokenGenerations ports on the single table. A family
// sits in its account's partition (`SESSION#<family id>`); each of its refresh tokens has a lookup by the
// token's HMAC (`REFRESH#<hash>`/`TOKEN`) and a reference beside the family (`REFRESH#<hash>`), so that
// erasure, which deletes the account's partition, deletes the lookups too. Only HMACs of tokens are stored.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { TokenGenerations } from '../../domain/session/revoke-sessions.js';
import type {
  FamilyEnd,
  FamilyRotationWrite,
  SessionFamily,
  SessionFamilyStore,
} from '../../domain/session/session-families.js';
import type { AccountId } from '../../domain/types.js';
import {
  accountKey,
  epochSeconds,
  outboxPut,
  refreshTokenKey,
  refreshTokenRefKey,
  SESSION_PREFIX,
  sessionFamilyKey,
} from './items/index.js';
import { transactWrite } from './transactions.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The family is still the one read: active and rotating the token it rotated then. */
const stillCurrent = '#status = :active AND currentHash = :current';

const isConditionFailure = (error: unknown): boolean => error instanceof ConditionalCheckFailedException;

const text = (item: Record<string, unknown>, key: string): string =>
  typeof item[key] === 'string' ? item[key] : '';

const decodeFamily = (item: Record<string, unknown>): SessionFamily => {
  const rotation = item.rotation as Record<string, unknown> | undefined;
  const window = (item.window ?? {}) as Record<string, unknown>;
  return {
    familyId: text(item, 'familyId'),
    accountId: text(item, 'accountId') as AccountId,
    clientId: text(item, 'clientId'),
    createdAt: text(item, 'createdAt'),
    lastUsedAt: text(item, 'lastUsedAt'),
    absoluteExpiresAt: text(item, 'absoluteExpiresAt'),
    idleExpiresAt: text(item, 'idleExpiresAt'),
    status: item.status === 'active' ? 'active' : 'revoked',
    currentHash: text(item, 'currentHash'),
    ...(rotation === undefined
      ? {}
      : {
          rotation: {
            previousHash: text(rotation, 'previousHash'),
            rotatedAt: text(rotation, 'rotatedAt'),
            ...(typeof item.graceSealed === 'string' ? { sealedSuccessor: item.graceSealed } : {}),
            graceUsed: rotation.graceUsed === true,
          },
        }),
    window: {
      startedAt: text(window, 'startedAt'),
      count: typeof window.count === 'number' ? window.count : 0,
    },
  };
};

/**
 * Builds the DynamoDB-backed session store.
 *
 * @example
 * const sessions = createDynamoDbSessionStore({ client: documentClient, tableName });
 */
const createDynamoDbSessionStore = (options: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): SessionFamilyStore & TokenGenerations => {
  const { client, tableName: TableName } = options;

  /** The lookup and the reference of a new token of the family, both expiring with the family. */
  const tokenItems = (family: Pick<SessionFamily, 'accountId' | 'familyId' | 'absoluteExpiresAt'>, tokenHash: string): TransactItem[] => {
    const expiresAt = epochSeconds(new Date(family.absoluteExpiresAt));
    return [
      {
        Put: {
          TableName,
          Item: { ...refreshTokenKey(tokenHash), accountId: family.accountId, familyId: family.familyId, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName,
          Item: { ...refreshTokenRefKey(family.accountId, tokenHash), familyId: family.familyId, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  };

  const getFamily = async (accountId: AccountId, familyId: string): Promise<SessionFamily | undefined> => {
    const { Item } = await client.send(
      new GetCommand({ TableName, Key: sessionFamilyKey(accountId, familyId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : decodeFamily(Item);
  };

  const create = async (family: SessionFamily): Promise<void> => {
    const result = await transactWrite(client, [
      {
        Put: {
          TableName,
          Item: {
            ...sessionFamilyKey(family.accountId, family.familyId),
            ...family,
            expiresAt: epochSeconds(new Date(family.absoluteExpiresAt)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...tokenItems(family, family.currentHash),
    ]);
    // 128- and 256-bit random ids do not collide; a failure here is not the client's.
    if (!result.committed) throw new Error('A new session family could not be stored');
  };

  const findByTokenHash = async (tokenHash: string): Promise<SessionFamily | undefined> => {
    const { Item } = await client.send(
      new GetCommand({ TableName, Key: refreshTokenKey(tokenHash), ConsistentRead: true }),
    );
    if (Item === undefined || typeof Item.accountId !== 'string' || typeof Item.familyId !== 'string') return undefined;
    return getFamily(Item.accountId as AccountId, Item.familyId);
  };

  const rotate = async (family: SessionFamily, write: FamilyRotationWrite): Promise<boolean> => {
    const result = await transactWrite(client, [
      {
        Update: {
          TableName,
          Key: sessionFamilyKey(family.accountId, family.familyId),
          UpdateExpression:
            'SET currentHash = :next, rotation = :rotation, graceSealed = :sealed, lastUsedAt = :usedAt, ' +
            'idleExpiresAt = :idle, #window = :window',
          ConditionExpression: stillCurrent,
          ExpressionAttributeNames: { '#status': 'status', '#window': 'window' },
          ExpressionAttributeValues: {
            ':active': 'active',
            ':current': family.currentHash,
            ':next': write.newHash,
            ':rotation': {
              previousHash: write.rotation.previousHash,
              rotatedAt: write.rotation.rotatedAt,
              graceUsed: write.rotation.graceUsed,
            },
            ':sealed': write.rotation.sealedSuccessor ?? '',
            ':usedAt': write.lastUsedAt,
            ':idle': write.idleExpiresAt,
            ':window': write.window,
          },
        },
      },
      ...tokenItems(family, write.newHash),
    ]);
    return result.committed;
  };

  const useGrace = async (family: SessionFamily, at: Date): Promise<boolean> => {
    if (family.rotation === undefined) return false;
    try {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: sessionFamilyKey(family.accountId, family.familyId),
          UpdateExpression: 'SET rotation.graceUsed = :true, lastUsedAt = :usedAt REMOVE graceSealed',
          ConditionExpression: `${stillCurrent} AND rotation.previousHash = :previous AND rotation.graceUsed = :false`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':active': 'active',
            ':current': family.currentHash,
            ':previous': family.rotation.previousHash,
            ':true': true,
            ':false': false,
            ':usedAt': at.toISOString(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };

  const revoke = async (
    family: Pick<SessionFamily, 'accountId' | 'familyId'>,
    at: Date,
    reason: FamilyEnd,
  ): Promise<boolean> => {
    try {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: sessionFamilyKey(family.accountId, family.familyId),
          // The sealed successor goes with the family's life: nothing can open it any more.
          UpdateExpression: 'SET #status = :revoked, revokedAt = :at, revokedReason = :reason REMOVE graceSealed',
          ConditionExpression: 'attribute_exists(pk) AND #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':active': 'active',
            ':revoked': 'revoked',
            ':at': at.toISOString(),
            ':reason': reason,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };

  const list = async (accountId: AccountId): Promise<SessionFamily[]> => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': accountKey(accountId).pk, ':prefix': SESSION_PREFIX },
          ConsistentRead: true,
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items.map(decodeFamily);
  };

  const revokeAll = async (accountId: AccountId, at: Date, reason: FamilyEnd): Promise<void> => {
    for (const family of await list(accountId)) {
      if (family.status === 'active') await revoke(family, at, reason);
    }
  };

  /** The bump and its SessionsRevoked event, in one transaction: the event exists if the bump does. */
  const bump = async (accountId: AccountId, at: Date): Promise<boolean> => {
    const result = await transactWrite(client, [
      {
        Update: {
          TableName,
          Key: accountKey(accountId),
          UpdateExpression: 'ADD tokenGeneration :one',
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':one': 1, ':active': 'active' },
        },
      },
      outboxPut(TableName, { type: 'SessionsRevoked', detail: { accountId } }, at),
    ]);
    return result.committed;
  };

  return { create, findByTokenHash, rotate, useGrace, revoke, revokeAll, list, bump };
};

export { createDynamoDbSessionStore };
