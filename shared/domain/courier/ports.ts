// shared/domain/courier: the per-contact budgets the courier enforces on every message, and the per-contact
// budget of code tries. Implemented by shared/adapters/dynamodb/dynamodb-contact-budget.ts, keyed by the
// contact's blind index (never its value).

/** A budget's answer: a slot taken, or none left until `retryAfterSeconds` from now. */
export type BudgetOutcome =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Counters per contact (an email or a phone, whatever account or registration it is in), each an atomic
 * conditional update with TTL. Limits are the stage's `contacts.*` settings, given to the adapter.
 */
export interface ContactBudget {
  /** Takes one message slot in the contact's hour and day (`messagesPerHour`, `messagesPerDay`). */
  takeMessage(contactIndex: string, now: Date): Promise<BudgetOutcome>;
  /**
   * Takes one slot, with the same limits, in the budget of the messages that decoys for the contact would
   * have sent. Apart from the real one, so that a decoy runs out exactly when a fresh contact would
   * (whatever the owner's own messages), and so that decoys never use up the owner's budget.
   */
  takeDecoyMessage(contactIndex: string, now: Date): Promise<BudgetOutcome>;
  /**
   * Takes one code try in the contact's day (`failedTriesPerDay`), before the code is compared: of
   * parallel tries only as many as are left get a slot.
   */
  takeTry(contactIndex: string, now: Date): Promise<BudgetOutcome>;
}
