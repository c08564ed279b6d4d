// shared/domain: the typed values the edge hands inward. Each is normalized once, at the edge
// (shared/http/schemas.ts), and branded so that nothing un-normalized can take its place.
import type { InterestId, Locale } from '../config/settings.js';

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** NFKC, lower case, 3 to 32 of [a-z0-9._-]. */
export type AccountName = Brand<string, 'AccountName'>;
/** Trimmed, NFKC, lower case, syntax-checked. */
export type EmailAddress = Brand<string, 'EmailAddress'>;
/** E.164, validated by libphonenumber-js. */
export type PhoneNumber = Brand<string, 'PhoneNumber'>;
/** NFKC-normalized password that passed the policy. Never logged, never stored. */
export type Password = Brand<string, 'Password'>;
/** Opaque, random account id (base64url); carries no personal data. */
export type AccountId = Brand<string, 'AccountId'>;

export type Channel = 'email' | 'sms';
export type CodePurpose = 'registration' | 'password_reset' | 'contact_change';

/** Where a message goes: one channel, one address. */
export type Contact = { readonly channel: 'email'; readonly email: EmailAddress } | { readonly channel: 'sms'; readonly phone: PhoneNumber };

export interface Preferences {
  readonly marketingEmails?: boolean;
  readonly productUpdates?: boolean;
  readonly smsNotifications?: boolean;
}

/** A registration request after validation and normalization. */
export interface Registration {
  readonly accountName: AccountName;
  readonly password: Password;
  readonly email?: EmailAddress;
  readonly phone?: PhoneNumber;
  readonly channel: Channel;
  readonly locale: Locale;
  readonly preferences?: Preferences;
  readonly interests?: readonly InterestId[];
}

/** What POST /v1/registrations answers, for a new contact and a taken one alike. */
export interface RegistrationAccepted {
  readonly accountName: AccountName;
  readonly channel: Channel;
  /** Masked contact, never the plain one. */
  readonly destination: string;
  /** ISO 8601 UTC time at which the code stops working. */
  readonly expiresAt: string;
}

export type { InterestId, Locale };
