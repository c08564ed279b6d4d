// shared/domain/events
// functions/events-forwarder (the table's stream; locally infra/local/stream-poller.ts) → (forwardEvents)
// → EventPublisher, EventOutbox
import type { Clock, Logger } from '../ports.js';
import type { LifecycleEvent } from './events.js';
import type { EventOutbox, EventPublisher } from './ports.js';

/** EventBridge's cap on the entries of one PutEvents call. */
const MAX_EVENTS_PER_PUBLISH = 10;

/** One committed outbox item as the stream delivered it. */
interface OutboxRecord {
  /** The stream record's id (its sequence number): what a batch failure names. */
  readonly recordId: string;
  readonly event: LifecycleEvent;
}

interface ForwardEventsDeps {
  readonly publisher: EventPublisher;
  readonly outbox: EventOutbox;
  readonly clock: Clock;
  /** Ids and error names only: an event's detail is never logged. */
  readonly logger: Pick<Logger, 'warn'>;
}

/** The records to hand back to the stream: from the first that was not published on. */
interface ForwardOutcome {
  readonly failedRecordIds: readonly string[];
}

const errorName = (error: unknown): string => (error instanceof Error ? error.name : typeof error);

/**
 * Forwards committed outbox items to the bus, at least once.
 *
 * Primary course:
 * 1. Publish the events in stream order, `MAX_EVENTS_PER_PUBLISH` at a time.
 * 2. Mark each published event's outbox item forwarded (its TTL shortened); a failure here is only
 *    logged: the item still expires at its fallback time.
 * 3. Answer no failed record.
 *
 * Alternatives: an event the bus refuses (or a call that fails) stops the batch there: it and every
 * record after it are answered failed, unpublished, and the stream delivers them again from that one (an
 * event of the same batch published before it may then reach the bus twice; consumers drop it by
 * `eventId`).
 *
 * @example
 * const forward = forwardEvents({ publisher, outbox, clock: systemClock, logger });
 * const { failedRecordIds } = await forward(records);
 */
const forwardEvents =
  (deps: ForwardEventsDeps) =>
  async (records: readonly OutboxRecord[]): Promise<ForwardOutcome> => {
    for (let start = 0; start < records.length; start += MAX_EVENTS_PER_PUBLISH) {
      const chunk = records.slice(start, start + MAX_EVENTS_PER_PUBLISH);
      let results: readonly string[];
      try {
        results = await deps.publisher.publish(chunk.map((record) => record.event));
      } catch (error) {
        deps.logger.warn('events not published', { count: chunk.length, errorName: errorName(error) });
        results = [];
      }
      const firstFailed = chunk.findIndex((_, i) => results[i] !== 'published');
      const published = firstFailed === -1 ? chunk : chunk.slice(0, firstFailed);
      const now = deps.clock.now();
      for (const { event } of published) {
        try {
          await deps.outbox.markForwarded(event.detail.eventId, now);
        } catch (error) {
          deps.logger.warn('outbox item not marked forwarded', {
            eventId: event.detail.eventId,
            errorName: errorName(error),
          });
        }
      }
      if (firstFailed !== -1) {
        const failed = records.slice(start + firstFailed);
        deps.logger.warn('events refused by the bus', {
          eventId: failed[0]?.event.detail.eventId ?? '',
          count: failed.length,
        });
        return { failedRecordIds: failed.map((record) => record.recordId) };
      }
    }
    return { failedRecordIds: [] };
  };

export { forwardEvents, MAX_EVENTS_PER_PUBLISH };
export type { ForwardEventsDeps, ForwardOutcome, OutboxRecord };
