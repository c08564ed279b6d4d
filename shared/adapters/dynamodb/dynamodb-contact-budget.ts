// shared/adapters/dynamodb: ContactBudget on the single table. (courier, confirm use cases) --> ContactBudget
// --> DynamoDB. One item per contact and counter (`CONTACT#<contact index>`: `MESSAGES`, `DECOY`, `TRIES`), keyed by
// the contact's blind index, each window a start and a count; every take is one conditional update whose
// condition is the limit, so parallel takes never outrun it. TTL removes an item a day after its last take.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { BudgetOutcome, ContactBudget } from '../../domain/courier/ports.js';
import { contactDecoyBudgetKey, contactMessageBudgetKey, contactTryBudgetKey, epochSeconds, type ItemKey } from './items/index.js';

/** The stage's `contacts.*` limits. */
interface ContactLimits {
  readonly messagesPerHour: number;
  readonly messagesPerDay: number;
  readonly failedTriesPerDay: number;
}

/** One fixed-length window of a counter: its attribute names' prefix, its length and its limit. */
interface Window {
  readonly name: string;
  readonly seconds: number;
  readonly max: number;
}

const HOUR = 3600;
const DAY = 86_400;
/** Conditional updates one take tries before it gives up (each failure means another take won). */
const MAX_ROUNDS = 12;

type Counter = Readonly<Record<string, number>>;

/** The update that takes a slot given the item as last seen (undefined: not seen, or absent). */
const plan = (windows: readonly Window[], seen: Counter | undefined, now: number) => {
  const sets: string[] = ['expiresAt = :ttl'];
  const conditions: string[] = [];
  const values: Record<string, number> = {
    ':one': 1,
    ':ttl': now + Math.max(...windows.map((w) => w.seconds)) + HOUR,
  };
  let retryAfter = 0;
  for (const w of windows) {
    const start = seen?.[`${w.name}Start`];
    const count = seen?.[`${w.name}Count`] ?? 0;
    const open = start !== undefined && start > now - w.seconds;
    if (open && count >= w.max) retryAfter = Math.max(retryAfter, start + w.seconds - now);
    if (open) {
      sets.push(`${w.name}Count = ${w.name}Count + :one`);
      conditions.push(`${w.name}Start > :${w.name}Cutoff AND ${w.name}Count < :${w.name}Max`);
      values[`:${w.name}Cutoff`] = now - w.seconds;
      values[`:${w.name}Max`] = w.max;
    } else {
      sets.push(`${w.name}Start = :now, ${w.name}Count = :one`);
      values[':now'] = now;
      if (seen === undefined) {
        conditions.push('attribute_not_exists(pk)');
      } else {
        conditions.push(`${w.name}Start <= :${w.name}Cutoff`);
        values[`:${w.name}Cutoff`] = now - w.seconds;
      }
    }
  }
  return {
    retryAfter,
    update: {
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: [...new Set(conditions)].map((c) => `(${c})`).join(' AND '),
      ExpressionAttributeValues: values,
    },
  };
};

/**
 * Builds the DynamoDB-backed contact budget.
 *
 * @example
 * const budget = createDynamoDbContactBudget({ client, tableName, limits: settings.contacts });
 * await budget.takeMessage(emailIndex, new Date()); // { allowed: true } or { allowed: false, retryAfterSeconds }
 */
const createDynamoDbContactBudget = (options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  limits: ContactLimits;
}): ContactBudget => {
  const { client, tableName: TableName, limits } = options;

  const take = async (Key: ItemKey, windows: readonly Window[], at: Date): Promise<BudgetOutcome> => {
    const now = epochSeconds(at);
    let seen: Counter | undefined;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const { retryAfter, update } = plan(windows, seen, now);
      if (retryAfter > 0) return { allowed: false, retryAfterSeconds: retryAfter };
      try {
        await client.send(
          new UpdateCommand({ TableName, Key, ...update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
        );
        return { allowed: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        seen = error.Item === undefined ? undefined : (unmarshall(error.Item) as Counter);
      }
    }
    return { allowed: false, retryAfterSeconds: 1 };
  };

  return {
    takeMessage: (contactIndex, now) =>
      take(
        contactMessageBudgetKey(contactIndex),
        [
          { name: 'hour', seconds: HOUR, max: limits.messagesPerHour },
          { name: 'day', seconds: DAY, max: limits.messagesPerDay },
        ],
        now,
      ),
    takeDecoyMessage: (contactIndex, now) =>
      take(
        contactDecoyBudgetKey(contactIndex),
        [
          { name: 'hour', seconds: HOUR, max: limits.messagesPerHour },
          { name: 'day', seconds: DAY, max: limits.messagesPerDay },
        ],
        now,
      ),
    takeTry: (contactIndex, now) =>
      take(contactTryBudgetKey(contactIndex), [{ name: 'day', seconds: DAY, max: limits.failedTriesPerDay }], now),
  };
};

export { createDynamoDbContactBudget };
export type { ContactLimits };
