// shared/adapters/wiring: what functions/events-forwarder gives forwardEvents, built once per container:
// EventBridge (locally: the events outbox's endpoint) on the stage's bus, and the outbox on the table.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ENV, optionalEnv, requireEnv } from '../../config/env.js';
import type { ForwardEventsDeps } from '../../domain/events/forward-events.js';
import { createDynamoDbEventOutbox } from '../dynamodb/dynamodb-event-outbox.js';
import { createEventBridgePublisher } from '../eventbridge/eventbridge-event-publisher.js';
import { documentClient } from './dynamodb.js';
import { systemClock, tableName } from './environment.js';
import { functionLogger } from './logger.js';
import { once } from './once.js';

const forwardEventsDeps = /* @__PURE__ */ once((): ForwardEventsDeps => {
  const endpoint = optionalEnv(ENV.eventBridgeEndpoint);
  return {
    publisher: createEventBridgePublisher({
      client: new EventBridgeClient(endpoint === undefined ? {} : { endpoint }),
      eventBusName: requireEnv(ENV.eventBusName),
    }),
    outbox: createDynamoDbEventOutbox({ client: documentClient(), tableName: tableName() }),
    clock: systemClock,
    logger: functionLogger,
  };
});

export { forwardEventsDeps };
