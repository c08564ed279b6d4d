// shared/domain/courier: the SmsBudget port. The courier consults it before every SMS (codes and notices),
// so that no path texts past the stage's budgets: per 6-digit prefix per hour, and per stage per day.
import type { PhoneNumber } from '../types.js';

/** Whether one more SMS to this number may go: `allowed` has taken its slot in every budget. */
export type SmsBudgetOutcome = 'allowed' | 'prefix_spent' | 'stage_spent';

export interface SmsBudget {
  /**
   * Takes one slot of the number's prefix budget (its first 6 digits after the `+`, this hour) and one of the
   * stage's daily budget, each by an atomic conditional write; a slot of one is given back when the other is
   * spent. Never keyed by the number: the prefix by its blind index, the day by its date.
   */
  take(phone: PhoneNumber, now: Date): Promise<SmsBudgetOutcome>;
  /** What `take` would answer now, without taking anything (a consistent read of both counters). */
  check(phone: PhoneNumber, now: Date): Promise<SmsBudgetOutcome>;
}

/** The digits the prefix budget groups numbers by: country code and leading digits. */
export const SMS_PREFIX_DIGITS = 6;

/** The first {@link SMS_PREFIX_DIGITS} digits after the `+` of an E.164 number. */
export const smsPrefixOf = (phone: PhoneNumber): string => phone.slice(1, 1 + SMS_PREFIX_DIGITS);
