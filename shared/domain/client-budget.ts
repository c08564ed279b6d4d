// shared/domain: the per-client budgets. functions/register, resend, me-contact → (admitClient) → ClientBudget.
// A client is API Gateway's source IP (never X-Forwarded-For), kept only as its blind index `ip`.
import type { AppSettings } from '../config/settings.js';
import { RateLimitedError } from './errors.js';
import type { BlindIndexer, Clock } from './ports.js';

/** What a budget counts per client per hour: requests that would send an SMS, and registrations. */
export type ClientBudgetKind = 'sms' | 'registration';

export type ClientBudgetGate = { readonly outcome: 'allowed' } | { readonly outcome: 'blocked'; readonly retryAfterSeconds: number };

export interface ClientBudget {
  /** Takes one slot of the client's budget of `kind` for the current hour, by an atomic conditional write. */
  take(ipIndex: string, kind: ClientBudgetKind, now: Date, maxPerHour: number): Promise<ClientBudgetGate>;
}

/** What the gate needs; each use case that sends or registers takes it as `clientGate`. */
export interface ClientGateDeps {
  readonly settings: Pick<AppSettings, 'sms' | 'registration'>;
  readonly indexer: BlindIndexer;
  readonly budget: ClientBudget;
  readonly clock: Clock;
}

/** Admits one request of a client or throws 429 `rate_limited` with the seconds until its window ends. */
export interface ClientGate {
  admit(sourceIp: string, kinds: readonly ClientBudgetKind[]): Promise<void>;
}

/**
 * Builds the gate. Each kind is taken in order; a request over any budget answers 429 (the slots it took
 * stay taken: an over-budget client is not rewarded with a refund).
 *
 * @example
 * await clientGate.admit(facts.sourceIp, registration.channel === 'sms' ? ['registration', 'sms'] : ['registration']);
 */
export const createClientGate = (deps: ClientGateDeps): ClientGate => ({
  admit: async (sourceIp, kinds) => {
    if (kinds.length === 0) return;
    const ipIndex = deps.indexer.index('ip', sourceIp);
    const now = deps.clock.now();
    const limits: Record<ClientBudgetKind, number> = {
      sms: deps.settings.sms.perClientPerHour,
      registration: deps.settings.registration.perClientPerHour,
    };
    for (const kind of kinds) {
      const gate = await deps.budget.take(ipIndex, kind, now, limits[kind]);
      if (gate.outcome === 'blocked') throw new RateLimitedError(gate.retryAfterSeconds);
    }
  },
});
