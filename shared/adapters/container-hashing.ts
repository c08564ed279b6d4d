// shared/adapters: password hashing and the password rules, for the functions that take passwords.
// Only these functions carry the argon2 native module.
import type { PasswordHasher } from '../domain/ports.js';
import type { PasswordPolicy } from '../domain/registration/register-account.js';
import { createPasswordPolicy } from '../domain/password/password-policy.js';
import { zxcvbnBlocklist } from '../domain/password/blocklist.js';
import { once, settings } from './container.js';
import { createArgon2PasswordHasher, createDummyHash } from './crypto/argon2-password-hasher.js';

const passwordHasher = once((): PasswordHasher => createArgon2PasswordHasher(settings().argon2));

const passwordPolicy = once((): PasswordPolicy => createPasswordPolicy(settings().password, zxcvbnBlocklist()));

/** A hash of a random password that sign-in verifies against for unknown names (made on first use). */
const dummyPasswordHash = once((): (() => Promise<string>) => createDummyHash(passwordHasher()));

export { dummyPasswordHash, passwordHasher, passwordPolicy };
