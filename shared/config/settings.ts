// shared/config: the one configuration schema. infra/stages.ts validates each stage with it at synth,
// and every function validates its runtime copy (SIGNET_SETTINGS) with it at cold start, so a setting
// cannot mean one thing in infra and another in code.
import * as z from 'zod';

/** Interest ids a user may pick at registration: the fixed, documented list. */
export const INTEREST_IDS = [
  'art',
  'books',
  'cooking',
  'fitness',
  'gaming',
  'movies',
  'music',
  'outdoors',
  'photography',
  'science',
  'sports',
  'technology',
  'travel',
] as const;

export const LOCALES = ['en', 'zh-CN'] as const;

const Argon2Settings = z
  .object({
    /** Memory cost in KiB (OWASP minimum for argon2id: 19456 KiB = 19 MiB). */
    memoryKiB: z.number().int().min(8192).max(4_194_304).default(19_456),
    /** Time cost (iterations). */
    iterations: z.number().int().min(1).max(100).default(2),
    /** Degree of parallelism (lanes). */
    parallelism: z.number().int().min(1).max(16).default(1),
  })
  .strict();

const PasswordSettings = z
  .object({
    /** Minimum length in Unicode code points after NFKC (NIST SP 800-63B rev 4: 15 for single-factor). */
    minLength: z.number().int().min(8).max(64).default(15),
    /** Maximum accepted length in code points. */
    maxLength: z.number().int().min(64).max(256).default(256),
  })
  .strict();

const CodeSettings = z
  .object({
    /** How long a one-time code works. */
    ttlMinutes: z.number().int().min(1).max(60).default(10),
    /** Wrong tries after which a code is dead, even for the right digits. */
    maxAttemptsPerCode: z.number().int().min(1).max(10).default(5),
    /** Failed tries across all codes after which a pending registration is cancelled. */
    maxFailedAttemptsTotal: z.number().int().min(2).max(100).default(10),
    /** Seconds before the first resend is allowed after a send. */
    resendCooldownSeconds: z.number().int().min(0).max(3600).default(60),
    /** Resends allowed per rolling hour window. */
    resendMaxPerHour: z.number().int().min(1).max(50).default(5),
  })
  .strict();

const RegistrationSettings = z
  .object({
    /** How long an unconfirmed registration holds its name and contact. */
    pendingTtlHours: z.number().int().min(1).max(168).default(24),
    /** Owner notices ("someone tried to register with this address") per contact per hour. */
    ownerNoticesPerHour: z.number().int().min(0).max(20).default(3),
    /** Registration requests that pass validation, per client IP (API Gateway's source IP) per hour. */
    perClientPerHour: z.number().int().min(1).max(1_000_000).default(30),
  })
  .strict();

const ContactSettings = z
  .object({
    /** Messages of any kind (codes and notices) to one email or phone per rolling hour window. */
    messagesPerHour: z.number().int().min(1).max(100).default(5),
    /** Messages of any kind to one email or phone per day window. */
    messagesPerDay: z.number().int().min(1).max(1000).default(10),
    /** Code tries (registration and contact-change codes) against one email or phone per day window. */
    failedTriesPerDay: z.number().int().min(1).max(1000).default(10),
  })
  .strict();

const EmailSettings = z
  .object({
    /** Verified SES identity that sends codes and notices. */
    fromAddress: z.email(),
    /** SES configuration set (event destinations, reputation metrics). */
    configurationSet: z.string().min(1).optional(),
  })
  .strict();

const SmsSettings = z
  .object({
    /** Alphanumeric sender id where the destination country supports one. */
    senderId: z
      .string()
      .regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/, 'an alphanumeric sender id of at most 11 characters')
      .optional(),
    /** E.164 origination number (long code, toll-free or 10DLC) where required. */
    originationNumber: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number')
      .optional(),
    /** ISO 3166-1 alpha-2 countries that codes may be texted to. */
    allowedCountries: z
      .array(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code'))
      .min(1)
      .default(['GB', 'US', 'CN', 'DE', 'FR']),
    /** Account-wide monthly SMS spend limit in USD (SNS MonthlySpendLimit). */
    monthlySpendLimitUsd: z.number().int().min(1).max(100_000).default(10),
    /** SMS per hour to numbers sharing their first 6 digits after the `+` (where pumping rings concentrate). */
    perPrefixPerHour: z.number().int().min(1).max(1_000_000).default(20),
    /** Requests that would send an SMS, per client IP (API Gateway's source IP) per hour. */
    perClientPerHour: z.number().int().min(1).max(1_000_000).default(10),
    /** SMS per UTC day for the whole stage, codes and notices alike; past it codes go by email only. */
    dailyBudget: z.number().int().min(1).max(10_000_000).default(1000),
  })
  .strict();

