// shared/adapters/dynamodb: a counter per fixed window (an hour, a day), for the SMS and client budgets. One
// UpdateItem takes a slot: ADD on condition that the count is below the limit, so that of parallel requests
// exactly `limit` win, with no read first. The item expires (TTL) once its window is over.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { epochSeconds, type ItemKey } from './items/index.js';

interface WindowTable {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** The UTC hour of a time, as a key part: `2027-01-02T03`. */
const hourOf = (now: Date): string => now.toISOString().slice(0, 13);
/** The UTC day of a time, as a key part: `2027-01-02`. */
const dayOf = (now: Date): string => now.toISOString().slice(0, 10);
/** Seconds from `now` to the end of its UTC hour, at least 1. */
const secondsLeftInHour = (now: Date): number => Math.max(1, 3600 - Math.floor((now.getTime() % 3_600_000) / 1000));
/** Seconds from `now` to the end of its UTC day, at least 1. */
const secondsLeftInDay = (now: Date): number => Math.max(1, 86_400 - Math.floor((now.getTime() % 86_400_000) / 1000));

/**
 * Takes one slot of the window's counter. The TTL is set with the first slot to an hour after the window's end.
 *
 * @returns the count including this slot, or undefined when the window already holds `limit`.
 */
const takeSlot = async (
  table: WindowTable,
  key: ItemKey,
  limit: number,
  windowEndsAt: Date,
): Promise<number | undefined> => {
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: key,
        UpdateExpression: 'ADD #count :one SET expiresAt = if_not_exists(expiresAt, :ttl)',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':ttl': epochSeconds(windowEndsAt) + 3600 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return (Attributes as { count?: number } | undefined)?.count ?? 1;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
};

/** Gives a slot back (another budget refused the same send); never below zero. */
const giveSlotBack = async (table: WindowTable, key: ItemKey): Promise<void> => {
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: key,
        UpdateExpression: 'ADD #count :minusOne',
        ConditionExpression: '#count > :zero',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
};

export { dayOf, giveSlotBack, hourOf, secondsLeftInDay, secondsLeftInHour, takeSlot };
export type { WindowTable };
