// shared/adapters/dynamodb: the AuditLog port on the single table. (admin use cases, sweeper) --> AuditLog
// --> DynamoDB. Entries live in one partition (pk AUDIT), sorted by time; each is written with a condition
// that it is new, and nothing here (or in IAM) updates or deletes one: TTL alone ends it.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditDetails, AuditEntry, AuditLog } from '../../domain/admin/ports.js';
import type { AccountId } from '../../domain/types.js';
import { AUDIT_PARTITION, auditKey, epochSeconds } from './items/index.js';

/** Only new entries: an entry is never overwritten. */
const entryIsNew = 'attribute_not_exists(pk)';

/** The item of an entry (TTL `expiresAt` from `keepUntil`). */
const auditItem = (entry: AuditEntry): Record<string, unknown> => ({
  ...auditKey(entry),
  entryId: entry.entryId,
  at: entry.at,
  action: entry.action,
  actor: entry.actor,
  ...(entry.accountId === undefined ? {} : { accountId: entry.accountId }),
  details: entry.details,
  expiresAt: epochSeconds(new Date(entry.keepUntil)),
});

/** The Put of an entry, for a transaction that writes a change together with its audit entry. */
const auditPut = (tableName: string, entry: AuditEntry) => ({
  TableName: tableName,
  Item: auditItem(entry),
  ConditionExpression: entryIsNew,
});

const entryOf = (item: Record<string, unknown>): AuditEntry => ({
  entryId: item.entryId as string,
  at: item.at as string,
  action: item.action as AuditEntry['action'],
  actor: item.actor as string,
  ...(typeof item.accountId === 'string' ? { accountId: item.accountId as AccountId } : {}),
  details: (item.details ?? {}) as AuditDetails,
  keepUntil: new Date((item.expiresAt as number) * 1000).toISOString(),
});

/** An entry with the same time and random id exists: a broken random source, never a normal outcome. */
class AuditEntryExistsError extends Error {
  public constructor(options?: ErrorOptions) {
    super('An audit entry with this id already exists; nothing was written', options);
    this.name = 'AuditEntryExistsError';
  }
}

/**
 * Builds the DynamoDB-backed audit log.
 *
 * @example
 * const audit = createDynamoDbAuditLog({ client: documentClient, tableName });
 * for (const entry of await audit.list({ now: new Date() })) console.log(JSON.stringify(entry));
 */
const createDynamoDbAuditLog = (options: { client: DynamoDBDocumentClient; tableName: string }): AuditLog => {
  const { client, tableName: TableName } = options;

  const append = async (entry: AuditEntry): Promise<void> => {
    try {
      await client.send(new PutCommand(auditPut(TableName, entry)));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new AuditEntryExistsError({ cause: error });
      throw error;
    }
  };

  const list: AuditLog['list'] = async ({ accountId, now }) => {
    const entries: AuditEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :audit',
          // TTL deletion lags: an entry past its retention is gone as far as anyone reading is concerned.
          FilterExpression: accountId === undefined ? 'expiresAt > :now' : 'expiresAt > :now AND accountId = :accountId',
          ExpressionAttributeValues: {
            ':audit': AUDIT_PARTITION,
            ':now': epochSeconds(now),
            ...(accountId === undefined ? {} : { ':accountId': accountId }),
          },
          ScanIndexForward: true,
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      entries.push(...(page.Items ?? []).map(entryOf));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return entries;
  };

  return { append, list };
};

export { AUDIT_PARTITION, AuditEntryExistsError, auditKey, auditPut, createDynamoDbAuditLog };