/** The local API's default port (`npm start`, SIGNET_PORT): the defaults below name it. */
export const LOCAL_API_DEFAULT_PORT = 3000;

/** An http(s) URL without a path, query or trailing slash: the issuer and the API base URL. */
const baseUrlSchema = (what: string) =>
  z
    .string()
    .max(256)
    .refine((value) => {
      try {
        const url = new URL(value);
        return (
          (url.protocol === 'https:' || url.protocol === 'http:') &&
          url.username === '' &&
          url.password === '' &&
          url.search === '' &&
          url.hash === '' &&
          !value.endsWith('/') &&
          `${url.origin}${url.pathname === '/' ? '' : url.pathname}` === value
        );
      } catch {
        return false;
      }
    }, `${what} must be an http(s) URL without a trailing slash, query or fragment`);

/** A browser origin as the Origin header carries it: `scheme://host[:port]`, no path, never `*`. */
const OriginSchema = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}, 'an origin: scheme://host[:port], lower case, no path or trailing slash');

/** An app that signs its users in with Signet: its id is the `aud` and `azp` of the tokens it gets. */
export const AppClientSchema = z
  .object({
    /** Sent as `clientId` at sign-in; the tokens' audience. */
    id: z.string().regex(/^[a-z0-9-]{3,40}$/, '3 to 40 of a-z, 0-9 and -'),
    /** Who the client is, for operators. */
    name: z.string().min(1).max(100),
    /** Browser origins that may call the API (CORS); empty for a server-side or native app. */
    allowedOrigins: z.array(OriginSchema),
  })
  .strict();

/** The origins of the local API on a port, and the usual dev server of a web app (Vite's 5173). */
const localOrigins = (port: number): string[] => [
  `http://127.0.0.1:${port}`,
  `http://localhost:${port}`,
  'http://localhost:5173',
];

/** The local stage's one client (deployed stages list their own in infra/stages.ts). */
const localClients = (port: number = LOCAL_API_DEFAULT_PORT): z.input<typeof AppClientSchema>[] => [
  { id: 'local-app', name: 'Local development app', allowedOrigins: localOrigins(port) },
];

const SessionSettings = z
  .object({
    /** Lifetime of an access token, in minutes. */
    accessTokenTtlMinutes: z.number().int().min(1).max(60).default(15),
    /**
     * `iss` of issued tokens: the stage's public API base URL (its JWKS is `<issuer>/.well-known/jwks.json`).
     * https in deployed stages (infra/stages.ts checks it); locally the local API's URL.
     */
    issuer: baseUrlSchema('session.issuer').default(`http://127.0.0.1:${LOCAL_API_DEFAULT_PORT}`),
    /** A refresh token family's absolute lifetime from its sign-in, in days: then the password is asked again. */
    refreshTokenTtlDays: z.number().int().min(1).max(365).default(30),
    /** A family unused for this many days is dead (each refresh moves its idle expiry). */
    refreshIdleDays: z.number().int().min(1).max(90).default(7),
    /** A rotated refresh token presented again this soon after its rotation answers once more (a client's retry). */
    refreshReuseGraceSeconds: z.number().int().min(0).max(60).default(10),
    /** Refreshes per family per hour (the sign-in that made it not counted); beyond: 429. */
    refreshesPerFamilyPerHour: z.number().int().min(1).max(3600).default(60),
  })
  .strict();

