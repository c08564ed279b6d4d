// shared/adapters/dynamodb: running a TransactWriteItems and reading why it was cancelled.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** Outcome of a transaction: committed, or cancelled with one reason code per item, in order. */
export type TransactOutcome =
  | { readonly committed: true }
  | { readonly committed: false; readonly reasons: readonly (string | undefined)[] };

/** Attempts at a transaction that keeps colliding with concurrent ones on the same items. */
const MAX_CONFLICT_RETRIES = 8;

/**
 * Writes the items in one transaction. Conflicts with concurrent transactions on the same items
 * (`TransactionConflict`) are retried with jittered back-off, so that the loser of a race ends with
 * the real answer (usually `ConditionalCheckFailed`) rather than a spurious failure.
 */
const transactWrite = async (
  client: DynamoDBDocumentClient,
  items: TransactItems,
  random: () => number = Math.random,
): Promise<TransactOutcome> => {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
      return { committed: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((reason) => reason.Code);
      const conflicted = reasons.some((code) => code === 'TransactionConflict');
      const failedCondition = reasons.some((code) => code === 'ConditionalCheckFailed');
      if (conflicted && !failedCondition && attempt < MAX_CONFLICT_RETRIES) {
        await sleep(Math.round((5 + random() * 20) * 2 ** Math.min(attempt, 4)));
        continue;
      }
      return { committed: false, reasons };
    }
  }
};

export { transactWrite };
