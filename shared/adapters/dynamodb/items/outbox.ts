// shared/adapters/dynamodb/items: the outbox item of a lifecycle event (shared/domain/events). Each change
// that publishes one adds exactly one `outboxPut` to its own TransactWriteItems, so the event exists if and
// only if the change committed; the table's stream carries the new item to the forwarder. The item holds
// the event's name and detail (opaque ids, times, a reason) and nothing personal.
import { randomUUID } from 'node:crypto';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { LifecycleChange, LifecycleEvent, LifecycleEventType } from '../../../domain/events/events.js';
import { LIFECYCLE_EVENT_TYPES } from '../../../domain/events/events.js';
import type { AccountId } from '../../../domain/types.js';
import { epochSeconds, type ItemKey } from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Prefix of the outbox items' partition keys (the stream filter matches it). */
const OUTBOX_PREFIX = 'OUTBOX#';
/** An event's outbox item: a partition of its own, so that no account's erasure deletes it. */
const outboxKey = (eventId: string): ItemKey => ({ pk: `${OUTBOX_PREFIX}${eventId}`, sk: 'EVENT' });

/**
 * How long an item that was never marked forwarded lives: past the stream's 24-hour retention, so that
 * an event the forwarder could not deliver can still be read from the table and replayed.
 */
const OUTBOX_FALLBACK_SECONDS = 3 * 86_400;

/** The keys each event's detail may hold beyond eventId, accountId and occurredAt. */
const EXTRA_DETAIL: { readonly [K in LifecycleEventType]: readonly string[] } = {
  AccountConfirmed: [],
  ContactChanged: ['contact'],
  PasswordChanged: ['via'],
  SessionsRevoked: [],
  AccountErased: ['reason'],
};

/**
 * The change's event, with a random (CSPRNG) id and the change's time.
 *
 * @example
 * lifecycleEvent({ type: 'SessionsRevoked', detail: { accountId } }, now); // { type, detail: { eventId, accountId, occurredAt } }
 */
const lifecycleEvent = (change: LifecycleChange, at: Date): LifecycleEvent =>
  ({
    type: change.type,
    detail: { eventId: randomUUID(), ...change.detail, occurredAt: at.toISOString() },
  }) as LifecycleEvent;

/**
 * The one item a change adds to its transaction for its event: a Put of a new outbox item (never over
 * another), expiring at the fallback time until the forwarder shortens it.
 *
 * @example
 * await transactWrite(client, [...theChange, outboxPut(TableName, { type: 'AccountConfirmed', detail: { accountId } }, now)]);
 */
const outboxPut = (TableName: string, change: LifecycleChange, at: Date): TransactItem => {
  const event = lifecycleEvent(change, at);
  return {
    Put: {
      TableName,
      Item: {
        ...outboxKey(event.detail.eventId),
        eventType: event.type,
        detail: event.detail,
        expiresAt: epochSeconds(at) + OUTBOX_FALLBACK_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
};

const isEventType = (value: unknown): value is LifecycleEventType =>
  typeof value === 'string' && (LIFECYCLE_EVENT_TYPES as readonly string[]).includes(value);

/**
 * The event an outbox item holds (unmarshalled), with only the keys its type allows; undefined for
 * anything else.
 */
const decodeOutboxItem = (item: Record<string, unknown>): LifecycleEvent | undefined => {
  const { pk, eventType, detail } = item;
  if (typeof pk !== 'string' || !pk.startsWith(OUTBOX_PREFIX) || !isEventType(eventType)) return undefined;
  if (typeof detail !== 'object' || detail === null) return undefined;
  const fields = detail as Record<string, unknown>;
  const keys = ['eventId', 'accountId', 'occurredAt', ...EXTRA_DETAIL[eventType]];
  if (!keys.every((key) => typeof fields[key] === 'string' && fields[key] !== '')) return undefined;
  if (fields.eventId !== pk.slice(OUTBOX_PREFIX.length)) return undefined;
  return {
    type: eventType,
    detail: Object.fromEntries(keys.map((key) => [key, fields[key]])) as { accountId: AccountId },
  } as LifecycleEvent;
};

export { decodeOutboxItem, lifecycleEvent, OUTBOX_FALLBACK_SECONDS, OUTBOX_PREFIX, outboxKey, outboxPut };
