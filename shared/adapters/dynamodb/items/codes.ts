// shared/adapters/dynamodb/items: what the two code items (a registration's; a password reset's or a
// contact change's) share: the send throttle's one-hour window and the wait it answers with.

const HOUR_SECONDS = 3600;

/** The send state of a code item: last send, the hour window's start, and the sends in it. */
interface SendState {
  readonly lastSentAt: number;
  readonly windowStart: number;
  readonly sent: number;
}

/** The throttle's limits (from AppSettings.codes). */
interface SendLimits {
  readonly resendCooldownSeconds: number;
  readonly resendMaxPerHour: number;
}

/**
 * Seconds until a refused send may be tried again: the cooldown's end, or the full window's end,
 * whichever is later; at least one.
 */
const retryAfterSeconds = (state: SendState, nowSeconds: number, limits: SendLimits): number => {
  const cooldownEnds = state.lastSentAt + limits.resendCooldownSeconds;
  const windowOpen = state.windowStart + HOUR_SECONDS > nowSeconds;
  const windowEnds =
    windowOpen && state.sent >= limits.resendMaxPerHour ? state.windowStart + HOUR_SECONDS : 0;
  return Math.max(1, Math.max(cooldownEnds, windowEnds) - nowSeconds);
};

export { HOUR_SECONDS, retryAfterSeconds };
export type { SendLimits, SendState };
