// shared/adapters/dynamodb: OwnerStore on the single table: the owner's export, profile and contact
// changes, and erasure. (use cases) --> OwnerStore --> DynamoDB. Every change is conditional on the
// state it was decided on; claims and releases of guards happen in one transaction with the account.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  ContactField,
  ContactReplacement,
  DisclosureRecord,
  ErasureReason,
  OwnerAccount,
  OwnerStore,
  ProfileUpdate,
  ReplaceContactOutcome,
  Tombstone,
} from '../../domain/owner/ports.js';
import type { SealedField } from '../../domain/ports.js';
import type { AccountId } from '../../domain/types.js';
import {
  accountKey,
  classifyKey,
  contactChangeCodeKey,
  decodeAccount,
  DISCLOSURE_PREFIX,
  emailGuardKey,
  epochSeconds,
  erasedUnder,
  erasedWith,
  nameGuardKey,
  outboxPut,
  withReferenced,
  phoneGuardKey,
  toOwnerAccount,
  type ItemKey,
} from './items/index.js';
import { transactWrite } from './transactions.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Key = ItemKey;

/** DynamoDB's cap on the items of one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

/** A guard may be claimed when nobody holds it, or its holder's pending registration lapsed. */
const guardIsFree = 'attribute_not_exists(pk) OR expiresAt < :now';
/** A guard of ours, or one already gone (deleting nothing is fine). */
const guardIsOursOrGone = 'attribute_not_exists(pk) OR accountId = :accountId';
/** No legal hold is in force (a lifted hold may stay on the item, inactive). */
const noActiveHold = '(attribute_not_exists(legalHold) OR legalHold.active <> :true)';

const GUARD_KEY: Readonly<Record<ContactField, (index: string) => Key>> = {
  email: emailGuardKey,
  phone: phoneGuardKey,
};
const INDEX_ATTRIBUTE: Readonly<Record<ContactField, 'emailIndex' | 'phoneIndex'>> = {
  email: 'emailIndex',
  phone: 'phoneIndex',
};
const VERIFIED_ATTRIBUTE: Readonly<Record<ContactField, 'emailVerified' | 'phoneVerified'>> = {
  email: 'emailVerified',
  phone: 'phoneVerified',
};

const isConditionFailure = (error: unknown): boolean => error instanceof ConditionalCheckFailedException;

const asDisclosure = (item: Record<string, unknown>): DisclosureRecord => {
  const text = (key: string): string => (typeof item[key] === 'string' ? item[key] : '');
  const items =
    item.items instanceof Set || Array.isArray(item.items) ? [...(item.items as Iterable<unknown>)] : [];
  return {
    date: text('date'),
    authority: text('authority'),
    legalBasis: text('legalBasis'),
    documentReference: text('documentReference'),
    items: items.filter((value): value is string => typeof value === 'string'),
    // Telling the owner is the rule; only an explicit `false` withholds a disclosure.
    ownerMayBeTold: item.ownerMayBeTold !== false,
  };
};

/**
 * Builds the DynamoDB-backed owner store.
 *
 * @example
 * const store = createDynamoDbOwnerStore({ client: documentClient, tableName });
 */
