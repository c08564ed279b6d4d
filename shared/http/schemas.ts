// shared/http: the request and response bodies of API v1, as strict zod schemas. Request schemas
// normalize once (NFKC, lower case, E.164) and hand the domain its branded types; shared/http/openapi.ts
// builds the OpenAPI document from these same schemas. Issue texts are our own and never hold a value.
// Module-level schemas are marked pure, so that a bundle carries only those its route refers to.
import * as z from 'zod';
import { INTEREST_IDS, LOCALES, type AppSettings } from '../config/settings.js';
import { ACCOUNT_NAME_RULE, normalizeAccountName } from '../domain/account-name.js';
import { normalizeEmail } from '../domain/contact/email.js';
import { MAX_PHONE_INPUT_LENGTH, normalizePhone, phoneRegion } from '../domain/contact/phone.js';
import type { AccountName, Password, PhoneNumber, Registration } from '../domain/types.js';
import type { ContactChangeRequest as ContactChangeInput } from '../domain/owner/change-contact.js';
import type { ProfilePatch } from '../domain/owner/update-profile.js';
import { refreshTokenFields } from './refresh-schemas.js';

/** Channels a code can be sent by. */
const CHANNELS = ['email', 'sms'] as const;

/**
 * Raw-input caps (UTF-16 code units, before normalization). They only stop absurd input: the real
 * rules apply after normalization. The password cap is far above any policy maximum (256 code points,
 * at most 2 units each, and NFKC shrinks a sequence by at most 4 to 1), so a long password is still
 * answered by the policy (400 weak_password), not here.
 */
const MAX_INPUT = {
  accountName: 128,
  password: 4096,
  email: 512,
  phone: MAX_PHONE_INPUT_LENGTH,
  code: 32,
} as const;

/** Issue texts the validation details use; each names a rule, never the value. */
const ISSUES = {
  accountName: ACCOUNT_NAME_RULE,
  email: 'is not a valid email address',
  phone: 'is not a valid phone number',
  password: 'must be well-formed Unicode text',
  interestsUnique: 'must not list an interest twice',
  requiredForChannel: (channel: string): string => `is required when channel is ${channel}`,
  phoneCountryNotAllowed: 'is in a country this service does not accept phone numbers from',
} as const;

/** A lone UTF-16 surrogate: not Unicode text, and it would hash like U+FFFD. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Adds an issue whose text is ours (`params.issue`); validation.ts reads nothing else of it. */
const fail = (ctx: z.core.$RefinementCtx, issue: string, path?: PropertyKey[]): never => {
  ctx.addIssue({
    code: 'custom',
    message: issue,
    params: { issue },
    input: undefined,
    ...(path && { path }),
  });
  return z.NEVER;
};

/** Trimmed, NFKC, lower case, 3 to 32 of [a-z0-9._-]. */
const accountNameSchema = (): z.ZodType<AccountName, string> =>
  z
    .string()
    .max(MAX_INPUT.accountName)
    .meta({ examples: ['ada.lovelace'] })
    .transform((raw, ctx) => normalizeAccountName(raw) ?? fail(ctx, ISSUES.accountName))
    .meta({
      description:
        'Surrounding whitespace is trimmed, then NFKC and lower case are applied; the result must be 3 to 32 of `[a-z0-9._-]`.',
    });

/**
 * Any well-formed Unicode text, NFKC-normalized; the policy's rules are the use case's (weak_password).
 * The field factories below stand on their own, so that a route's bundle carries only the ones its schema
 * uses (the confirm and sign-in routes carry no phone parsing).
 */
const passwordSchema = (settings: AppSettings) => {
  const { minLength, maxLength } = settings.password;
  return z
    .string()
    .max(MAX_INPUT.password)
    .meta({ examples: ['tulip orbit canvas lantern'] })
    .transform((raw, ctx) =>
      LONE_SURROGATE.test(raw) ? fail(ctx, ISSUES.password) : (raw.normalize('NFKC') as Password),
    )
    .meta({
      description:
        `Any Unicode text (spaces, emoji, CJK), NFKC-normalized. Rules, answered with 400 weak_password: ` +
        `${minLength} to ${maxLength} characters (Unicode code points); not a commonly used password; ` +
        `does not contain the account name. No composition rules.`,
    });
};