const SignInSettings = z
  .object({
    /** Consecutive failures per account before the back-off starts (NIST SP 800-63B rev 4, 3.2.2). */
    backoffAfterFailures: z.number().int().min(1).max(100).default(5),
    /** First back-off, doubled at each further failure. */
    backoffInitialSeconds: z.number().int().min(1).max(60).default(1),
    /** Longest back-off. */
    backoffMaxSeconds: z.number().int().min(1).max(86_400).default(900),
    /** Consecutive failures after which the password is locked until a reset by code (at most 100). */
    lockAfterFailures: z.number().int().min(10).max(100).default(100),
    /** Failed sign-ins per client IP per hour. */
    maxFailuresPerIpPerHour: z.number().int().min(1).max(10_000).default(50),
  })
  .strict();

const RetentionSettings = z
  .object({
    /** Active accounts unused for this many days are erased by the sweeper ("2 years after the last sign-in"). */
    inactiveAccountDays: z.number().int().min(30).max(3650).default(730),
    /** How long the tombstone of an erased account (no personal data) is kept. */
    tombstoneDays: z.number().int().min(1).max(3650).default(90),
    /** How long audit-log entries (no personal data) are kept. */
    auditLogDays: z.number().int().min(365).max(3650).default(2190),
  })
  .strict();

