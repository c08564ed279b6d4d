// shared/adapters/wiring: the password rules for the functions that take a new password (registration,
// reset, change): the stage's length limits and the common-passwords blocklist, loaded once per
// container during its init.
import { loadCommonPasswordBlocklist } from '../../domain/password/blocklist.js';
import { createPasswordPolicy } from '../../domain/password/password-policy.js';
import type { PasswordPolicy } from '../../domain/password/ports.js';
import { settings } from './environment.js';

/** The container's password policy; the first call loads the blocklist, later calls share it. */
const passwordPolicy = async (): Promise<PasswordPolicy> =>
  createPasswordPolicy(settings().password, await loadCommonPasswordBlocklist());

export { passwordPolicy };