/** A one-time code as received: NFKC, spaces and dashes removed; its shape is the use case's to check. */
const codeSchema = () =>
  z
    .string()
    .max(MAX_INPUT.code)
    .meta({ examples: ['123456', '123 456'] })
    .transform((raw) => raw.normalize('NFKC').replace(/[\s\p{Pd}\u2212]/gu, ''))
    .meta({
      description: 'The one-time code as received; spaces and hyphens are ignored (`123 456` is `123456`).',
    });

/** POST /v1/registrations/confirm. */
const createConfirmRequestSchema = () =>
  z
    .strictObject({ accountName: accountNameSchema(), code: codeSchema() })
    .meta({ description: 'Confirms a registration with the code that was sent.' });

/** Communication choices, as registration and PATCH /v1/me take them. */
const preferencesSchema = () =>
  z
    .strictObject({
      marketingEmails: z.boolean().optional(),
      productUpdates: z.boolean().optional(),
      smsNotifications: z.boolean().optional(),
    })
    .meta({ description: 'Communication choices; each is off unless set to true.' });

/** Interest ids from the fixed list, as registration and PATCH /v1/me take them. */
const interestsSchema = () =>
  z
    .array(z.enum(INTEREST_IDS))
    .max(INTEREST_IDS.length)
    .superRefine((ids, ctx) => {
      if (new Set(ids).size !== ids.length) fail(ctx, ISSUES.interestsUnique);
    })
    .meta({ description: 'Interest ids from the fixed list, each at most once.' });

/** POST /v1/registrations/resend. */
const createResendRequestSchema = () =>
  z
    .strictObject({ accountName: accountNameSchema() })
    .meta({ description: 'Sends a new code for a pending registration (rate limited).' });

const createRequestSchemas = (settings: AppSettings) => {
  const region = settings.defaultPhoneRegion;
  const allowedCountries = new Set(settings.sms.allowedCountries);

  const password = passwordSchema(settings);

  const email = z
    .string()
    .max(MAX_INPUT.email)
    .meta({ examples: ['ada@example.com'] })
    .transform((raw, ctx) => normalizeEmail(raw) ?? fail(ctx, ISSUES.email))
    .meta({
      description:
        'Trimmed, NFKC, lower case; `local@domain`, at most 254 characters, an RFC 5322 dot-atom local part ' +
        '(at most 64), a domain of two or more labels. Required when channel is `email`.',
    });

  // Every phone Signet accepts may later be texted (a code, a notice), whatever the channel: so every one
  // must be in the stage's allowed countries (cost and fraud control), not only those that get the code.
  const phone = z
    .string()
    .max(MAX_INPUT.phone)
    .meta({ examples: ['+44 7400 123456'] })
    .transform((raw, ctx) => {
      const number = normalizePhone(raw, region);
      if (number === undefined) return fail(ctx, ISSUES.phone);
      return allowedCountries.has(phoneRegion(number) ?? '') ? number : fail(ctx, ISSUES.phoneCountryNotAllowed);
    })
    .meta({
      description:
        `A valid phone number, international (\`+44 7400 123456\`) or national; a number without a country code ` +
        `is read as ${region}. Stored as E.164. Only numbers of these countries are accepted, whatever the ` +
        `channel: ${[...allowedCountries].join(', ')}. Required when channel is \`sms\`.`,
    });

  const preferences = preferencesSchema();
  const interests = interestsSchema();

  const RegistrationRequest = z
    .strictObject({
      accountName: accountNameSchema(),
      password,
      email: email.optional(),
      phone: phone.optional(),
      channel: z.enum(CHANNELS).meta({ description: 'Where the one-time code is sent.' }),
      locale: z.enum(LOCALES).default('en').meta({ description: 'Language of the messages sent.' }),
      preferences: preferences.optional(),
      interests: interests.optional(),
    })
    .superRefine(
      (body, ctx) => {
        // Runs even when other fields failed, so that one answer names every problem.
        const contact = body.channel === 'email' ? 'email' : body.channel === 'sms' ? 'phone' : undefined;
        if (contact === undefined) return;
        if (ctx.issues.some((issue) => issue.path?.[0] === contact)) return;
        if (body[contact] !== undefined) return;
        fail(ctx, ISSUES.requiredForChannel(body.channel), [contact]);
      },
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    )
    .transform((body): Registration => ({
      accountName: body.accountName,
      password: body.password,
      channel: body.channel,
      locale: body.locale,
      ...(body.email !== undefined && { email: body.email }),
      ...(body.phone !== undefined && { phone: body.phone }),
      ...(body.preferences !== undefined && { preferences: body.preferences }),
      ...(body.interests !== undefined && { interests: body.interests }),
    }))
    .meta({
      description:
        'Starts a registration. The contact named by `channel` is required, the other is optional. ' +
        'Unknown fields are refused.',
    });

  const ConfirmRequest = createConfirmRequestSchema();

  const ResendRequest = createResendRequestSchema();

  return { RegistrationRequest, ConfirmRequest, ResendRequest };
};

