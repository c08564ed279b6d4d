// shared/adapters/dynamodb: RegistrationStore and ContactThrottle on the single table.
// (use cases) --> RegistrationStore --> DynamoDB. Claims and counters are conditional writes and
// transactions; expired items are treated as absent because TTL deletion lags by up to days.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { CodeLimits } from '../../domain/codes/ports.js';
import type { ContactThrottle } from '../../domain/ports.js';
import type {
  CountedCodeTry,
  CountTryOutcome,
  CreatePendingOutcome,
  PendingRegistration,
  RegistrationStore,
  StoredAccount,
} from '../../domain/registration/ports.js';
import type { AccountId } from '../../domain/types.js';
import {
  accountKey,
  decodeAccount,
  emailGuardKey,
  epochSeconds,
  HOUR_SECONDS,
  nameGuardKey,
  noticeThrottleKey,
  outboxPut,
  phoneGuardKey,
  registrationCodeKey,
  retryAfterSeconds,
  toStoredAccount,
} from './items/index.js';
import { transactWrite } from './transactions.js';

/** A guard may be claimed when nobody holds it, or its holder's pending registration lapsed. */
const guardIsFree = 'attribute_not_exists(pk) OR expiresAt < :now';
/** The code item belongs to a registration that has not lapsed and has a code that still works. */
const codeIsLive = 'attribute_exists(pk) AND expiresAt > :now AND codeExpiresAt > :now';
const heldBy = 'accountId = :accountId';
/** Reads and conditional writes of one registration before it gives up racing for a contact. */
const CLAIM_ATTEMPTS = 4;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Who holds a contact's guard, as createPending reads it before its conditional write. */
type ContactHolder =
  | { readonly state: 'free' }
  | { readonly state: 'verified' }
  | { readonly state: 'unverified'; readonly accountId: AccountId }
  | {
      readonly state: 'pending';
      readonly accountId: AccountId;
      readonly guardExpiresAt: number;
      readonly nameIndex: string;
      readonly emailIndex?: string;
      readonly phoneIndex?: string;
    };

interface CodeItem {
  accountId: string;
  codeHash: string;
  codeExpiresAt: number;
  attempts: number;
  tries: number;
  lastSentAt: number;
  windowStart: number;
  resends: number;
  channel: 'email' | 'sms';
  emailIndex?: string;
  phoneIndex?: string;
  /** The channel contact's blind index: its message and try budgets. */
  contactIndex?: string;
  /** A decoy's code: no account behind it, and its hash matches no code. */
  decoy?: boolean;
  expiresAt: number;
}

const attemptOf = (item: CodeItem): CountedCodeTry => ({
  accountId: item.accountId as AccountId,
  codeHash: item.codeHash,
  triesTotal: item.tries,
  channel: item.channel,
  ...(item.contactIndex === undefined ? {} : { contactIndex: item.contactIndex }),
  ...(item.emailIndex === undefined ? {} : { emailIndex: item.emailIndex }),
  ...(item.phoneIndex === undefined ? {} : { phoneIndex: item.phoneIndex }),
});

/** Guards of one registration in transaction order: name, then email and phone when given. */
const guardKeys = (nameIndex: string, emailIndex?: string, phoneIndex?: string) => [
  { kind: 'name' as const, key: nameGuardKey(nameIndex) },
  ...(emailIndex === undefined ? [] : [{ kind: 'email' as const, key: emailGuardKey(emailIndex) }]),
  ...(phoneIndex === undefined ? [] : [{ kind: 'sms' as const, key: phoneGuardKey(phoneIndex) }]),
];

/**
 * Builds the DynamoDB-backed registration store.
 *
 * @example
 * const store = createDynamoDbRegistrationStore({ client: documentClient, tableName });
 */