const createDynamoDbOwnerStore = (options: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): OwnerStore => {
  const { client, tableName: TableName } = options;

  /** Every item of a partition (all pages), consistently read, optionally under an sk prefix. */
  const queryPartition = async (
    pk: string,
    skPrefix?: string,
    projectKeysOnly = false,
  ): Promise<Record<string, unknown>[]> => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression:
            skPrefix === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': pk,
            ...(skPrefix === undefined ? {} : { ':prefix': skPrefix }),
          },
          ConsistentRead: true,
          ...(projectKeysOnly ? { ProjectionExpression: 'pk, sk' } : {}),
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  };

  /**
   * Keys of the items in the account's partition that erasure deletes: all but the account item, which
   * the tombstone replaces (an item of no known kind goes too: nothing of an erased account stays).
   */
  const partitionLeftovers = async (accountId: AccountId): Promise<Key[]> =>
    (await queryPartition(accountKey(accountId).pk, undefined, true))
      .map((item) => ({ pk: item.pk as string, sk: item.sk as string }))
      .filter((key) => classifyKey(key)?.spec.erasure !== 'tombstone')
      // A refresh token reference brings its lookup (outside the partition); the reference goes last, so
      // that an interrupted erasure still finds the lookup through it.
      .flatMap((key) => withReferenced(key).reverse());

  const deleteEach = async (keys: readonly Key[]): Promise<void> => {
    for (const Key of keys) await client.send(new DeleteCommand({ TableName, Key }));
  };

  const load = async (accountId: AccountId): Promise<OwnerAccount | undefined> => {
    const { Item } = await client.send(
      new GetCommand({ TableName, Key: accountKey(accountId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : toOwnerAccount(decodeAccount(Item));
  };

  const listDisclosures = async (accountId: AccountId): Promise<DisclosureRecord[]> =>
    (await queryPartition(accountKey(accountId).pk, DISCLOSURE_PREFIX)).map(asDisclosure);

  const updateProfile = async (accountId: AccountId, update: ProfileUpdate): Promise<boolean> => {
    const fields = Object.entries(update.sealed) as [SealedField, string][];
    const sets = fields.map(([, _value], i) => `sealed.#f${i} = :s${i}, fieldsCollectedAt.#f${i} = :at`);
    if (update.locale !== undefined) sets.push('#locale = :locale');
    if (sets.length === 0) return true;
    try {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: accountKey(accountId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: {
            '#status': 'status',
            ...(update.locale === undefined ? {} : { '#locale': 'locale' }),
            ...Object.fromEntries(fields.map(([field], i) => [`#f${i}`, field])),
          },
          ExpressionAttributeValues: {
            ':active': 'active',
            ...(fields.length === 0 ? {} : { ':at': update.at.toISOString() }),
            ...Object.fromEntries(fields.map(([, value], i) => [`:s${i}`, value])),
            ...(update.locale === undefined ? {} : { ':locale': update.locale }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };

  const contactHolder = async (
    field: ContactField,
    index: string,
    now: Date,
  ): Promise<AccountId | undefined> => {
    const { Item } = await client.send(
      new GetCommand({ TableName, Key: GUARD_KEY[field](index), ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    // A lapsed pending registration's guard is free, even before TTL deletes it.
    if (typeof Item.expiresAt === 'number' && Item.expiresAt < epochSeconds(now)) return undefined;
    return Item.accountId as AccountId;
  };

  const replaceContact = async (
    accountId: AccountId,
    replacement: ContactReplacement,
  ): Promise<ReplaceContactOutcome> => {
    const { field, index, previousIndex } = replacement;
    const guardKey = GUARD_KEY[field];
    const result = await transactWrite(client, [
      {
        Put: {
          TableName,
          Item: { ...guardKey(index), accountId },
          ConditionExpression: guardIsFree,
          ExpressionAttributeValues: { ':now': epochSeconds(replacement.at) },
        },
      },
      {
        Update: {
          TableName,
          Key: accountKey(accountId),
          UpdateExpression:
            'SET sealed.#field = :sealed, fieldsCollectedAt.#field = :at, #index = :index, #verified = :true',
          // Decided on the contact as read: a concurrent change of the same kind makes this one stale.
          ConditionExpression: `#status = :active AND ${
            previousIndex === undefined ? 'attribute_not_exists(#index)' : '#index = :previous'
          }`,
          ExpressionAttributeNames: {
            '#status': 'status',
            '#field': field,
            '#index': INDEX_ATTRIBUTE[field],
            '#verified': VERIFIED_ATTRIBUTE[field],
          },
          ExpressionAttributeValues: {
            ':active': 'active',
            ':sealed': replacement.sealed,
            ':at': replacement.at.toISOString(),
            ':index': index,
            ':true': true,
            ...(previousIndex === undefined ? {} : { ':previous': previousIndex }),
          },
        },
      },
      ...(previousIndex === undefined
        ? []
        : [
            {
              // The old contact is free again: it may register or be added elsewhere.
              Delete: {
                TableName,
                Key: guardKey(previousIndex),
                ConditionExpression: guardIsOursOrGone,
                ExpressionAttributeValues: { ':accountId': accountId },
              },
            },
          ]),
      outboxPut(TableName, { type: 'ContactChanged', detail: { accountId, contact: field } }, replacement.at),
    ]);
    if (result.committed) return 'changed';
    return result.reasons[0] === 'ConditionalCheckFailed' ? 'contact_taken' : 'stale';
  };

  const recordErasureRequest = async (
    accountId: AccountId,
    request: { readonly requestedAt: Date; readonly reason: ErasureReason },
  ): Promise<boolean> => {
    try {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: accountKey(accountId),
          // The first request's time stands: the wait began then.
          UpdateExpression: 'SET erasureRequested = if_not_exists(erasureRequested, :request)',
          ConditionExpression: 'legalHold.active = :true AND #status IN (:pending, :active)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':request': { requestedAt: request.requestedAt.toISOString(), reason: request.reason },
            ':true': true,
            ':pending': 'pending',
            ':active': 'active',
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };

  const erase = async (account: OwnerAccount, tombstone: Tombstone): Promise<'erased' | 'conflict'> => {
    const { accountId, nameIndex, emailIndex, phoneIndex } = account;
    const leftovers = await partitionLeftovers(accountId);
    /** Items keyed by the name and one more index (reset codes, per-client back-off): found by a query. */
    const underName: Key[] = [];
    for (const { pk, skPrefix } of erasedUnder('name', nameIndex)) {
      for (const item of await queryPartition(pk, skPrefix, true)) underName.push({ pk: item.pk as string, sk: item.sk as string });
    }
    // A pending contact change's new contact is the person's too: its counters (blind index, counts) go.
    const { Item: change } = await client.send(
      new GetCommand({ TableName, Key: contactChangeCodeKey(accountId), ConsistentRead: true }),
    );
    const pendingIndex = (change?.payload as { index?: unknown } | undefined)?.index;
    const pendingContact =
      typeof pendingIndex === 'string' && pendingIndex !== emailIndex && pendingIndex !== phoneIndex
        ? erasedWith('contact', pendingIndex)
        : [];
    /** Guards to release; one found held by another account (a lapsed registration's, re-claimed) is dropped. */
    let guards = [
      { kind: 'name' as const, key: nameGuardKey(nameIndex) },
      ...(emailIndex === undefined ? [] : [{ kind: 'email' as const, key: emailGuardKey(emailIndex) }]),
      ...(phoneIndex === undefined ? [] : [{ kind: 'phone' as const, key: phoneGuardKey(phoneIndex) }]),
    ];

    for (;;) {
      const held = (kind: 'name' | 'email' | 'phone') => guards.some((guard) => guard.kind === kind);
      // Items keyed by the name or a contact are ours only while we hold its guard (same transaction).
      // The catalogue says which kinds hang off each (shared/adapters/dynamodb/items).
      const scoped: Key[] = [
        ...(held('name') ? erasedWith('name', nameIndex) : []),
        ...(held('email') && emailIndex !== undefined ? [...erasedWith('email', emailIndex), ...erasedWith('contact', emailIndex)] : []),
        ...(held('phone') && phoneIndex !== undefined ? [...erasedWith('phone', phoneIndex), ...erasedWith('contact', phoneIndex)] : []),
        ...pendingContact,
      ];
      const fixed: TransactItem[] = [
        {
          Put: {
            TableName,
            Item: {
              ...accountKey(accountId),
              accountId,
              status: 'erased',
              createdAt: account.createdAt,
              erasedAt: tombstone.erasedAt.toISOString(),
              reason: tombstone.reason,
              expiresAt: epochSeconds(tombstone.expiresAt),
            },
            ConditionExpression: [
              '#status = :status',
              'nameIndex = :nameIndex',
              emailIndex === undefined ? 'attribute_not_exists(emailIndex)' : 'emailIndex = :emailIndex',
              phoneIndex === undefined ? 'attribute_not_exists(phoneIndex)' : 'phoneIndex = :phoneIndex',
              noActiveHold,
            ].join(' AND '),
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':status': account.status,
              ':nameIndex': nameIndex,
              ...(emailIndex === undefined ? {} : { ':emailIndex': emailIndex }),
              ...(phoneIndex === undefined ? {} : { ':phoneIndex': phoneIndex }),
              ':true': true,
            },
          },
        },
        ...guards.map(({ key }): TransactItem => ({
          Delete: {
            TableName,
            Key: key,
            ConditionExpression: guardIsOursOrGone,
            ExpressionAttributeValues: { ':accountId': accountId },
          },
        })),
        ...scoped.map((Key): TransactItem => ({ Delete: { TableName, Key } })),
      ];
      // One place is the event's: the erasure and its AccountErased commit together.
      const room = MAX_TRANSACTION_ITEMS - fixed.length - 1;
      const rest = held('name') ? [...leftovers, ...underName] : leftovers;
      const inTransaction = rest.slice(0, room);
      const result = await transactWrite(client, [
        ...fixed,
        ...inTransaction.map((Key): TransactItem => ({ Delete: { TableName, Key } })),
        outboxPut(
          TableName,
          { type: 'AccountErased', detail: { accountId, reason: tombstone.reason } },
          tombstone.erasedAt,
        ),
      ]);
      if (result.committed) {
        // Only an account with a great many disclosures gets here; the tombstone is already in place,
        // and a later call finds these through removeLeftovers.
        await deleteEach(rest.slice(room));
        return 'erased';
      }
      const failedGuards = guards.filter((_, i) => result.reasons[i + 1] === 'ConditionalCheckFailed');
      if (result.reasons[0] === 'ConditionalCheckFailed' || failedGuards.length === 0) return 'conflict';
      guards = guards.filter((guard) => !failedGuards.includes(guard));
    }
  };

  const removeLeftovers = async (accountId: AccountId): Promise<void> => {
    await deleteEach(await partitionLeftovers(accountId));
  };

  return {
    load,
    listDisclosures,
    updateProfile,
    contactHolder,
    replaceContact,
    recordErasureRequest,
    erase,
    removeLeftovers,
  };
};

export { createDynamoDbOwnerStore };
