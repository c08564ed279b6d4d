// shared/adapters: password hashing, for the functions that take passwords. Only these functions carry
// the argon2 native module. The password rules (with their blocklist) are in container-password-policy.ts,
// for the functions that take new passwords.
import type { PasswordHasher } from '../domain/ports.js';
import { once, settings } from './container.js';
import { createArgon2PasswordHasher, createDummyHash } from './crypto/argon2-password-hasher.js';

const passwordHasher = once((): PasswordHasher => createArgon2PasswordHasher(settings().argon2));

/** A hash of a random password that sign-in verifies against for unknown names (made on first use). */
const dummyPasswordHash = once((): (() => Promise<string>) => createDummyHash(passwordHasher()));

export { dummyPasswordHash, passwordHasher };
