// shared/domain/events: the lifecycle events Signet publishes to apps, as plain types. Each names the
// account by its opaque id (the tokens' `sub`) and carries no personal data: no name, contact, preference
// or address. An event is written to the outbox in the same transaction as its change
// (shared/adapters/dynamodb/items/outbox.ts) and forwarded from the table's stream (forward-events.ts).
import type { ErasureReason } from '../owner/ports.js';
import type { AccountId } from '../types.js';

/** What every event's detail holds. */
interface EventDetailBase {
  /** Random (CSPRNG) id of this event: consumers drop a second delivery by it. */
  readonly eventId: string;
  /** The account's opaque id, the `sub` of its tokens. */
  readonly accountId: AccountId;
  /** ISO 8601 time of the change. */
  readonly occurredAt: string;
}

/** Each event's detail, by its name (the EventBridge detail-type). */
interface LifecycleEventDetails {
  /** A registration's code was confirmed: the account is active. */
  readonly AccountConfirmed: EventDetailBase;
  /** A contact change was confirmed: the account's email or phone is another, verified one. */
  readonly ContactChanged: EventDetailBase & { readonly contact: 'email' | 'phone' };
  /** The password was changed by its owner or through a reset; every session of the account ended with it. */
  readonly PasswordChanged: EventDetailBase & { readonly via: 'reset' | 'change' };
  /** The owner signed out everywhere: every session and access token of the account is dead. */
  readonly SessionsRevoked: EventDetailBase;
  /** The account was erased, at its owner's request, for inactivity, or once a legal hold was lifted. */
  readonly AccountErased: EventDetailBase & { readonly reason: ErasureReason };
}

type LifecycleEventType = keyof LifecycleEventDetails;

/** Every event name, in the order the README documents them. */
const LIFECYCLE_EVENT_TYPES = [
  'AccountConfirmed',
  'ContactChanged',
  'PasswordChanged',
  'SessionsRevoked',
  'AccountErased',
] as const satisfies readonly LifecycleEventType[];

/** One event: its name and its detail. */
type LifecycleEvent = {
  readonly [K in LifecycleEventType]: { readonly type: K; readonly detail: LifecycleEventDetails[K] };
}[LifecycleEventType];

/** A change's event before the outbox gives it its id and time. */
type LifecycleChange = {
  readonly [K in LifecycleEventType]: {
    readonly type: K;
    readonly detail: Omit<LifecycleEventDetails[K], 'eventId' | 'occurredAt'>;
  };
}[LifecycleEventType];

export { LIFECYCLE_EVENT_TYPES };
export type { EventDetailBase, LifecycleChange, LifecycleEvent, LifecycleEventDetails, LifecycleEventType };