/** A valid body of each request, shown in the OpenAPI document (a unit test parses each). */
const REQUEST_EXAMPLES = {
  RegistrationRequest: {
    accountName: 'ada.lovelace',
    password: 'tulip orbit canvas lantern',
    email: 'ada@example.com',
    channel: 'email',
    locale: 'en',
    preferences: { productUpdates: true },
    interests: ['science', 'books'],
  },
  ConfirmRequest: { accountName: 'ada.lovelace', code: '123 456' },
  ResendRequest: { accountName: 'ada.lovelace' },
} as const;

/** One problem with one field. */
const ErrorDetailSchema = /* @__PURE__ */ z
  .strictObject({
    field: z.string().meta({ description: 'Dotted path of the field, e.g. `preferences.marketingEmails`.' }),
    issue: z.string().meta({ description: 'What is wrong with it; never the value itself.' }),
  })
  .meta({ description: 'One problem with one field.' });

/** Every error answer: a stable code, a message for people, and per-field details where they apply. */
const ErrorResponseSchema = /* @__PURE__ */ z
  .strictObject({
    error: z.string().meta({ description: 'Stable error code, e.g. `invalid_request`.' }),
    message: z.string().meta({ description: 'Human-readable explanation; never holds submitted values.' }),
    details: z.array(ErrorDetailSchema).optional(),
  })
  .meta({ description: 'The body of every error answer.' });

/** 202 to POST /v1/registrations, for a new contact and a taken one alike. */
const RegistrationAcceptedSchema = /* @__PURE__ */ z
  .strictObject({
    accountName: z.string().meta({ description: 'The normalized account name.' }),
    channel: z.enum(CHANNELS),
    destination: z.string().meta({ description: 'The contact the code went to, masked.' }),
    expiresAt: z.iso.datetime().meta({ description: 'When the code stops working (ISO 8601, UTC).' }),
  })
  .meta({ description: 'The registration is pending until confirmed with the code that was sent.' });

/** 200 to POST /v1/registrations/confirm. */
const ConfirmResponseSchema = /* @__PURE__ */ z
  .strictObject({ status: z.literal('active') })
  .meta({ description: 'The account is active.' });

/** 202 to POST /v1/registrations/resend, for known and unknown names alike. */
const ResendAcceptedSchema = /* @__PURE__ */ z
  .strictObject({ status: z.literal('accepted') })
  .meta({ description: 'A new code is on its way if the name has a pending registration.' });

type RequestSchemas = ReturnType<typeof createRequestSchemas>;
/** What the confirm use case receives. */
type ConfirmationInput = z.output<RequestSchemas['ConfirmRequest']>;
/** What the resend use case receives. */
type ResendInput = z.output<RequestSchemas['ResendRequest']>;

