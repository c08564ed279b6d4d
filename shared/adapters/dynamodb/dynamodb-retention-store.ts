// shared/adapters/dynamodb: the RetentionStore port on the single table. (sweeper) --> RetentionStore -->
// DynamoDB. A paginated Scan that reads only keys, kinds and times (never a sealed field), conditional
// deletes of items past their TTL, and one checkpoint item with a lease (pk SWEEPER, sk CHECKPOINT).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  ScanCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { ItemRef, RetentionStore, SweepCheckpoint, SweepItem, SweepTotals } from '../../domain/retention/ports.js';
import { accountKey, checkpointKey, classifyKey, decodeAccount, epochSeconds } from './items/index.js';

/** What a scan reads of each item: enough to classify it, nothing personal. */
const PROJECTION = {
  ProjectionExpression: '#pk, #sk, #accountId, #status, #expiresAt, #lastActiveAt, #activatedAt, #legalHold.#active, #erasureRequested.#requestedAt',
  ExpressionAttributeNames: {
    '#pk': 'pk',
    '#sk': 'sk',
    '#accountId': 'accountId',
    '#status': 'status',
    '#expiresAt': 'expiresAt',
    '#lastActiveAt': 'lastActiveAt',
    '#activatedAt': 'activatedAt',
    '#legalHold': 'legalHold',
    '#active': 'active',
    '#erasureRequested': 'erasureRequested',
    '#requestedAt': 'requestedAt',
  },
} as const;

/** Items the sweeper must never delete, whatever their TTL says: audit entries, its checkpoint, disclosures. */
const isProtected = (ref: ItemRef): boolean => classifyKey(ref)?.spec.sweep === 'never';

const dateOfSeconds = (value: unknown): Date | undefined => (typeof value === 'number' ? new Date(value * 1000) : undefined);
const dateOfIso = (value: string | undefined): Date | undefined => {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
};

/** The sweeper's view of one item: its kind from the catalogue's classifier, an account's state from its codec. */
const classify = (item: Record<string, unknown>): SweepItem => {
  const ref: ItemRef = { pk: String(item.pk), sk: String(item.sk) };
  const sweep = classifyKey(ref)?.spec.sweep;
  if (sweep === undefined || sweep === 'never') return { kind: 'other' };
  if (sweep === 'account') {
    const account = decodeAccount(item);
    const { status } = account;
    if (status !== 'pending' && status !== 'active' && status !== 'erased') return { kind: 'other' };
    const expiresAt = dateOfSeconds(account.expiresAt);
    const lastActiveAt = dateOfIso(account.lastActiveAt) ?? dateOfIso(account.activatedAt);
    return {
      kind: 'account',
      ref,
      accountId: account.accountId,
      status,
      ...(expiresAt === undefined ? {} : { expiresAt }),
      ...(lastActiveAt === undefined ? {} : { lastActiveAt }),
      legalHold: account.legalHold?.active === true,
      erasureRequested: account.erasureRequested !== undefined,
    };
  }
  const expiresAt = dateOfSeconds(item.expiresAt);
  return { kind: sweep, ref, ...(expiresAt === undefined ? {} : { expiresAt }) };
};

/** Scan positions are the table's own keys ({pk, sk}: blind indexes and ids, nothing personal). */
const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key === undefined ? undefined : JSON.stringify(key);

const decodeCursor = (cursor: string | undefined): Record<string, string> | undefined => {
  if (cursor === undefined) return undefined;
  const key = JSON.parse(cursor) as unknown;
  if (
    typeof key !== 'object' ||
    key === null ||
    typeof (key as Record<string, unknown>).pk !== 'string' ||
    typeof (key as Record<string, unknown>).sk !== 'string'
  ) {
    throw new Error('The sweeper checkpoint holds an invalid scan position');
  }
  const { pk, sk } = key as { pk: string; sk: string };
  return { pk, sk };
};

const checkpointOf = (item: Record<string, unknown>): SweepCheckpoint => ({
  runId: item.runId as string,
  startedAt: item.startedAt as string,
  ...(typeof item.cursor === 'string' ? { cursor: item.cursor } : {}),
  pages: item.pages as number,
  totals: item.totals as SweepTotals,
});

const ignoreLostCondition = (error: unknown): void => {
  if (!(error instanceof ConditionalCheckFailedException)) throw error;
};

/**
 * Builds the DynamoDB-backed retention store.
 *
 * @example
 * const store = createDynamoDbRetentionStore({ client: documentClient, tableName });
 */
