// shared/adapters/wiring: the per-client budgets (shared/domain/client-budget.ts) on the container's table,
// for the functions that register or would send an SMS. Built once per container.
import { createClientGate, type ClientGate } from '../../domain/client-budget.js';
import { createDynamoDbClientBudget } from '../dynamodb/dynamodb-client-budget.js';
import { documentClient } from './dynamodb.js';
import { settings, systemClock, tableName } from './environment.js';
import { once } from './once.js';
import { blindIndexer } from './secrets.js';

/**
 * @example
 * const deps = { …, clientGate: await clientGate() };
 */
const clientGate = /* @__PURE__ */ once(async (): Promise<ClientGate> =>
  createClientGate({
    settings: settings(),
    indexer: await blindIndexer(),
    budget: createDynamoDbClientBudget({ client: documentClient(), tableName: tableName() }),
    clock: systemClock,
  }),
);

export { clientGate };