export {
  CHANNELS,
  ConfirmResponseSchema,
  createConfirmRequestSchema,
  createRequestSchemas,
  createResendRequestSchema,
  ErrorDetailSchema,
  ErrorResponseSchema,
  ISSUES,
  MAX_INPUT,
  RegistrationAcceptedSchema,
  REQUEST_EXAMPLES,
  ResendAcceptedSchema,
};
export type { ConfirmationInput, RequestSchemas, ResendInput };

// ---- The owner's rights: GET, PATCH and DELETE /v1/me, POST /v1/me/contact[/confirm]. ----
// The fields are registration's own definitions (taken from RegistrationRequest), so the two cannot drift.

/** Issue texts of the owner's requests; each names a rule, never a value. */
const OWNER_ISSUES = {
  exactlyOneContact: 'must hold exactly one of email and phone',
  atLeastOneField: 'must hold at least one of preferences, interests and locale',
} as const;

const isObject = (payload: { value: unknown }): boolean =>
  typeof payload.value === 'object' && payload.value !== null;

/** The current password, which changing contacts and erasing ask for. */
const currentPasswordSchema = (settings: AppSettings) =>
  passwordSchema(settings).meta({
    description:
      'The current password of the account: changing contacts and erasing need it, not just a token.',
  });

/**
 * PATCH /v1/me. Built from the field factories alone, like the DELETE /v1/me body below, so that
 * neither route's bundle carries phone parsing.
 */
const createProfilePatchRequestSchema = () =>
  z
    .strictObject({
      preferences: preferencesSchema().optional().meta({
        description:
          'Merged into the stored preferences (JSON Merge Patch): a key left out keeps its value. Same rules as at registration.',
      }),
      interests: interestsSchema().optional().meta({
        description: 'Replaces the stored list. Same rules as at registration.',
      }),
      locale: z.enum(LOCALES).optional().meta({ description: 'Language of the messages sent.' }),
    })
    .superRefine(
      (body, ctx) => {
        if (body.preferences === undefined && body.interests === undefined && body.locale === undefined) {
          fail(ctx, OWNER_ISSUES.atLeastOneField);
        }
      },
      { when: isObject },
    )
    .transform((body): ProfilePatch => ({
      ...(body.preferences !== undefined && { preferences: body.preferences }),
      ...(body.interests !== undefined && { interests: body.interests }),
      ...(body.locale !== undefined && { locale: body.locale }),
    }))
    .meta({ description: 'Changes preferences, interests or locale. Unknown fields are refused.' });

/** DELETE /v1/me. */
const createEraseRequestSchema = (settings: AppSettings) =>
  z
    .strictObject({ currentPassword: currentPasswordSchema(settings) })
    .meta({ description: 'Erases the account and its personal data, for good.' });

/** POST /v1/me/contact/confirm. */
const createContactConfirmRequestSchema = () =>
  z
    .strictObject({ code: codeSchema() })
    .meta({ description: 'Confirms a contact change with the code sent to the new contact.' });

const createOwnerRequestSchemas = (settings: AppSettings) => {
  const registration = createRequestSchemas(settings);
  const fields = registration.RegistrationRequest.in.shape;

  const currentPassword = currentPasswordSchema(settings);

  const ProfilePatchRequest = createProfilePatchRequestSchema();

  const ContactChangeRequest = z
    .strictObject({
      email: fields.email.meta({ description: 'A new email address, normalized as at registration.' }),
      phone: fields.phone.meta({
        description: 'A new phone number, normalized and limited to the same countries as at registration.',
      }),
      currentPassword,
    })
    .superRefine(
      (body, ctx) => {
        const given = (['email', 'phone'] as const).filter((key) => body[key] !== undefined);
        // The phone field itself refuses countries outside sms.allowedCountries.
        if (given.length !== 1) fail(ctx, OWNER_ISSUES.exactlyOneContact);
      },
      { when: isObject },
    )
    .transform((body): ContactChangeInput => ({
      contact:
        body.email !== undefined
          ? { channel: 'email', email: body.email }
          : { channel: 'sms', phone: body.phone as PhoneNumber },
      currentPassword: body.currentPassword,
    }))
    .meta({
      description:
        'Adds or replaces the email or the phone (exactly one). A code goes to the new contact; it replaces the ' +
        'old one only when confirmed.',
    });

  const ContactConfirmRequest = createContactConfirmRequestSchema();

  const EraseRequest = createEraseRequestSchema(settings);

  return { ProfilePatchRequest, ContactChangeRequest, ContactConfirmRequest, EraseRequest };
};

