// shared/adapters/dynamodb: SignInThrottle and IpFailureThrottle on the single table. Failed sign-ins per
// account (SIGNIN#<name index>) and per client IP (IPFAIL#<ip index>): blind indexes, never a name or an
// address. Every count is a conditional write on the state it was decided on, never read-then-write.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  IpFailureThrottle,
  IpGate,
  SignInGate,
  SignInLimits,
  SignInThrottle,
} from '../../domain/session/ports.js';
import { backoffSeconds } from '../../domain/session/backoff.js';
import type { AccountId } from '../../domain/types.js';
import { epochSeconds, ipFailureKey, signInThrottleKey } from './items/index.js';

const HOUR_SECONDS = 3600;
/**
 * Failures of a name are forgotten this long after the last one (TTL), unless they locked a real
 * account: that lock stays until a password reset by code (or the account's erasure).
 */
const FORGET_AFTER_SECONDS = 30 * 86_400;
/** Rounds of compare-and-set lost to parallel attempts on the same name before answering "wait a second". */
const MAX_RACES = 8;

interface ThrottleItem {
  accountId?: string;
  consecutiveFailures: number;
  /** Epoch seconds before which no password is checked. */
  blockedUntil: number;
  locked: boolean;
  lastFailureAt: number;
  expiresAt?: number;
}

/**
 * Builds the per-account sign-in throttle.
 *
 * `admit` reads the name's state and, unless it is backing off or locked, writes the attempt in advance
 * as one more failure, with the back-off and the lock that failure would bring, on condition that the
 * count is still the one read. Of parallel attempts on one name, one wins each round; the others read
 * again and find the back-off. A sign-in that then succeeds deletes the state (`succeeded`).
 *
 * @example
 * const gate = await throttle.admit(nameIndex, account?.accountId, now, settings.signIn);
 * if (gate.outcome !== 'allowed') throw new RateLimitedError(…);
 */
