// shared/adapters/wiring: password hashing, for the functions that take passwords. Only these functions
// carry the argon2 native module. The password rules are in password-policy.ts, for the functions that
// take new passwords.
import type { PasswordHasher } from '../../domain/ports.js';
import { createArgon2PasswordHasher, createDummyHash } from '../crypto/argon2-password-hasher.js';
import { settings } from './environment.js';
import { once } from './once.js';

const passwordHasher = /* @__PURE__ */ once((): PasswordHasher =>
  createArgon2PasswordHasher(settings().argon2),
);

/** A hash of a random password that sign-in verifies against for unknown names (made on first use). */
const dummyPasswordHash = /* @__PURE__ */ once((): (() => Promise<string>) =>
  createDummyHash(passwordHasher()),
);

export { dummyPasswordHash, passwordHasher };