/** A valid body of each owner request, shown in the OpenAPI document. */
const OWNER_REQUEST_EXAMPLES = {
  ProfilePatchRequest: {
    preferences: { marketingEmails: false },
    interests: ['music', 'travel'],
    locale: 'zh-CN',
  },
  ContactChangeRequest: { email: 'ada.new@example.com', currentPassword: 'tulip orbit canvas lantern' },
  ContactConfirmRequest: { code: '123 456' },
  EraseRequest: { currentPassword: 'tulip orbit canvas lantern' },
} as const;

const isoTime = (description: string) => z.iso.datetime().meta({ description });

/** 200 to GET /v1/me: everything Signet holds about the caller, decrypted. */
const AccountExportSchema = /* @__PURE__ */ z
  .strictObject({
    account: z.strictObject({
      accountName: z.string(),
      status: z.enum(['pending', 'active']),
      createdAt: isoTime('When the account was registered.'),
      locale: z.enum(LOCALES),
    }),
    items: z
      .array(
        z.strictObject({
          field: z.enum(['accountName', 'email', 'phone', 'preferences', 'interests']),
          value: z
            .union([
              z.string(),
              z.strictObject({
                marketingEmails: z.boolean().optional(),
                productUpdates: z.boolean().optional(),
                smsNotifications: z.boolean().optional(),
              }),
              z.array(z.enum(INTEREST_IDS)),
            ])
            .meta({ description: 'As given: text, the preferences object, or the list of interests.' }),
          collectedAt: isoTime('When it was given or last changed.'),
          purpose: z.string().meta({ description: 'What it is used for.' }),
          keptUntil: z.string().meta({
            description:
              'An ISO 8601 time where one is known, else the rule, e.g. "until erasure, or 2 years after the last sign-in".',
          }),
        }),
      )
      .meta({ description: 'One entry per personal field held.' }),
    consent: z.array(
      z.strictObject({ policyVersion: z.string(), acceptedAt: isoTime('When this version was accepted.') }),
    ),
    legalHold: z
      .strictObject({ active: z.boolean(), since: isoTime('When the hold was placed.') })
      .nullable()
      .meta({ description: 'A legal hold in force keeps the data from erasure; null when there is none.' }),
    disclosures: z
      .array(
        z.strictObject({
          date: z.string(),
          authority: z.string(),
          legalBasis: z.string(),
          documentReference: z.string(),
          items: z.array(z.string()).meta({ description: 'Which fields were disclosed.' }),
        }),
      )
      .meta({ description: 'Lawful disclosures of this data, except those the law forbids telling.' }),
    sessions: z
      .array(
        z.strictObject({
          clientId: z.string().meta({ description: 'The app client the session is for.' }),
          createdAt: isoTime('When the session was signed in.'),
          lastUsedAt: isoTime('When its refresh token was last used (or the sign-in).'),
        }),
      )
      .meta({ description: 'The live sessions (refresh token families); signed-out and expired ones are left out.' }),
  })
  .meta({ description: 'Everything Signet holds about the caller (data portability).' });

/** 200 to PATCH /v1/me. */
const ProfileUpdatedSchema = /* @__PURE__ */ z
  .strictObject({ status: z.literal('updated') })
  .meta({ description: 'The profile is changed.' });

