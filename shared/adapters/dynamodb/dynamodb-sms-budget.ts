// shared/adapters/dynamodb: the SmsBudget port on the single table. SMSPREFIX#<prefix index> / HOUR#<hour>
// counts SMS to one 6-digit prefix per UTC hour (the prefix by its blind index, never digits); SMSDAY#<date>
// counts the stage's SMS per UTC day, and each count is emitted as SmsSentToday for the 80% alarm.
import type { BlindIndexer } from '../../domain/ports.js';
import { smsPrefixOf, type SmsBudget, type SmsBudgetOutcome } from '../../domain/courier/sms-budget.js';
import type { PhoneNumber } from '../../domain/types.js';
import { emfSink, METRIC_NAMES, type MetricSink } from '../../observability/metrics.js';
import { dayOf, giveSlotBack, hourOf, secondsLeftInDay, secondsLeftInHour, takeSlot, type WindowTable } from './fixed-window.js';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { smsDailyBudgetKey, smsPrefixBudgetKey, type ItemKey } from './items/index.js';

interface DynamoDbSmsBudgetOptions extends WindowTable {
  /** The blind indexer, or how to get it on first use. */
  readonly indexer: BlindIndexer | (() => Promise<BlindIndexer>);
  readonly limits: { readonly perPrefixPerHour: number; readonly dailyBudget: number };
  /** Where SmsSentToday and SmsBudgetRefused go; defaults to EMF on stdout. */
  readonly metrics?: MetricSink;
}

/**
 * @example
 * const budget = createDynamoDbSmsBudget({ client, tableName, indexer, limits: settings.sms });
 * if ((await budget.take(phone, now)) !== 'allowed') throw new SmsUnavailableError();
 */
const createDynamoDbSmsBudget = (options: DynamoDbSmsBudgetOptions): SmsBudget => {
  const metrics = options.metrics ?? emfSink;
  const refuse = (outcome: Exclude<SmsBudgetOutcome, 'allowed'>): SmsBudgetOutcome => {
    metrics(METRIC_NAMES.smsBudgetRefused, 1);
    return outcome;
  };
  const prefixKeyOf = async (phone: PhoneNumber, now: Date) => {
    const indexer = typeof options.indexer === 'function' ? await options.indexer() : options.indexer;
    return smsPrefixBudgetKey(indexer.index('smsPrefix', smsPrefixOf(phone)), hourOf(now));
  };
  const countOf = async (key: ItemKey): Promise<number> => {
    const { Item } = await options.client.send(
      new GetCommand({ TableName: options.tableName, Key: key, ConsistentRead: true }),
    );
    return (Item as { count?: number } | undefined)?.count ?? 0;
  };
  return {
    check: async (phone: PhoneNumber, now: Date): Promise<SmsBudgetOutcome> => {
      const [prefix, today] = await Promise.all([
        countOf(await prefixKeyOf(phone, now)),
        countOf(smsDailyBudgetKey(dayOf(now))),
      ]);
      if (prefix >= options.limits.perPrefixPerHour) return 'prefix_spent';
      return today >= options.limits.dailyBudget ? 'stage_spent' : 'allowed';
    },
    take: async (phone: PhoneNumber, now: Date): Promise<SmsBudgetOutcome> => {
      const prefixKey = await prefixKeyOf(phone, now);
      const hourEnds = new Date(now.getTime() + secondsLeftInHour(now) * 1000);
      if ((await takeSlot(options, prefixKey, options.limits.perPrefixPerHour, hourEnds)) === undefined) {
        return refuse('prefix_spent');
      }
      const dayEnds = new Date(now.getTime() + secondsLeftInDay(now) * 1000);
      const today = await takeSlot(options, smsDailyBudgetKey(dayOf(now)), options.limits.dailyBudget, dayEnds);
      if (today === undefined) {
        await giveSlotBack(options, prefixKey);
        return refuse('stage_spent');
      }
      metrics(METRIC_NAMES.smsSentToday, today);
      return 'allowed';
    },
  };
};

export { createDynamoDbSmsBudget };
export type { DynamoDbSmsBudgetOptions };
