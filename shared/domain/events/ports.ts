// shared/domain/events: what forwarding events needs from outside: a bus to publish to (EventBridge in
// AWS, the local events outbox's PutEvents endpoint locally) and the outbox the events came from.
import type { LifecycleEvent } from './events.js';

/** What became of one event handed to the bus. */
type PublishResult = 'published' | 'failed';

/** The bus apps subscribe to. */
interface EventPublisher {
  /**
   * Publishes at most `MAX_EVENTS_PER_PUBLISH` events in one call.
   * @returns one result per event, in order; an entry the bus refused is `failed`, not an exception.
   */
  publish(events: readonly LifecycleEvent[]): Promise<readonly PublishResult[]>;
}

/** The outbox items the events were written as. */
interface EventOutbox {
  /** Lets a forwarded event's item expire now (TTL), rather than at its fallback expiry. */
  markForwarded(eventId: string, at: Date): Promise<void>;
}

export type { EventOutbox, EventPublisher, PublishResult };