/** 202 to POST /v1/me/contact, for a free contact and a taken one alike. */
const ContactChangeAcceptedSchema = /* @__PURE__ */ z
  .strictObject({
    channel: z.enum(CHANNELS),
    destination: z.string().meta({ description: 'The new contact, masked.' }),
    expiresAt: isoTime('When the code stops working (ISO 8601, UTC).'),
  })
  .meta({ description: 'A code is on its way to the new contact; the old one stays until it is confirmed.' });

/** 200 to POST /v1/me/contact/confirm. */
const ContactChangedSchema = /* @__PURE__ */ z
  .strictObject({ status: z.literal('changed') })
  .meta({ description: 'The new contact replaced the old one, which was told.' });

/** 200 to DELETE /v1/me. */
const ErasedSchema = /* @__PURE__ */ z
  .strictObject({ status: z.literal('erased') })
  .meta({ description: 'The account and its personal data are erased; every token is dead.' });

type OwnerRequestSchemas = ReturnType<typeof createOwnerRequestSchemas>;

export {
  AccountExportSchema,
  ContactChangeAcceptedSchema,
  ContactChangedSchema,
  createContactConfirmRequestSchema,
  createEraseRequestSchema,
  createOwnerRequestSchemas,
  createProfilePatchRequestSchema,
  ErasedSchema,
  OWNER_ISSUES,
  OWNER_REQUEST_EXAMPLES,
  ProfileUpdatedSchema,
};
export type { OwnerRequestSchemas };

// ---- Sign-in, password reset, password change and consent. ----
// POST /v1/sessions, /v1/password-resets[/confirm], /v1/me/password, /v1/me/consent. The account name,
// password and code fields come from the factories registration uses, so the routes cannot drift apart.

/** A password reset's id: 128 random bits, unpadded base64url (22 characters). */
const ResetIdSchema = /* @__PURE__ */ z
  .string()
  .regex(/^[A-Za-z0-9_-]{22}$/, 'Must be the resetId that POST /v1/password-resets answered with.')
  .meta({
    description: 'The opaque id POST /v1/password-resets answered with (22 base64url characters).',
    example: 'q3F0vYbqj4c2m5p8Xw1z9A',
  });

const createSessionRequestSchemas = (settings: AppSettings) => {
  const fields = { accountName: accountNameSchema(), password: passwordSchema(settings) };
  const code = codeSchema();

  const clientIds: ReadonlySet<string> = new Set(settings.clients.map((client) => client.id));
  const SignInRequest = z
    .strictObject({
      accountName: fields.accountName,
      password: fields.password.meta({
        description:
          'The account password, NFKC-normalized as at registration. No rules are checked at sign-in.',
      }),
      clientId: z
        .string()
        .max(40)
        .refine((id) => clientIds.has(id), { params: { issue: 'is not a registered app client' } })
        .meta({
          examples: ['local-app'],
          description:
            "The app client signing in (the stage config's `clients`): the `aud` and `azp` of the token.",
        }),
    })
    .meta({ description: 'Signs in with account name and password, for an app client.' });

  const PasswordResetRequest = z.strictObject({ accountName: fields.accountName }).meta({
    description: "Sends a password reset code to the account's verified email, else its verified phone.",
  });

  const newPassword = fields.password.meta({
    description:
      `The new password, NFKC-normalized. Rules, answered with 400 weak_password: ` +
      `${settings.password.minLength} to ${settings.password.maxLength} characters (Unicode code points); ` +
      'not a commonly used password; does not contain the account name. No composition rules.',
  });

  const PasswordResetConfirmRequest = z
    .strictObject({ accountName: fields.accountName, resetId: ResetIdSchema, code, newPassword })
    .meta({
      description:
        'Sets a new password with the reset code that was sent and the resetId of the request that asked for it.',
    });

  const PasswordChangeRequest = z
    .strictObject({
      currentPassword: fields.password.meta({ description: 'The current password of the account.' }),
      newPassword,
    })
    .meta({ description: "Changes the caller's password; every earlier token stops working." });

  const ConsentRequest = z
    .strictObject({
      policyVersion: z
        .string()
        .max(64)
        .meta({
          examples: [settings.privacyPolicyVersion],
          description: 'The version of the privacy policy in force (the only one that can be consented to).',
        }),
    })
    .meta({ description: 'Records consent to the privacy policy in force.' });

  return {
    SignInRequest,
    PasswordResetRequest,
    PasswordResetConfirmRequest,
    PasswordChangeRequest,
    ConsentRequest,
  };
};