const createDynamoDbSignInThrottle = (options: { client: DynamoDBDocumentClient; tableName: string }): SignInThrottle => {
  const { client, tableName: TableName } = options;

  const admit = async (
    nameIndex: string,
    accountId: AccountId | undefined,
    now: Date,
    limits: SignInLimits,
  ): Promise<SignInGate> => {
    const nowSeconds = epochSeconds(now);
    /** Fractional: a back-off is compared to the millisecond, so that it is never shorter than promised. */
    const nowExact = now.getTime() / 1000;
    for (let race = 0; race < MAX_RACES; race += 1) {
      const { Item } = await client.send(
        new GetCommand({ TableName, Key: signInThrottleKey(nameIndex), ConsistentRead: true }),
      );
      const stored = Item as ThrottleItem | undefined;
      // An item past its TTL is forgotten, though DynamoDB may not have deleted it yet.
      const state = stored !== undefined && (stored.expiresAt === undefined || stored.expiresAt > nowSeconds) ? stored : undefined;
      const failures = state?.consecutiveFailures ?? 0;
      if (state?.locked === true || failures >= limits.lockAfterFailures) return { outcome: 'locked' };
      if (state !== undefined && state.blockedUntil > nowExact) {
        return { outcome: 'blocked', retryAfterSeconds: Math.max(1, Math.ceil(state.blockedUntil - nowExact)) };
      }

      const counted = failures + 1;
      const locked = counted >= limits.lockAfterFailures;
      const backoff = backoffSeconds(counted, limits);
      const keepsLock = locked && accountId !== undefined;
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: signInThrottleKey(nameIndex),
            UpdateExpression:
              'SET consecutiveFailures = :counted, blockedUntil = :until, locked = :locked, lastFailureAt = :now' +
              (accountId === undefined ? '' : ', accountId = :accountId') +
              (keepsLock ? ' REMOVE expiresAt' : ', expiresAt = :ttl'),
            ConditionExpression:
              stored === undefined ? 'attribute_not_exists(pk)' : 'consecutiveFailures = :read AND lastFailureAt = :readAt',
            ExpressionAttributeValues: {
              ':counted': counted,
              // Rounded up to the next whole second: the wait is at least `backoff` seconds.
              ':until': backoff === 0 ? 0 : Math.ceil(nowExact) + backoff,
              ':locked': locked,
              ':now': nowSeconds,
              ...(accountId === undefined ? {} : { ':accountId': accountId }),
              ...(keepsLock ? {} : { ':ttl': nowSeconds + FORGET_AFTER_SECONDS }),
              ...(stored === undefined ? {} : { ':read': stored.consecutiveFailures, ':readAt': stored.lastFailureAt }),
            },
          }),
        );
        return { outcome: 'allowed', failures: counted };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // A parallel attempt counted first: decide again on its state.
      }
    }
    return { outcome: 'blocked', retryAfterSeconds: 1 };
  };

  const succeeded = async (nameIndex: string, failures: number): Promise<void> => {
    try {
      await client.send(
        new DeleteCommand({
          TableName,
          Key: signInThrottleKey(nameIndex),
          // Only the state this attempt wrote: a failure counted meanwhile by a parallel attempt stands.
          ConditionExpression: 'consecutiveFailures = :failures',
          ExpressionAttributeValues: { ':failures': failures },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };

  const clear = async (nameIndex: string): Promise<void> => {
    await client.send(new DeleteCommand({ TableName, Key: signInThrottleKey(nameIndex) }));
  };

  return { admit, succeeded, clear };
};

interface IpItem {
  windowStart: number;
  count: number;
}

/**
 * Builds the per-IP failure throttle: a one-hour window opened by the first failure, at most
 * `maxPerHour` failures in it. A slot is taken by a conditional update before the password is checked
 * and given back (ADD -1) when the attempt succeeds or is refused without a check.
 *
 * @example
 * const gate = await ipThrottle.take(indexer.index('ip', facts.sourceIp), now, settings.signIn.maxFailuresPerIpPerHour);
 */
const createDynamoDbIpFailureThrottle = (options: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): IpFailureThrottle => {
  const { client, tableName: TableName } = options;

  const take = async (ipIndex: string, now: Date, maxPerHour: number): Promise<IpGate> => {
    const nowSeconds = epochSeconds(now);
    const values = { ':cutoff': nowSeconds - HOUR_SECONDS, ':one': 1, ':ttl': nowSeconds + 2 * HOUR_SECONDS };
    const takeInOpenWindow = {
      UpdateExpression: 'SET #count = #count + :one',
      ConditionExpression: 'windowStart > :cutoff AND #count < :max',
      ExpressionAttributeValues: { ':cutoff': values[':cutoff'], ':one': 1, ':max': maxPerHour },
    };
    const openNewWindow = {
      UpdateExpression: 'SET windowStart = :now, #count = :one, expiresAt = :ttl',
      ConditionExpression: 'attribute_not_exists(pk) OR windowStart <= :cutoff',
      ExpressionAttributeValues: { ...values, ':now': nowSeconds },
    };
    let old: IpItem | undefined;
    // If another request opened the window between our two tries, take a slot in it.
    for (const attempt of [takeInOpenWindow, openNewWindow, takeInOpenWindow]) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: ipFailureKey(ipIndex),
            ExpressionAttributeNames: { '#count': 'count' },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            ...attempt,
          }),
        );
        return { outcome: 'allowed' };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        if (error.Item !== undefined) old = unmarshall(error.Item) as IpItem;
      }
    }
    const windowEnds = (old?.windowStart ?? nowSeconds) + HOUR_SECONDS;
    return { outcome: 'blocked', retryAfterSeconds: Math.max(1, windowEnds - nowSeconds) };
  };

  const giveBack = async (ipIndex: string, now: Date): Promise<void> => {
    try {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: ipFailureKey(ipIndex),
          UpdateExpression: 'SET #count = #count - :one',
          // Only into the window the slot was taken from, and never below zero.
          ConditionExpression: 'windowStart > :cutoff AND #count > :zero',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':cutoff': epochSeconds(now) - HOUR_SECONDS },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };

  return { take, giveBack };
};

export { createDynamoDbIpFailureThrottle, createDynamoDbSignInThrottle };
