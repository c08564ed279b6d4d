// shared/adapters/dynamodb: the ClientBudget port on the single table. CLIENT#<ip index> / SMS#<hour> and
// REGISTRATION#<hour> count one client's requests per UTC hour; the address only as its blind index.
import type { ClientBudget, ClientBudgetGate, ClientBudgetKind } from '../../domain/client-budget.js';
import { hourOf, secondsLeftInHour, takeSlot, type WindowTable } from './fixed-window.js';
import { clientRegistrationBudgetKey, clientSmsBudgetKey } from './items/index.js';

const KEYS = { sms: clientSmsBudgetKey, registration: clientRegistrationBudgetKey } as const;

/**
 * @example
 * const gate = await budget.take(indexer.index('ip', facts.sourceIp), 'sms', now, settings.sms.perClientPerHour);
 */
const createDynamoDbClientBudget = (table: WindowTable): ClientBudget => ({
  take: async (ipIndex: string, kind: ClientBudgetKind, now: Date, maxPerHour: number): Promise<ClientBudgetGate> => {
    const left = secondsLeftInHour(now);
    const taken = await takeSlot(table, KEYS[kind](ipIndex, hourOf(now)), maxPerHour, new Date(now.getTime() + left * 1000));
    return taken === undefined ? { outcome: 'blocked', retryAfterSeconds: left } : { outcome: 'allowed' };
  },
});

export { createDynamoDbClientBudget };
