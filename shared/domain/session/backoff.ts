// shared/domain/session: the back-off rule of failed sign-ins (NIST SP 800-63B rev 4, 3.2.2), in one place.
// shared/adapters/dynamodb/dynamodb-sign-in-throttle.ts applies it atomically.
import type { SignInLimits } from './ports.js';

/**
 * Seconds to wait after `failures` consecutive failures: none before `backoffAfterFailures`, then
 * `backoffInitialSeconds`, doubling at each further failure, at most `backoffMaxSeconds`.
 *
 * @example
 * backoffSeconds(5, settings.signIn); // 1 (defaults: after 5 failures, 1 s, doubling, at most 900 s)
 * backoffSeconds(7, settings.signIn); // 4
 */
export const backoffSeconds = (failures: number, limits: SignInLimits): number => {
  if (failures < limits.backoffAfterFailures) return 0;
  const doublings = Math.min(failures - limits.backoffAfterFailures, 40);
  return Math.min(limits.backoffInitialSeconds * 2 ** doublings, limits.backoffMaxSeconds);
};
