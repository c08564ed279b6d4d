// shared/adapters/dynamodb: SignInThrottle and IpFailureThrottle on the single table. Back-off per account
// and client (SIGNIN#<name index> / CLIENT#<ip index>), the account's lock count (SIGNIN#<name index> /
// THROTTLE) and failures per client IP (IPFAIL#<ip index>): blind indexes, never a name or an address.
// Every count is a conditional write on the state it was decided on, never read-then-write.
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
import { epochSeconds, ipFailureKey, signInClientThrottleKey, signInThrottleKey } from './items/index.js';

const HOUR_SECONDS = 3600;
/**
 * The lock count of a name is forgotten this long after its last failure (TTL), unless it locked a real
 * account: that lock stays until a password reset by code (or the account's erasure).
 */
const FORGET_AFTER_SECONDS = 30 * 86_400;
/**
 * A client's back-off on a name is forgotten this long after its last failure (TTL): one address adds at
 * most `backoffAfterFailures` failures to the name's lock count in that time.
 */
const CLIENT_FORGET_AFTER_SECONDS = 86_400;
/** Rounds of compare-and-set lost to parallel attempts of one client on one name before answering "wait a second". */
const MAX_RACES = 8;

/** One client's consecutive failures on one name. */
interface ClientItem {
  consecutiveFailures: number;
  /** Epoch seconds (fractional allowed) before which no password of this client is checked. */
  blockedUntil: number;
  lastFailureAt: number;
  expiresAt?: number;
}

/** The name's count toward the lock: failures from clients not yet throttled. */
interface LockItem {
  accountId?: string;
  consecutiveFailures: number;
  locked?: boolean;
  lastFailureAt?: number;
  expiresAt?: number;
}

/** An item past its TTL is forgotten, though DynamoDB may not have deleted it yet. */
const alive = <T extends { expiresAt?: number }>(item: T | undefined, nowSeconds: number): T | undefined =>
  item !== undefined && (item.expiresAt === undefined || item.expiresAt > nowSeconds) ? item : undefined;

/**
 * Builds the sign-in throttle: back-off per (account, client), a lock per account.
 *
 * `admit` reads the account's lock and this client's state. Unless the account is locked or the client
 * backs off, it writes the attempt in advance as one more failure of the client, with the back-off that
 * failure would bring, on condition that the client's count is still the one read (parallel attempts of
 * one client: one wins each round; the others read again and find the back-off). A client not yet in
 * back-off also counts the failure toward the lock, by an atomic ADD on condition that the lock is not
 * reached: attempts of many clients never race each other into a spurious wait.
 *
 * @example
 * const gate = await throttle.admit(nameIndex, ipIndex, account?.accountId, now, settings.signIn);
 * if (gate.outcome !== 'allowed') throw new RateLimitedError(…);
 */
