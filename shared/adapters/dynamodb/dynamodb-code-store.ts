// shared/adapters/dynamodb: CodeStore on the single table: one-time codes for a password reset (beside
// the name guard) and a contact change (in the account's partition). (use cases) --> CodeStore --> DynamoDB.
// Codes are stored only as HMACs; every counter is a conditional update, never read-then-write.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  CodePayload,
  CodeSlot,
  CodeStore,
  CountCodeTryOutcome,
  IssueCodeOutcome,
} from '../../domain/codes/ports.js';
import type { AccountId } from '../../domain/types.js';
import {
  contactChangeCodeKey,
  epochSeconds,
  HOUR_SECONDS,
  passwordResetCodeKey,
  passwordResetSendsKey,
  retryAfterSeconds,
} from './items/index.js';
import { transactWrite } from './transactions.js';

const DAY_SECONDS = 86_400;
/** A code item outlives its code by a day (TTL), so that the send throttle spans a late request. */
const KEEP_AFTER_EXPIRY_SECONDS = DAY_SECONDS;
/** Attempts at an issue that keeps racing with other issues or spends of the same slot. */
const MAX_RACES = 3;

/** The item of a slot: a reset's code beside its name guard, a contact-change code in its account. */
const codeKey = (slot: CodeSlot): { readonly pk: string; readonly sk: string } =>
  slot.purpose === 'password_reset'
    ? passwordResetCodeKey(slot.nameIndex, slot.resetIndex)
    : contactChangeCodeKey(slot.accountId);

/** The send throttle of a name's reset codes: one per name, whichever reset a code is for. */
interface ResetSendsItem {
  lastSentAt: number;
  windowStart: number;
  sends: number;
  /** The reset whose code was sent last (a blind index), so that a failed send lifts only its own cooldown. */
  lastResetIndex?: string;
  expiresAt: number;
}

/** What an item of the former layout (one reset code per name, at the sends key) kept and no longer needs. */
const FORMER_RESET_CODE_FIELDS = 'accountId, #purpose, codeHash, codeExpiresAt, attempts, tries, triesWindowStart, payload';

interface CodeItem {
  accountId: string;
  purpose: CodeSlot['purpose'];
  codeHash: string;
  /** Epoch seconds. */
  codeExpiresAt: number;
  /** Tries on the live code. */
  attempts: number;
  /** Failed and pending tries across codes in the current day window (guessing across resends). */
  tries: number;
  triesWindowStart: number;
  lastSentAt: number;
  /** One-hour send window. */
  windowStart: number;
  sends: number;
  payload?: CodePayload;
  expiresAt: number;
}

/** Limits of a try on a code: tries per code, and tries across the codes of a slot per day. */
interface TryLimits {
  readonly maxAttemptsPerCode: number;
  readonly maxTriesPerDay: number;
}

/**
 * Builds the DynamoDB-backed code store.
 *
 * - `issue` writes a new code (its tries start at zero) if the last send is older than the cooldown and
 *   the hour's sends are under the cap; the day's tries across codes are kept.
 * - `countTry` counts a try before any comparison: at most `maxAttemptsPerCode` per code and
 *   `maxTriesPerDay` across the codes of a slot, so that asking for new codes buys no more guesses.
 * - `spend` deletes the item on condition that it still holds the compared hash: of two racing
 *   submissions, one wins.
 *
 * @example
 * const codes = createDynamoDbCodeStore({ client: documentClient, tableName, tryLimits });
 * await codes.issue({ purpose: 'password_reset', nameIndex }, { accountId, codeHash, expiresAt }, now, settings.codes);
 */