/** A valid body of each sign-in and password request, shown in the OpenAPI document. */
const SESSION_REQUEST_EXAMPLES = {
  SignInRequest: {
    accountName: 'ada.lovelace',
    password: 'tulip orbit canvas lantern',
    clientId: 'local-app',
  },
  PasswordResetRequest: { accountName: 'ada.lovelace' },
  PasswordResetConfirmRequest: {
    accountName: 'ada.lovelace',
    resetId: 'q3F0vYbqj4c2m5p8Xw1z9A',
    code: '123 456',
    newPassword: 'amber violin harbour quartz',
  },
  PasswordChangeRequest: {
    currentPassword: 'tulip orbit canvas lantern',
    newPassword: 'amber violin harbour quartz',
  },
  ConsentRequest: { policyVersion: '2026-11-01' },
} as const;

const accessTokenFields = {
  accessToken: /* @__PURE__ */ z
    .string()
    .meta({
      description:
        'A signed JWT (ES256, `typ: at+jwt`; keys at /.well-known/jwks.json); send it as `Authorization: Bearer <token>`.',
    }),
  tokenType: /* @__PURE__ */ z.literal('Bearer'),
  expiresIn: /* @__PURE__ */ z
    .number()
    .int()
    .positive()
    .meta({ description: 'Seconds until the token stops working.' }),
};

/** 200 to POST /v1/sessions. */
const SignInResponseSchema = /* @__PURE__ */ z
  .strictObject({
    ...accessTokenFields,
    ...refreshTokenFields,
    consentRequired: z.literal(true).optional().meta({
      description:
        'Present when the privacy policy changed since the account last consented: record the new consent with POST /v1/me/consent.',
    }),
  })
  .meta({ description: 'An access token, and the refresh token of a new session.' });

/** 200 to POST /v1/me/password: a token of the new generation (every earlier one is dead). */
const AccessTokenSchema = /* @__PURE__ */ z
  .strictObject(accessTokenFields)
  .meta({ description: 'A new access token.' });

/** 200 to POST /v1/sessions/refresh and POST /v1/me/password: an access token and a refresh token. */
const TokenPairSchema = /* @__PURE__ */ z
  .strictObject({ ...accessTokenFields, ...refreshTokenFields })
  .meta({ description: 'A new access token and a new refresh token (the one presented, if any, is spent).' });

/** 202 to POST /v1/password-resets, for known and unknown names alike. */
const PasswordResetAcceptedSchema = /* @__PURE__ */ z
  .strictObject({ status: z.literal('accepted'), resetId: ResetIdSchema })
  .meta({
    description:
      'A code is on its way if the name belongs to an account with a verified contact; a resetId comes ' +
      'either way, of the same shape. The confirm needs both: the code is bound to this request.',
  });

/** 200 to POST /v1/password-resets/confirm. */
const PasswordChangedSchema = /* @__PURE__ */ z
  .strictObject({ status: z.literal('changed') })
  .meta({ description: 'The password is changed; every earlier token stops working.' });

/** 200 to POST /v1/me/consent. */
const ConsentRecordedSchema = /* @__PURE__ */ z
  .strictObject({ status: z.literal('recorded') })
  .meta({ description: 'The consent is recorded; nothing else about the account changed.' });

type SessionRequestSchemas = ReturnType<typeof createSessionRequestSchemas>;

export {
  AccessTokenSchema,
  ConsentRecordedSchema,
  createSessionRequestSchemas,
  PasswordChangedSchema,
  PasswordResetAcceptedSchema,
  SESSION_REQUEST_EXAMPLES,
  SignInResponseSchema,
  TokenPairSchema,
};
export type { SessionRequestSchemas };
