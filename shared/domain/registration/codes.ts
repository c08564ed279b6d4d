// shared/domain/registration: small helpers shared by the registration use cases.
import type { Random } from '../ports.js';
import type { AccountId } from '../types.js';

/** One-time codes are 6 decimal digits. */
export const CODE_DIGITS = 6;

/** Whether a submitted code can be a code at all (its format is public; no try is spent on it). */
export const isCodeShaped = (code: string): boolean => /^\d{6}$/.test(code);

export const addMinutes = (date: Date, minutes: number): Date => new Date(date.getTime() + minutes * 60_000);

/** 128 random bits, base64url: an opaque id that says nothing about its owner. */
export const newAccountId = (random: Random): AccountId => Buffer.from(random.bytes(16)).toString('base64url') as AccountId;