const createDynamoDbCodeStore = (options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Defaults: 5 tries per code, 10 across codes per day. */
  tryLimits?: Partial<TryLimits>;
}): CodeStore => {
  const { client, tableName: TableName } = options;
  const maxTriesPerDay = options.tryLimits?.maxTriesPerDay ?? 10;

  const oldItem = (error: ConditionalCheckFailedException): CodeItem | undefined =>
    error.Item === undefined ? undefined : (unmarshall(error.Item) as CodeItem);

  /**
   * A reset's code: the name's send throttle (cooldown, sends per hour) counts the send and the new code
   * item is written, in one transaction; each code keeps its own tries.
   */
  const issueReset = async (
    slot: Extract<CodeSlot, { purpose: 'password_reset' }>,
    code: Parameters<CodeStore['issue']>[1],
    now: Date,
    limits: Parameters<CodeStore['issue']>[3],
  ): Promise<IssueCodeOutcome> => {
    const nowSeconds = epochSeconds(now);
    const codeExpiresAt = epochSeconds(code.expiresAt);
    const sendsKey = passwordResetSendsKey(slot.nameIndex);
    for (let race = 0; race < MAX_RACES; race += 1) {
      const { Item } = await client.send(new GetCommand({ TableName, Key: sendsKey, ConsistentRead: true }));
      const item = Item as ResetSendsItem | undefined;
      const live = item !== undefined && item.expiresAt > nowSeconds;
      const newWindow = !live || item.windowStart + HOUR_SECONDS <= nowSeconds;
      if (live) {
        const state = { lastSentAt: item.lastSentAt, windowStart: item.windowStart, sent: item.sends };
        const coolingDown = item.lastSentAt > nowSeconds - limits.resendCooldownSeconds;
        if (coolingDown || (!newWindow && item.sends >= limits.resendMaxPerHour)) {
          return { outcome: 'throttled', retryAfterSeconds: retryAfterSeconds(state, nowSeconds, limits) };
        }
      }
      const result = await transactWrite(client, [
        {
          Update: {
            TableName,
            Key: sendsKey,
            UpdateExpression:
              `SET lastSentAt = :now, lastResetIndex = :reset, expiresAt = :ttl, ` +
              (newWindow ? 'windowStart = :now, sends = :one' : 'sends = sends + :one') +
              ` REMOVE ${FORMER_RESET_CODE_FIELDS}`,
            // Compare-and-set on the state decided on: of parallel requests, each send is counted once.
            ConditionExpression:
              item === undefined ? 'attribute_not_exists(pk)' : 'lastSentAt = :readSentAt AND windowStart = :readWindow',
            ExpressionAttributeNames: { '#purpose': 'purpose' },
            ExpressionAttributeValues: {
              ':now': nowSeconds,
              ':one': 1,
              ':reset': slot.resetIndex,
              ':ttl': nowSeconds + HOUR_SECONDS + limits.resendCooldownSeconds,
              ...(item === undefined ? {} : { ':readSentAt': item.lastSentAt, ':readWindow': item.windowStart }),
            },
          },
        },
        {
          Put: {
            TableName,
            Item: {
              ...codeKey(slot),
              accountId: code.accountId,
              purpose: slot.purpose,
              codeHash: code.codeHash,
              codeExpiresAt,
              attempts: 0,
              tries: 0,
              triesWindowStart: nowSeconds,
              expiresAt: codeExpiresAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
      if (result.committed) return { outcome: 'issued' };
      // Another request counted a send meanwhile: decide again on its state.
    }
    return { outcome: 'throttled', retryAfterSeconds: Math.max(1, limits.resendCooldownSeconds) };
  };

  const issue: CodeStore['issue'] = async (slot, code, now, limits): Promise<IssueCodeOutcome> => {
    if (slot.purpose === 'password_reset') return issueReset(slot, code, now, limits);
    const nowSeconds = epochSeconds(now);
    const codeExpiresAt = epochSeconds(code.expiresAt);
    for (let race = 0; race < MAX_RACES; race += 1) {
      const { Item } = await client.send(new GetCommand({ TableName, Key: codeKey(slot), ConsistentRead: true }));
      const item = Item as CodeItem | undefined;
      const live = item !== undefined && item.expiresAt > nowSeconds;
      const newWindow = !live || item.windowStart + HOUR_SECONDS <= nowSeconds;
      const newTriesWindow = !live || (item.triesWindowStart ?? 0) + DAY_SECONDS <= nowSeconds;
      const set = [
        'accountId = :accountId',
        '#purpose = :purpose',
        'codeHash = :hash',
        'codeExpiresAt = :codeExpiresAt',
        'attempts = :zero',
        'lastSentAt = :now',
        'expiresAt = :ttl',
        newWindow ? 'windowStart = :now, sends = :one' : 'sends = sends + :one',
        ...(newTriesWindow ? ['tries = :zero, triesWindowStart = :now'] : []),
        ...(code.payload === undefined ? [] : ['payload = :payload']),
      ];
      // The condition re-checks what the decision was made on: a concurrent issue or spend loses nothing.
      const condition =
        item === undefined
          ? 'attribute_not_exists(pk)'
          : newWindow
            ? 'lastSentAt = :readSentAt AND windowStart = :readWindow AND (expiresAt <= :now OR lastSentAt <= :cooldownCutoff)'
            : 'lastSentAt = :readSentAt AND windowStart = :readWindow AND expiresAt > :now AND lastSentAt <= :cooldownCutoff AND sends < :maxSends';
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: codeKey(slot),
            UpdateExpression: `SET ${set.join(', ')}${code.payload === undefined ? ' REMOVE payload' : ''}`,
            ConditionExpression: condition,
            ExpressionAttributeNames: { '#purpose': 'purpose' },
            ExpressionAttributeValues: {
              ':accountId': code.accountId,
              ':purpose': slot.purpose,
              ':hash': code.codeHash,
              ':codeExpiresAt': codeExpiresAt,
              ':zero': 0,
              ':one': 1,
              ':now': nowSeconds,
              ':ttl': codeExpiresAt + KEEP_AFTER_EXPIRY_SECONDS,
              ...(code.payload === undefined ? {} : { ':payload': code.payload }),
              ...(item === undefined
                ? {}
                : {
                    ':readSentAt': item.lastSentAt,
                    ':readWindow': item.windowStart,
                    ':cooldownCutoff': nowSeconds - limits.resendCooldownSeconds,
                    ...(newWindow ? {} : { ':maxSends': limits.resendMaxPerHour }),
                  }),
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { outcome: 'issued' };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const old = oldItem(error);
        // Refused by the throttle on the state we read: answer with the wait.
        if (old !== undefined && item !== undefined && old.lastSentAt === item.lastSentAt && old.windowStart === item.windowStart) {
          return {
            outcome: 'throttled',
            retryAfterSeconds: retryAfterSeconds({ lastSentAt: old.lastSentAt, windowStart: old.windowStart, sent: old.sends }, nowSeconds, limits),
          };
        }
        // Otherwise the item changed under us (another issue, a spend): decide again on the new state.
      }
    }
    return { outcome: 'throttled', retryAfterSeconds: Math.max(1, limits.resendCooldownSeconds) };
  };

  const countTryWithin = async (slot: CodeSlot, now: Date, limits: TryLimits): Promise<CountCodeTryOutcome> => {
    const nowSeconds = epochSeconds(now);
    const live = 'attribute_exists(pk) AND #purpose = :purpose AND codeExpiresAt > :now AND attempts < :maxAttempts';
    const values = {
      ':one': 1,
      ':now': nowSeconds,
      ':purpose': slot.purpose,
      ':maxAttempts': limits.maxAttemptsPerCode,
      ':dayCutoff': nowSeconds - DAY_SECONDS,
    };
    const inOpenWindow = {
      UpdateExpression: 'SET attempts = attempts + :one, tries = tries + :one',
      ConditionExpression: `${live} AND triesWindowStart > :dayCutoff AND tries < :maxTries`,
      ExpressionAttributeValues: { ...values, ':maxTries': limits.maxTriesPerDay },
    };
    const inNewWindow = {
      UpdateExpression: 'SET attempts = attempts + :one, tries = :one, triesWindowStart = :now',
      ConditionExpression: `${live} AND triesWindowStart <= :dayCutoff`,
      ExpressionAttributeValues: values,
    };
    // Count first, compare after: of parallel tries only the allowed number get here.
    for (const attempt of [inOpenWindow, inNewWindow]) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName,
            Key: codeKey(slot),
            ExpressionAttributeNames: { '#purpose': 'purpose' },
            ReturnValues: 'ALL_NEW',
            ...attempt,
          }),
        );
        const item = Attributes as CodeItem;
        return {
          outcome: 'counted',
          code: {
            accountId: item.accountId as AccountId,
            codeHash: item.codeHash,
            expiresAt: new Date(item.codeExpiresAt * 1000),
            attempts: item.attempts,
            ...(item.payload === undefined ? {} : { payload: item.payload }),
          },
        };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    return { outcome: 'no_live_code' };
  };

  const countTry: CodeStore['countTry'] = (slot, now, maxAttemptsPerCode) =>
    countTryWithin(slot, now, { maxAttemptsPerCode, maxTriesPerDay });

  const spend: CodeStore['spend'] = async (slot, codeHash) => {
    try {
      await client.send(
        new DeleteCommand({
          TableName,
          Key: codeKey(slot),
          // Single use: only the code that was compared, not yet spent or superseded.
          ConditionExpression: 'codeHash = :hash AND #purpose = :purpose',
          ExpressionAttributeNames: { '#purpose': 'purpose' },
          ExpressionAttributeValues: { ':hash': codeHash, ':purpose': slot.purpose },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };

  const releaseCooldown: CodeStore['releaseCooldown'] = async (slot, codeHash) => {
    if (slot.purpose === 'password_reset') {
      // The code never reached anyone: it goes, and the cooldown it started is lifted.
      await spend(slot, codeHash);
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: passwordResetSendsKey(slot.nameIndex),
            UpdateExpression: 'SET lastSentAt = :zero',
            ConditionExpression: 'lastResetIndex = :reset',
            ExpressionAttributeValues: { ':zero': 0, ':reset': slot.resetIndex },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      return;
    }
    try {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: codeKey(slot),
          UpdateExpression: 'SET lastSentAt = :zero',
          ConditionExpression: 'codeHash = :hash',
          ExpressionAttributeValues: { ':zero': 0, ':hash': codeHash },
        }),
      );
    } catch (error) {
      // Superseded or spent meanwhile: the newer state stands.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };

  return { issue, countTry, spend, releaseCooldown };
};

export { codeKey, createDynamoDbCodeStore };
export type { TryLimits };
