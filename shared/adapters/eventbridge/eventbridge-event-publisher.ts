// shared/adapters/eventbridge: the EventPublisher port on Amazon EventBridge (PutEvents to the stage's bus,
// source `signet`, detail-type the event's name). The caller builds the client once per container
// (shared/adapters/wiring/forward-events.ts); locally its endpoint points at the events outbox of infra/local.
import {
  PutEventsCommand,
  type EventBridgeClient,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { LifecycleEvent } from '../../domain/events/events.js';
import type { EventPublisher, PublishResult } from '../../domain/events/ports.js';

/** The `source` of every Signet event: what an EventBridge rule matches on. */
const EVENT_SOURCE = 'signet';

interface EventBridgePublisherOptions {
  readonly client: EventBridgeClient;
  /** The stage's bus, `signet-<stage>`. */
  readonly eventBusName: string;
}

/** One PutEvents entry: the detail exactly as the outbox holds it, the change's time as the event's. */
const toEntry = (event: LifecycleEvent, eventBusName: string): PutEventsRequestEntry => ({
  EventBusName: eventBusName,
  Source: EVENT_SOURCE,
  DetailType: event.type,
  Detail: JSON.stringify(event.detail),
  Time: new Date(event.detail.occurredAt),
});

/**
 * @example
 * const publisher = createEventBridgePublisher({ client: new EventBridgeClient({}), eventBusName: 'signet-dev' });
 * await publisher.publish([event]); // ['published']
 */
const createEventBridgePublisher = (options: EventBridgePublisherOptions): EventPublisher => ({
  publish: async (events) => {
    if (events.length === 0) return [];
    const { Entries = [] } = await options.client.send(
      new PutEventsCommand({ Entries: events.map((event) => toEntry(event, options.eventBusName)) }),
    );
    // One result entry per request entry, in order; a refused one carries an ErrorCode and no EventId.
    return events.map((_, i): PublishResult => {
      const entry = Entries[i];
      return entry !== undefined && entry.ErrorCode === undefined && entry.EventId !== undefined
        ? 'published'
        : 'failed';
    });
  },
});

export { createEventBridgePublisher, EVENT_SOURCE };