const createDynamoDbSignInThrottle = (options: { client: DynamoDBDocumentClient; tableName: string }): SignInThrottle => {
  const { client, tableName: TableName } = options;

  const read = async <T>(Key: { pk: string; sk: string }): Promise<T | undefined> =>
    (await client.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item as T | undefined;

  /** Counts one failure toward the lock; undefined when the lock is already reached. */
  const countTowardLock = async (
    nameIndex: string,
    accountId: AccountId | undefined,
    nowSeconds: number,
    limits: SignInLimits,
  ): Promise<number | undefined> => {
    const common = {
      ':one': 1,
      ':now': nowSeconds,
      ':ttl': nowSeconds + FORGET_AFTER_SECONDS,
      ...(accountId === undefined ? {} : { ':accountId': accountId }),
    };
    const setAccount = accountId === undefined ? '' : ', accountId = :accountId';
    const inLiveCount = {
      UpdateExpression: `SET consecutiveFailures = consecutiveFailures + :one, lastFailureAt = :now, expiresAt = :ttl${setAccount}`,
      ConditionExpression:
        'attribute_exists(pk) AND (attribute_not_exists(expiresAt) OR expiresAt > :now) AND ' +
        'consecutiveFailures < :lock AND (attribute_not_exists(locked) OR locked = :false)',
      ExpressionAttributeValues: { ...common, ':lock': limits.lockAfterFailures, ':false': false },
    };
    const inNewCount = {
      UpdateExpression: `SET consecutiveFailures = :one, locked = :false, lastFailureAt = :now, expiresAt = :ttl${setAccount}`,
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
      ExpressionAttributeValues: { ...common, ':false': false },
    };
    // If another attempt opened the count between our two tries, count in it.
    for (const attempt of [inLiveCount, inNewCount, inLiveCount]) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({ TableName, Key: signInThrottleKey(nameIndex), ReturnValues: 'UPDATED_NEW', ...attempt }),
        );
        const counted = (Attributes as Pick<LockItem, 'consecutiveFailures'>).consecutiveFailures;
        if (counted >= limits.lockAfterFailures) {
          // This failure reached the lock: a real account's lock stays until a reset by code.
          await client.send(
            new UpdateCommand({
              TableName,
              Key: signInThrottleKey(nameIndex),
              UpdateExpression: `SET locked = :true${accountId === undefined ? '' : ' REMOVE expiresAt'}`,
              ConditionExpression: 'consecutiveFailures >= :lock',
              ExpressionAttributeValues: { ':true': true, ':lock': limits.lockAfterFailures },
            }),
          );
        }
        return counted;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    return undefined;
  };

  const admit = async (
    nameIndex: string,
    ipIndex: string,
    accountId: AccountId | undefined,
    now: Date,
    limits: SignInLimits,
  ): Promise<SignInGate> => {
    const nowSeconds = epochSeconds(now);
    /** Fractional: a back-off is compared to the millisecond, so that it is never shorter than promised. */
    const nowExact = now.getTime() / 1000;
    const clientKey = signInClientThrottleKey(nameIndex, ipIndex);
    for (let race = 0; race < MAX_RACES; race += 1) {
      const [lockStored, clientStored] = await Promise.all([
        read<LockItem>(signInThrottleKey(nameIndex)),
        read<ClientItem>(clientKey),
      ]);
      const lock = alive(lockStored, nowSeconds);
      if (lock !== undefined && (lock.locked === true || lock.consecutiveFailures >= limits.lockAfterFailures)) {
        return { outcome: 'locked' };
      }
      const state = alive(clientStored, nowSeconds);
      if (state !== undefined && state.blockedUntil > nowExact) {
        return { outcome: 'blocked', retryAfterSeconds: Math.max(1, Math.ceil(state.blockedUntil - nowExact)) };
      }

      const before = state?.consecutiveFailures ?? 0;
      const counted = before + 1;
      const backoff = backoffSeconds(counted, limits);
      const until = backoff === 0 ? 0 : Math.ceil(nowExact) + backoff;
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: clientKey,
            UpdateExpression:
              'SET consecutiveFailures = :counted, blockedUntil = :until, lastFailureAt = :now, expiresAt = :ttl',
            ConditionExpression:
              clientStored === undefined
                ? 'attribute_not_exists(pk)'
                : 'consecutiveFailures = :read AND lastFailureAt = :readAt',
            ExpressionAttributeValues: {
              ':counted': counted,
              // Rounded up to the next whole second: the wait is at least `backoff` seconds.
              ':until': until,
              ':now': nowSeconds,
              ':ttl': Math.max(nowSeconds, until) + CLIENT_FORGET_AFTER_SECONDS,
              ...(clientStored === undefined
                ? {}
                : { ':read': clientStored.consecutiveFailures, ':readAt': clientStored.lastFailureAt }),
            },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // A parallel attempt of this client counted first: decide again on its state.
        continue;
      }
      // A client already in back-off (it waited it out) adds nothing to the lock.
      if (before >= limits.backoffAfterFailures) return { outcome: 'allowed', clientFailures: counted };
      const lockFailures = await countTowardLock(nameIndex, accountId, nowSeconds, limits);
      if (lockFailures === undefined) return { outcome: 'locked' };
      return { outcome: 'allowed', clientFailures: counted, lockFailures };
    }
    return { outcome: 'blocked', retryAfterSeconds: 1 };
  };

  const ignoreConditionFailure = (error: unknown): void => {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  };

  const succeeded: SignInThrottle['succeeded'] = async (nameIndex, ipIndex, gate, limits) => {
    await client
      .send(
        new DeleteCommand({
          TableName,
          Key: signInClientThrottleKey(nameIndex, ipIndex),
          // Only the state this attempt wrote: a failure counted meanwhile by a parallel attempt stands.
          ConditionExpression: 'consecutiveFailures = :failures',
          ExpressionAttributeValues: { ':failures': gate.clientFailures },
        }),
      )
      .catch(ignoreConditionFailure);
    if (gate.lockFailures === undefined) return;
    await client
      .send(
        new UpdateCommand({
          TableName,
          Key: signInThrottleKey(nameIndex),
          // A success ends the run of failures toward the lock; a lock reached by others meanwhile stands.
          UpdateExpression: 'SET consecutiveFailures = :zero, locked = :false',
          ConditionExpression: 'consecutiveFailures < :lock OR consecutiveFailures = :mine',
          ExpressionAttributeValues: { ':zero': 0, ':mine': gate.lockFailures, ':lock': limits.lockAfterFailures, ':false': false },
        }),
      )
      .catch(ignoreConditionFailure);
  };

  const clearLock: SignInThrottle['clearLock'] = async (nameIndex, ipIndex) => {
    await client.send(new DeleteCommand({ TableName, Key: signInThrottleKey(nameIndex) }));
    if (ipIndex !== undefined) {
      await client.send(new DeleteCommand({ TableName, Key: signInClientThrottleKey(nameIndex, ipIndex) }));
    }
  };

  return { admit, succeeded, clearLock };
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
