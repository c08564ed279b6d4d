// shared/http: the request and response bodies of API v1, as strict zod schemas. Request schemas
// normalize once (NFKC, lower case, E.164) and hand the domain its branded types; shared/http/openapi.ts
// builds the OpenAPI document from these same schemas. Issue texts are our own and never hold a value.
import { z } from 'zod';
import { INTEREST_IDS, LOCALES, type AppSettings } from '../config/settings.js';
import { ACCOUNT_NAME_RULE, normalizeAccountName } from '../domain/account-name.js';
import { normalizeEmail } from '../domain/contact/email.js';
import { MAX_PHONE_INPUT_LENGTH, normalizePhone, phoneRegion } from '../domain/contact/phone.js';
import type { AccountName, Password, PhoneNumber, Registration } from '../domain/types.js';

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
  smsCountryNotAllowed: 'cannot receive codes by SMS in its country; use channel email',
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

const createRequestSchemas = (settings: AppSettings) => {
  const { minLength, maxLength } = settings.password;
  const region = settings.defaultPhoneRegion;
  const allowedCountries = new Set(settings.sms.allowedCountries);

  const password = z
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

  const phone = z
    .string()
    .max(MAX_INPUT.phone)
    .meta({ examples: ['+44 7400 123456'] })
    .transform((raw, ctx) => normalizePhone(raw, region) ?? fail(ctx, ISSUES.phone))
    .meta({
      description:
        `A valid phone number, international (\`+44 7400 123456\`) or national; a number without a country code ` +
        `is read as ${region}. Stored as E.164. Required when channel is \`sms\`.`,
    });

  const preferences = z
    .strictObject({
      marketingEmails: z.boolean().optional(),
      productUpdates: z.boolean().optional(),
      smsNotifications: z.boolean().optional(),
    })
    .meta({ description: 'Communication choices; each is off unless set to true.' });

  const interests = z
    .array(z.enum(INTEREST_IDS))
    .max(INTEREST_IDS.length)
    .superRefine((ids, ctx) => {
      if (new Set(ids).size !== ids.length) fail(ctx, ISSUES.interestsUnique);
    })
    .meta({ description: 'Interest ids from the fixed list, each at most once.' });

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
        if (body[contact] !== undefined) {
          // Codes are texted only to the stage's allowed countries (cost and fraud control).
          if (contact === 'phone' && !allowedCountries.has(phoneRegion(body.phone as PhoneNumber) ?? '')) {
            fail(ctx, ISSUES.smsCountryNotAllowed, ['phone']);
          }
          return;
        }
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

  const ConfirmRequest = z
    .strictObject({
      accountName: accountNameSchema(),
      code: z
        .string()
        .max(MAX_INPUT.code)
        .meta({ examples: ['123456', '123 456'] })
        .transform((raw) => raw.normalize('NFKC').replace(/[\s\p{Pd}\u2212]/gu, ''))
        .meta({
          description:
            'The one-time code as received; spaces and hyphens are ignored (`123 456` is `123456`).',
        }),
    })
    .meta({ description: 'Confirms a registration with the code that was sent.' });

  const ResendRequest = z
    .strictObject({ accountName: accountNameSchema() })
    .meta({ description: 'Sends a new code for a pending registration (rate limited).' });

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
const ErrorDetailSchema = z
  .strictObject({
    field: z.string().meta({ description: 'Dotted path of the field, e.g. `preferences.marketingEmails`.' }),
    issue: z.string().meta({ description: 'What is wrong with it; never the value itself.' }),
  })
  .meta({ description: 'One problem with one field.' });

/** Every error answer: a stable code, a message for people, and per-field details where they apply. */
const ErrorResponseSchema = z
  .strictObject({
    error: z.string().meta({ description: 'Stable error code, e.g. `invalid_request`.' }),
    message: z.string().meta({ description: 'Human-readable explanation; never holds submitted values.' }),
    details: z.array(ErrorDetailSchema).optional(),
  })
  .meta({ description: 'The body of every error answer.' });

/** 202 to POST /v1/registrations, for a new contact and a taken one alike. */
const RegistrationAcceptedSchema = z
  .strictObject({
    accountName: z.string().meta({ description: 'The normalized account name.' }),
    channel: z.enum(CHANNELS),
    destination: z.string().meta({ description: 'The contact the code went to, masked.' }),
    expiresAt: z.iso.datetime().meta({ description: 'When the code stops working (ISO 8601, UTC).' }),
  })
  .meta({ description: 'The registration is pending until confirmed with the code that was sent.' });

/** 200 to POST /v1/registrations/confirm. */
const ConfirmResponseSchema = z
  .strictObject({ status: z.literal('active') })
  .meta({ description: 'The account is active.' });

/** 202 to POST /v1/registrations/resend, for known and unknown names alike. */
const ResendAcceptedSchema = z
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
  createRequestSchemas,
  ErrorDetailSchema,
  ErrorResponseSchema,
  ISSUES,
  MAX_INPUT,
  RegistrationAcceptedSchema,
  REQUEST_EXAMPLES,
  ResendAcceptedSchema,
};
export type { ConfirmationInput, RequestSchemas, ResendInput };