const createDynamoDbRegistrationStore = (options: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): RegistrationStore => {
  const { client, tableName: TableName } = options;

  /**
   * Who holds a contact's guard now: nobody (or a lapsed registration), a pending registration, an active
   * account that never verified it (both may be taken over), or an account that verified it (taken).
   */
  const holderOf = async (field: 'email' | 'phone', index: string, nowSeconds: number): Promise<ContactHolder> => {
    const key = field === 'email' ? emailGuardKey(index) : phoneGuardKey(index);
    const { Item: guard } = await client.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
    if (guard === undefined) return { state: 'free' };
    if (typeof guard.expiresAt === 'number' && guard.expiresAt < nowSeconds) return { state: 'free' };
    const accountId = guard.accountId as AccountId;
    const { Item } = await client.send(new GetCommand({ TableName, Key: accountKey(accountId), ConsistentRead: true }));
    if (Item === undefined) return { state: 'verified' };
    const account = decodeAccount(Item);
    if (account.status === 'pending' && typeof guard.expiresAt === 'number') {
      return {
        state: 'pending',
        accountId,
        guardExpiresAt: guard.expiresAt,
        nameIndex: account.nameIndex,
        ...(account.emailIndex === undefined ? {} : { emailIndex: account.emailIndex }),
        ...(account.phoneIndex === undefined ? {} : { phoneIndex: account.phoneIndex }),
      };
    }
    const verified = field === 'email' ? account.emailVerified : account.phoneVerified;
    const stillItsOwn = (field === 'email' ? account.emailIndex : account.phoneIndex) === index;
    if (account.status === 'active' && !verified && stillItsOwn && guard.expiresAt === undefined) {
      return { state: 'unverified', accountId };
    }
    return { state: 'verified' };
  };

  /** The writes that take one contact's guard from its unverified holder, beside the new guard's Put. */
  const takeOver = (
    field: 'email' | 'phone',
    index: string,
    holder: Extract<ContactHolder, { state: 'pending' | 'unverified' }>,
    claimed: ReadonlySet<string>,
    cancelled: Set<string>,
  ): TransactItem[] => {
    if (holder.state === 'unverified') {
      // The active account keeps everything but the contact it never proved; no notice goes to it.
      const indexAttr = field === 'email' ? 'emailIndex' : 'phoneIndex';
      return [
        {
          Update: {
            TableName,
            Key: accountKey(holder.accountId),
            UpdateExpression: `REMOVE ${indexAttr}, sealed.#field, fieldsCollectedAt.#field`,
            ConditionExpression: `#status = :active AND ${indexAttr} = :index AND #verified = :false`,
            ExpressionAttributeNames: {
              '#field': field,
              '#status': 'status',
              '#verified': field === 'email' ? 'emailVerified' : 'phoneVerified',
            },
            ExpressionAttributeValues: { ':active': 'active', ':index': index, ':false': false },
          },
        },
      ];
    }
    if (cancelled.has(holder.accountId)) return [];
    cancelled.add(holder.accountId);
    // The pending holder is cancelled: its account, code, name and other guards go; its name is free.
    const holderGuards = guardKeys(holder.nameIndex, holder.emailIndex, holder.phoneIndex).filter(
      ({ key }) => !claimed.has(key.pk),
    );
    return [
      {
        Delete: {
          TableName,
          Key: accountKey(holder.accountId),
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending' },
        },
      },
      {
        Delete: {
          TableName,
          Key: registrationCodeKey(holder.nameIndex),
          ConditionExpression: `attribute_not_exists(pk) OR ${heldBy}`,
          ExpressionAttributeValues: { ':accountId': holder.accountId },
        },
      },
      ...holderGuards.map(({ key }) => ({
        Delete: {
          TableName,
          Key: key,
          ConditionExpression: `attribute_not_exists(pk) OR ${heldBy}`,
          ExpressionAttributeValues: { ':accountId': holder.accountId },
        },
      })),
    ];
  };

  /** The decoy: a name guard and a code item whose hash nothing matches; no account, no personal data. */
  const writeDecoy = async (registration: PendingRegistration, taken: readonly ('email' | 'sms')[]): Promise<CreatePendingOutcome> => {
    const now = epochSeconds(registration.createdAt);
    const expiresAt = epochSeconds(registration.expiresAt);
    const contactIndex = registration.decoyContactIndex;
    const result = await transactWrite(client, [
      {
        Put: {
          TableName,
          Item: { ...nameGuardKey(registration.nameIndex), accountId: registration.accountId, expiresAt },
          ConditionExpression: guardIsFree,
          ExpressionAttributeValues: { ':now': now },
        },
      },
      {
        Put: {
          TableName,
          Item: {
            ...registrationCodeKey(registration.nameIndex),
            accountId: registration.accountId,
            codeHash: registration.decoyCodeHash,
            codeExpiresAt: epochSeconds(registration.code.expiresAt),
            attempts: 0,
            tries: 0,
            lastSentAt: now,
            windowStart: now,
            resends: 0,
            channel: registration.channel,
            contactIndex,
            decoy: true,
            expiresAt,
          } satisfies CodeItem & Record<string, unknown>,
        },
      },
    ]);
    if (result.committed) return { outcome: 'decoy', taken };
    if (result.reasons[0] === 'ConditionalCheckFailed') return { outcome: 'name_taken' };
    throw new Error(`Registration transaction cancelled: ${result.reasons.join(',')}`);
  };

  const createPending = async (registration: PendingRegistration): Promise<CreatePendingOutcome> => {
    const now = epochSeconds(registration.createdAt);
    const expiresAt = epochSeconds(registration.expiresAt);
    const channelField = registration.channel === 'email' ? 'email' : 'phone';
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
      const contacts = [
        ...(registration.emailIndex === undefined ? [] : [{ field: 'email' as const, kind: 'email' as const, index: registration.emailIndex }]),
        ...(registration.phoneIndex === undefined ? [] : [{ field: 'phone' as const, kind: 'sms' as const, index: registration.phoneIndex }]),
      ];
      const holders = await Promise.all(contacts.map(async (contact) => ({ ...contact, holder: await holderOf(contact.field, contact.index, now) })));
      const taken = holders.filter((entry) => entry.holder.state === 'verified').map((entry) => entry.kind);
      if (holders.some((entry) => entry.field === channelField && entry.holder.state === 'verified')) {
        return writeDecoy(registration, taken);
      }
      // A verified second contact is left out of this registration (its owner is told); the rest is claimed.
      const claimedContacts = holders.filter((entry) => entry.holder.state !== 'verified');
      const emailIndex = claimedContacts.find((entry) => entry.field === 'email')?.index;
      const phoneIndex = claimedContacts.find((entry) => entry.field === 'phone')?.index;
      const guards = guardKeys(registration.nameIndex, emailIndex, phoneIndex);
      const claimed = new Set(guards.map(({ key }) => key.pk));
      const cancelled = new Set<string>();
      const takeOvers: TransactItem[] = [];
      const guardPuts: TransactItem[] = guards.map(({ kind, key }) => {
        const entry = claimedContacts.find((contact) => contact.kind === kind);
        const holder = entry?.holder;
        const Item = { ...key, accountId: registration.accountId, expiresAt };
        if (entry === undefined || holder === undefined || holder.state === 'free' || holder.state === 'verified') {
          return { Put: { TableName, Item, ConditionExpression: guardIsFree, ExpressionAttributeValues: { ':now': now } } };
        }
        takeOvers.push(...takeOver(entry.field, entry.index, holder, claimed, cancelled));
        return {
          Put: {
            TableName,
            Item,
            // Still the holder we read, in the state we read: a racing registration makes this fail.
            ConditionExpression:
              holder.state === 'pending'
                ? `${heldBy} AND expiresAt = :guardExpiresAt`
                : `${heldBy} AND attribute_not_exists(expiresAt)`,
            ExpressionAttributeValues: {
              ':accountId': holder.accountId,
              ...(holder.state === 'pending' ? { ':guardExpiresAt': holder.guardExpiresAt } : {}),
            },
          },
        };
      });
      const result = await transactWrite(client, [
        ...guardPuts,
        {
          Put: {
            TableName,
            Item: {
              ...accountKey(registration.accountId),
              accountId: registration.accountId,
              status: 'pending',
              wrappedKey: registration.wrappedKey,
              sealed: registration.sealed,
              passwordHash: registration.passwordHash,
              locale: registration.locale,
              nameIndex: registration.nameIndex,
              ...(emailIndex === undefined ? {} : { emailIndex }),
              ...(phoneIndex === undefined ? {} : { phoneIndex }),
              emailVerified: false,
              phoneVerified: false,
              consent: [
                {
                  policyVersion: registration.consent.policyVersion,
                  acceptedAt: registration.consent.acceptedAt.toISOString(),
                },
              ],
              tokenGeneration: 0,
              // When each personal field was collected (the owner's export shows it).
              fieldsCollectedAt: Object.fromEntries(
                Object.keys(registration.sealed).map((field) => [field, registration.createdAt.toISOString()]),
              ),
              createdAt: registration.createdAt.toISOString(),
              expiresAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          // The name guard's condition covers this item too: it lives under the same name.
          Put: {
            TableName,
            Item: {
              ...registrationCodeKey(registration.nameIndex),
              accountId: registration.accountId,
              codeHash: registration.code.hash,
              codeExpiresAt: epochSeconds(registration.code.expiresAt),
              attempts: 0,
              tries: 0,
              lastSentAt: now,
              windowStart: now,
              resends: 0,
              channel: registration.channel,
              ...(emailIndex === undefined ? {} : { emailIndex }),
              ...(phoneIndex === undefined ? {} : { phoneIndex }),
              ...((channelField === 'email' ? emailIndex : phoneIndex) === undefined
                ? {}
                : { contactIndex: channelField === 'email' ? emailIndex : phoneIndex }),
              expiresAt,
            } satisfies CodeItem & Record<string, unknown>,
          },
        },
        ...takeOvers,
      ]);
      if (result.committed) return taken.length === 0 ? { outcome: 'created' } : { outcome: 'created', taken };
      if (result.reasons[0] === 'ConditionalCheckFailed') return { outcome: 'name_taken' };
      if (!result.reasons.includes('ConditionalCheckFailed')) {
        throw new Error(`Registration transaction cancelled: ${result.reasons.join(',')}`);
      }
      // A contact changed hands between the read and the write (a racing registration): read again.
    }
    // Still racing after every attempt: answer as for a taken contact, holding only the name.
    return writeDecoy(registration, []);
  };

  const countCodeTry = async (nameIndex: string, now: Date, limits: CodeLimits): Promise<CountTryOutcome> => {
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName,
          Key: registrationCodeKey(nameIndex),
          // Count first, compare after: of parallel tries only the first `maxAttemptsPerCode` get here.
          UpdateExpression: 'SET attempts = attempts + :one, tries = tries + :one',
          ConditionExpression: `${codeIsLive} AND attempts < :maxAttempts AND tries < :maxTries`,
          ExpressionAttributeValues: {
            ':one': 1,
            ':now': epochSeconds(now),
            ':maxAttempts': limits.maxAttemptsPerCode,
            ':maxTries': limits.maxFailedAttemptsTotal,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { outcome: 'counted', attempt: attemptOf(Attributes as CodeItem) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const old = error.Item === undefined ? undefined : ((unmarshall(error.Item) as CodeItem));
      if (old !== undefined && old.expiresAt > epochSeconds(now) && old.tries >= limits.maxFailedAttemptsTotal) {
        return { outcome: 'tries_exhausted', attempt: attemptOf(old) };
      }
      return { outcome: 'no_live_code' };
    }
  };

  const activate = async (nameIndex: string, attempt: CountedCodeTry, now: Date): Promise<boolean> => {
    const guards = guardKeys(nameIndex, attempt.emailIndex, attempt.phoneIndex);
    const result = await transactWrite(client, [
      {
        Delete: {
          TableName,
          Key: registrationCodeKey(nameIndex),
          // Single use: only the code we compared, not yet spent or superseded.
          ConditionExpression: 'codeHash = :codeHash AND accountId = :accountId',
          ExpressionAttributeValues: { ':codeHash': attempt.codeHash, ':accountId': attempt.accountId },
        },
      },
      {
        Update: {
          TableName,
          Key: accountKey(attempt.accountId),
          UpdateExpression: 'SET #status = :active, activatedAt = :at, lastActiveAt = :at, #verified = :true REMOVE expiresAt',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#verified': attempt.channel === 'email' ? 'emailVerified' : 'phoneVerified',
          },
          ExpressionAttributeValues: {
            ':active': 'active',
            ':pending': 'pending',
            ':at': now.toISOString(),
            ':true': true,
          },
        },
      },
      ...guards.map(({ key }) => ({
        Update: {
          TableName,
          Key: key,
          UpdateExpression: 'REMOVE expiresAt',
          ConditionExpression: heldBy,
          ExpressionAttributeValues: { ':accountId': attempt.accountId },
        },
      })),
      outboxPut(TableName, { type: 'AccountConfirmed', detail: { accountId: attempt.accountId } }, now),
    ]);
    return result.committed;
  };

  const cancelPending = async (nameIndex: string, attempt: CountedCodeTry): Promise<void> => {
    const guards = guardKeys(nameIndex, attempt.emailIndex, attempt.phoneIndex);
    const result = await transactWrite(client, [
      {
        Delete: {
          TableName,
          Key: registrationCodeKey(nameIndex),
          ConditionExpression: heldBy,
          ExpressionAttributeValues: { ':accountId': attempt.accountId },
        },
      },
      {
        Delete: {
          TableName,
          Key: accountKey(attempt.accountId),
          // A decoy has no account item.
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending' },
        },
      },
      ...guards.map(({ key }) => ({
        Delete: {
          TableName,
          Key: key,
          ConditionExpression: heldBy,
          ExpressionAttributeValues: { ':accountId': attempt.accountId },
        },
      })),
    ]);
    // Not committed means another request already cancelled or activated it: nothing left to do.
    void result;
  };

  const renewCode: RegistrationStore['renewCode'] = async (nameIndex, code, now, limits) => {
    const nowSeconds = epochSeconds(now);
    const { Item } = await client.send(
      new GetCommand({ TableName, Key: registrationCodeKey(nameIndex), ConsistentRead: true }),
    );
    const item = Item as CodeItem | undefined;
    if (item === undefined || item.expiresAt <= nowSeconds) return { outcome: 'no_pending' };

    const codeHash = code.hashFor(item.accountId as AccountId);
    const newWindow = item.windowStart + HOUR_SECONDS <= nowSeconds;
    try {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: registrationCodeKey(nameIndex),
          // A resend replaces the code and its per-code attempts, never the tries counted across codes.
          UpdateExpression: newWindow
            ? 'SET codeHash = :hash, codeExpiresAt = :codeExpiresAt, attempts = :zero, lastSentAt = :now, windowStart = :now, resends = :one'
            : 'SET codeHash = :hash, codeExpiresAt = :codeExpiresAt, attempts = :zero, lastSentAt = :now, resends = resends + :one',
          ConditionExpression: newWindow
            ? 'accountId = :accountId AND expiresAt > :now AND lastSentAt <= :cooldownCutoff AND windowStart <= :windowCutoff'
            : 'accountId = :accountId AND expiresAt > :now AND lastSentAt <= :cooldownCutoff AND windowStart > :windowCutoff AND resends < :maxResends',
          ExpressionAttributeValues: {
            ':hash': codeHash,
            ':codeExpiresAt': epochSeconds(code.expiresAt),
            ':zero': 0,
            ':one': 1,
            ':now': nowSeconds,
            ':accountId': item.accountId,
            ':cooldownCutoff': nowSeconds - limits.resendCooldownSeconds,
            ':windowCutoff': nowSeconds - HOUR_SECONDS,
            ...(newWindow ? {} : { ':maxResends': limits.resendMaxPerHour }),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return {
        outcome: 'renewed',
        accountId: item.accountId as AccountId,
        channel: item.channel,
        codeHash,
        decoy: item.decoy === true,
        ...(item.contactIndex === undefined ? {} : { contactIndex: item.contactIndex }),
      };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const old = error.Item === undefined ? undefined : ((unmarshall(error.Item) as CodeItem));
      if (old === undefined || old.expiresAt <= nowSeconds || old.accountId !== item.accountId) {
        return { outcome: 'no_pending' };
      }
      return {
        outcome: 'throttled',
        retryAfterSeconds: retryAfterSeconds({ lastSentAt: old.lastSentAt, windowStart: old.windowStart, sent: old.resends }, nowSeconds, limits),
      };
    }
  };

  const releaseCooldown = async (nameIndex: string, codeHash: string): Promise<void> => {
    try {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: registrationCodeKey(nameIndex),
          UpdateExpression: 'SET lastSentAt = :zero',
          ConditionExpression: 'codeHash = :codeHash',
          ExpressionAttributeValues: { ':zero': 0, ':codeHash': codeHash },
        }),
      );
    } catch (error) {
      // Superseded or spent meanwhile: the newer state stands.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };

  const getAccount = async (accountId: AccountId): Promise<StoredAccount | undefined> => {
    const { Item } = await client.send(new GetCommand({ TableName, Key: accountKey(accountId), ConsistentRead: true }));
    return Item === undefined ? undefined : toStoredAccount(decodeAccount(Item), new Date());
  };

  return { createPending, countCodeTry, activate, cancelPending, renewCode, releaseCooldown, getAccount };
};

/**
 * Rolling one-hour window of owner notices per contact: a conditional update takes a slot in the
 * open window, or opens a new one; a full window refuses.
 */
const createDynamoDbContactThrottle = (options: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): ContactThrottle => {
  const { client, tableName: TableName } = options;
  const tryTake = async (contactIndex: string, now: Date, maxPerHour: number): Promise<boolean> => {
    if (maxPerHour <= 0) return false;
    const nowSeconds = epochSeconds(now);
    const values = { ':cutoff': nowSeconds - HOUR_SECONDS, ':one': 1, ':ttl': nowSeconds + 2 * HOUR_SECONDS };
    const takeInOpenWindow = {
      UpdateExpression: 'SET #count = #count + :one, expiresAt = :ttl',
      ConditionExpression: 'windowStart > :cutoff AND #count < :max',
      ExpressionAttributeValues: { ...values, ':max': maxPerHour },
    };
    const openNewWindow = {
      UpdateExpression: 'SET windowStart = :now, #count = :one, expiresAt = :ttl',
      ConditionExpression: 'attribute_not_exists(pk) OR windowStart <= :cutoff',
      ExpressionAttributeValues: { ...values, ':now': nowSeconds },
    };
    // If another request opened the window between our two tries, take a slot in it.
    for (const attempt of [takeInOpenWindow, openNewWindow, takeInOpenWindow]) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: noticeThrottleKey(contactIndex),
            ExpressionAttributeNames: { '#count': 'count' },
            ...attempt,
          }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    return false;
  };
  return { tryTake };
};

export { createDynamoDbContactThrottle, createDynamoDbRegistrationStore };