const createDynamoDbRetentionStore = (options: { client: DynamoDBDocumentClient; tableName: string }): RetentionStore => {
  const { client, tableName: TableName } = options;

  const scan: RetentionStore['scan'] = async (cursor, pageSize) => {
    const exclusiveStartKey = decodeCursor(cursor);
    const page = await client.send(
      new ScanCommand({
        TableName,
        Limit: pageSize,
        ...PROJECTION,
        ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
      }),
    );
    const next = encodeCursor(page.LastEvaluatedKey);
    return { items: (page.Items ?? []).map(classify), ...(next === undefined ? {} : { cursor: next }) };
  };

  const readAccount: RetentionStore['readAccount'] = async (accountId) => {
    const { Item } = await client.send(
      new GetCommand({ TableName, Key: accountKey(accountId), ConsistentRead: true, ...PROJECTION }),
    );
    if (Item === undefined) return undefined;
    const item = classify(Item);
    return item.kind === 'account' ? item : undefined;
  };

  const removeExpired = async (ref: ItemRef, now: Date): Promise<boolean> => {
    if (isProtected(ref)) throw new Error('The sweeper never deletes audit entries, disclosures or its checkpoint');
    const isAccount = classifyKey(ref)?.kind === 'account';
    try {
      await client.send(
        new DeleteCommand({
          TableName,
          Key: { pk: ref.pk, sk: ref.sk },
          // Still expired now: an item renewed since the scan (a guard claimed again) stays.
          ConditionExpression: isAccount
            ? 'attribute_exists(pk) AND expiresAt <= :now AND #status IN (:pending, :erased) AND (attribute_not_exists(#legalHold) OR #legalHold.#active <> :true)'
            : 'attribute_exists(pk) AND expiresAt <= :now',
          ...(isAccount
            ? {
                ExpressionAttributeNames: { '#status': 'status', '#legalHold': 'legalHold', '#active': 'active' },
                ExpressionAttributeValues: { ':now': epochSeconds(now), ':pending': 'pending', ':erased': 'erased', ':true': true },
              }
            : { ExpressionAttributeValues: { ':now': epochSeconds(now) } }),
        }),
      );
      return true;
    } catch (error) {
      ignoreLostCondition(error);
      return false;
    }
  };

  const claim: RetentionStore['claim'] = async (holder, fresh, now, leaseUntil) => {
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName,
          Key: checkpointKey,
          // An interrupted sweep keeps its id, position and counts; only the holder and lease change.
          UpdateExpression:
            'SET holder = :holder, leaseUntil = :until, runId = if_not_exists(runId, :runId), ' +
            'startedAt = if_not_exists(startedAt, :startedAt), pages = if_not_exists(pages, :pages), ' +
            'totals = if_not_exists(totals, :totals)',
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil <= :now',
          ExpressionAttributeValues: {
            ':holder': holder,
            ':until': leaseUntil.getTime(),
            ':now': now.getTime(),
            ':runId': fresh.runId,
            ':startedAt': fresh.startedAt,
            ':pages': fresh.pages,
            ':totals': fresh.totals,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return checkpointOf(Attributes ?? {});
    } catch (error) {
      ignoreLostCondition(error);
      return undefined;
    }
  };

  const save: RetentionStore['save'] = async (holder, checkpoint, leaseUntil) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: checkpointKey,
          UpdateExpression:
            checkpoint.cursor === undefined
              ? 'SET pages = :pages, totals = :totals, leaseUntil = :until REMOVE #cursor'
              : 'SET #cursor = :cursor, pages = :pages, totals = :totals, leaseUntil = :until',
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeNames: { '#cursor': 'cursor' },
          ExpressionAttributeValues: {
            ':holder': holder,
            ':pages': checkpoint.pages,
            ':totals': checkpoint.totals,
            ':until': leaseUntil.getTime(),
            ...(checkpoint.cursor === undefined ? {} : { ':cursor': checkpoint.cursor }),
          },
        }),
      );
      return true;
    } catch (error) {
      ignoreLostCondition(error);
      return false;
    }
  };

  const release = async (holder: string): Promise<void> => {
    try {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: checkpointKey,
          UpdateExpression: 'SET leaseUntil = :zero',
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': holder, ':zero': 0 },
        }),
      );
    } catch (error) {
      ignoreLostCondition(error);
    }
  };

  const finish = async (holder: string): Promise<void> => {
    try {
      await client.send(
        new DeleteCommand({
          TableName,
          Key: checkpointKey,
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      );
    } catch (error) {
      ignoreLostCondition(error);
    }
  };

  return { scan, readAccount, removeExpired, claim, save, release, finish };
};

export { checkpointKey, createDynamoDbRetentionStore };