/** Settings the functions read at run time; one copy per stage. */
/** A policy version that is the day it took effect. */
const isPolicyDate = (version: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(version) && !Number.isNaN(Date.parse(`${version}T00:00:00.000Z`));

export const AppSettingsSchema = z
  .object({
    /** Region libphonenumber-js assumes for numbers given without a country code. */
    defaultPhoneRegion: z
      .string()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code')
      .default('GB'),
    password: PasswordSettings.default(PasswordSettings.parse({})),
    argon2: Argon2Settings.default(Argon2Settings.parse({})),
    codes: CodeSettings.default(CodeSettings.parse({})),
    registration: RegistrationSettings.default(RegistrationSettings.parse({})),
    contacts: ContactSettings.default(ContactSettings.parse({})),
    email: EmailSettings,
    sms: SmsSettings.default(SmsSettings.parse({})),
    /** Version of the privacy policy in force; recorded with each consent. */
    privacyPolicyVersion: z.string().min(1).max(64).default('2026-11-01'),
    /**
     * When that version took effect (GET /v1/privacy-policy). Optional while the version is a date
     * (YYYY-MM-DD): it is then that day at 00:00 UTC (privacyPolicyEffectiveAt below).
     */
    privacyPolicyEffectiveAt: z.iso.datetime().optional(),
    session: SessionSettings.default(SessionSettings.parse({})),
    /** The app clients that may sign users in (ids unique); a token is for exactly one of them. */
    clients: z
      .array(AppClientSchema)
      .min(1)
      .refine(
        (clients) => new Set(clients.map((client) => client.id)).size === clients.length,
        'client ids must be unique',
      )
      .default(localClients()),
    signIn: SignInSettings.default(SignInSettings.parse({})),
    retention: RetentionSettings.default(RetentionSettings.parse({})),
  })
  .strict()
  .refine((app) => app.privacyPolicyEffectiveAt !== undefined || isPolicyDate(app.privacyPolicyVersion), {
    path: ['privacyPolicyEffectiveAt'],
    message: 'required when privacyPolicyVersion is not a date (YYYY-MM-DD)',
  });

/** Names a KMS signing key of the stack (its construct id). */
const signingKeyName = z.string().regex(/^[a-z0-9]{1,16}$/, '1 to 16 of a-z and 0-9');

/** Settings that only infra reads. */
export const InfraSettingsSchema = z
  .object({
    /** Lambda memory in MB for functions that hash passwords (argon2 needs memoryKiB plus headroom). */
    hashingFunctionMemoryMb: z.number().int().min(128).max(10_240).default(1024),
    /** Lambda memory in MB for the other functions. */
    functionMemoryMb: z.number().int().min(128).max(10_240).default(256),
    /**
     * The share of requests whose one INFO line ("request handled", "request rejected") the functions
     * write (Powertools' log sampling); warnings, errors and metrics are always written. 1 writes all.
     */
    requestLogSampleRate: z.number().min(0).max(1).default(1),
    /** CloudWatch Logs retention in days (a value CloudWatch accepts). */
    logRetentionDays: z.union([
      z.literal(1),
      z.literal(3),
      z.literal(5),
      z.literal(7),
      z.literal(14),
      z.literal(30),
      z.literal(60),
      z.literal(90),
      z.literal(120),
      z.literal(150),
      z.literal(180),
      z.literal(365),
      z.literal(400),
      z.literal(545),
      z.literal(731),
      z.literal(1096),
      z.literal(1827),
      z.literal(2192),
      z.literal(2557),
      z.literal(2922),
      z.literal(3288),
      z.literal(3653),
    ]),
    /** Where alarms are sent. */
    alarmEmail: z.email(),
    /** What happens to stateful resources when the stack is deleted. */
    removalPolicy: z.enum(['destroy', 'retain']),
    /**
     * The stage's ES256 token-signing keys (one KMS key per name). Tokens are signed with `current`; the
     * JWKS publishes all of them: `next` before it becomes current, `previous` until the last token it
     * signed has expired (README, "Rotating the signing key").
     */
    signingKeys: z
      .object({
        current: signingKeyName,
        next: signingKeyName.optional(),
        previous: signingKeyName.optional(),
      })
      .strict()
      .refine((keys) => {
        const names = [keys.current, keys.next, keys.previous].filter((name) => name !== undefined);
        return new Set(names).size === names.length;
      }, 'current, next and previous must be different keys')
      .default({ current: 'k1' }),
    /** API Gateway stage throttling. */
    throttle: z
      .object({
        rateLimit: z.number().positive().default(50),
        burstLimit: z.number().int().positive().default(100),
      })
      .strict()
      .default({ rateLimit: 50, burstLimit: 100 }),
  })
  .strict();

export const STAGES = ['dev', 'staging', 'prod'] as const;

/** Everything one stage is: where it lives, what it runs with. */
export const StageConfigSchema = z
  .object({
    stage: z.enum(STAGES),
    account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-2'),
    app: AppSettingsSchema,
    infra: InfraSettingsSchema,
  })
  .strict();

export type AppSettings = z.infer<typeof AppSettingsSchema>;
export type AppClient = z.infer<typeof AppClientSchema>;
export type InfraSettings = z.infer<typeof InfraSettingsSchema>;
export type StageConfig = z.infer<typeof StageConfigSchema>;
export type StageName = (typeof STAGES)[number];
export type InterestId = (typeof INTEREST_IDS)[number];
export type Locale = (typeof LOCALES)[number];

/** Turns zod issues into one message naming every failing setting. */
const describeIssues = (error: z.ZodError, prefix: string): string =>
  error.issues
    .map((issue) => `${[prefix, ...issue.path.map(String)].filter(Boolean).join('.')}: ${issue.message}`)
    .join('; ');

/** Validates a stage's configuration; throws naming each invalid or missing setting. */
const parseStageConfig = (input: unknown, source = 'stage config'): StageConfig => {
  const result = StageConfigSchema.safeParse(input);
  if (!result.success) {
    throw new Error(`Invalid ${source}: ${describeIssues(result.error, '')}`);
  }
  return result.data;
};

/** Validates the functions' runtime settings; throws naming each invalid or missing setting. */
const parseAppSettings = (input: unknown, source = 'SIGNET_SETTINGS'): AppSettings => {
  const result = AppSettingsSchema.safeParse(input);
  if (!result.success) {
    throw new Error(`Invalid ${source}: ${describeIssues(result.error, source)}`);
  }
  return result.data;
};

/** Every origin some client may call from (CORS), sorted and unique. */
const allowedOrigins = (clients: readonly AppClient[]): string[] =>
  [...new Set(clients.flatMap((client) => client.allowedOrigins))].sort();

/** When the privacy policy in force took effect: the setting, or the day its version names at 00:00 UTC. */
const privacyPolicyEffectiveAt = (app: Pick<AppSettings, 'privacyPolicyVersion' | 'privacyPolicyEffectiveAt'>): string =>
  app.privacyPolicyEffectiveAt ?? new Date(`${app.privacyPolicyVersion}T00:00:00.000Z`).toISOString();

export { allowedOrigins, localClients, parseAppSettings, parseStageConfig, privacyPolicyEffectiveAt };
