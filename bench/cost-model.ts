// bench: what registrations cost on AWS, beside what Amazon Cognito charges for the same users. Computed from
// the stage's configured Lambda memory (infra/stages.ts, prod) and the durations the benchmark measured
// (bench/results/latest.json when present, else stated assumptions). Run by `npm run bench`, and on its own:
//   npx tsx bench/cost-model.ts [--results bench/results/latest.json] [--resends 0.2] [--cold-share 0.02]
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadStageConfig } from '../infra/stages.js';

/** A price and where it comes from. No internet was available when these were written: verify each. */
interface Price {
  readonly usd: number;
  readonly per: string;
  readonly source: string;
}

/**
 * AWS list prices, US East (N. Virginia), as published on the pages named, as I know them in late 2025
 * (written without internet access): verify before relying on them. The stages deploy to eu-west-2
 * (London), where DynamoDB, API Gateway and some others cost roughly 10-20% more.
 */
const PRICES = {
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    per: 'GB-second, arm64, first 7.5 billion GB-s a month',
    source: 'aws.amazon.com/lambda/pricing, as published 2024-2025',
  },
  lambdaRequest: { usd: 0.2 / 1e6, per: 'request', source: 'aws.amazon.com/lambda/pricing, as published 2024-2025' },
  apiGatewayHttpRequest: {
    usd: 1.0 / 1e6,
    per: 'HTTP API request, first 300 million a month',
    source: 'aws.amazon.com/api-gateway/pricing, as published 2024-2025',
  },
  dynamoDbWriteUnit: {
    usd: 0.625 / 1e6,
    per: 'on-demand write request unit (1 KB; transactional writes take 2)',
    source: 'aws.amazon.com/dynamodb/pricing/on-demand, after the 2024-11-01 price cut',
  },
  dynamoDbReadUnit: {
    usd: 0.125 / 1e6,
    per: 'on-demand read request unit (4 KB strongly consistent)',
    source: 'aws.amazon.com/dynamodb/pricing/on-demand, after the 2024-11-01 price cut',
  },
  kmsRequest: { usd: 0.03 / 10_000, per: 'symmetric KMS request', source: 'aws.amazon.com/kms/pricing, as published 2024-2025' },
  kmsKeyMonth: { usd: 1.0, per: 'customer managed key a month', source: 'aws.amazon.com/kms/pricing, as published 2024-2025' },
  secretsManagerCall: {
    usd: 0.05 / 10_000,
    per: 'API call',
    source: 'aws.amazon.com/secrets-manager/pricing, as published 2024-2025',
  },
  secretsManagerSecretMonth: {
    usd: 0.4,
    per: 'secret a month',
    source: 'aws.amazon.com/secrets-manager/pricing, as published 2024-2025',
  },
  sesEmail: { usd: 0.1 / 1000, per: 'outbound email', source: 'aws.amazon.com/ses/pricing, as published 2024-2025' },
  smsGb: {
    usd: 0.0463,
    per: 'SMS part to the United Kingdom (GB), transactional, carrier fees included; a code fits in one part',
    source: 'aws.amazon.com/end-user-messaging/pricing (SNS SMS), approximate, 2024-2025: verify, SMS prices change often',
  },
  cognitoLiteTiers: {
    usd: 0.0055,
    per: 'MAU 10,001-100,000; then $0.0046 to 1 M, $0.00325 to 10 M, $0.0025 beyond; first 10,000 MAU free',
    source: 'aws.amazon.com/cognito/pricing, feature plans as published 2024-11-22',
  },
  cognitoEssentials: {
    usd: 0.015,
    per: 'MAU beyond the first 10,000 (free)',
    source: 'aws.amazon.com/cognito/pricing, feature plans as published 2024-11-22',
  },
} as const satisfies Record<string, Price>;

/** Cognito's default request-rate quota for SignUp: the UserCreation category, shared with ConfirmSignUp. */
const COGNITO_SIGNUP_QUOTA = {
  requestsPerSecond: 50,
  note: 'UserCreation category (SignUp, ConfirmSignUp, AdminCreateUser, AdminConfirmSignUp share it), per account and Region, adjustable',
  source: 'docs.aws.amazon.com/cognito/latest/developerguide/quotas.html',
};

/** Lambda gives a function one full vCPU at 1,769 MB and a proportional share below. */
const FULL_VCPU_MB = 1769;
const cpuSlowdown = (memoryMb: number): number => Math.max(1, FULL_VCPU_MB / memoryMb);

/** Measured (or assumed) figures the model is computed from. */
export interface CostInputs {
  readonly source: string;
  readonly memoryMb: { readonly register: number; readonly confirm: number; readonly resend: number };
  /** One argon2id hash alone on this machine, ms. */
  readonly singleHashMs: number;
  /** Latency at one client on this machine, ms. */
  readonly latencyMs: { readonly register: number; readonly confirm: number; readonly resend: number };
  /** Main-thread CPU per request outside argon2 (profile), ms. */
  readonly cpuMs: { readonly register: number; readonly confirm: number; readonly resend: number };
  readonly coldStartMs: { readonly register: number; readonly confirm: number; readonly resend: number };
  /** Largest item of each kind, bytes. */
  readonly itemBytes: {
    readonly nameGuard: number;
    readonly emailGuard: number;
    readonly accountPending: number;
    readonly accountActive: number;
    readonly code: number;
  };
  /** Resends per registration. */
  readonly resendsPerRegistration: number;
  /** Share of invocations that start a new container (init billed, secret read). */
  readonly coldStartShare: number;
}

export interface CostLine {
  readonly item: string;
  /** Per registration (register + confirm + resends), USD. */
  readonly emailUsd: number;
  readonly smsUsd: number;
  readonly basis: string;
}

export interface CostModel {
  readonly inputs: CostInputs;
  /** Estimated Lambda billed duration per invocation, ms. */
  readonly lambdaMs: { readonly register: number; readonly confirm: number; readonly resend: number };
  readonly lines: readonly CostLine[];
  readonly fixedMonthlyUsd: number;
  readonly perMillionRegistrations: { readonly email: number; readonly sms: number };
  readonly perTenThousandMau: { readonly email: number; readonly sms: number };
  readonly cognito: {
    readonly liteMillion: number;
    readonly essentialsMillion: number;
    readonly liteTenThousandMarginal: number;
    readonly essentialsTenThousandMarginal: number;
    readonly messagingMillion: { readonly email: number; readonly sms: number };
    readonly signUpQuota: typeof COGNITO_SIGNUP_QUOTA;
  };
  readonly assumptions: readonly string[];
}

const units = (bytes: number, unitBytes: number): number => Math.max(1, Math.ceil(bytes / unitBytes));

/** Cognito Lite's graduated MAU charge, the first 10,000 free. */
const cognitoLite = (mau: number): number => {
  const bands: [number, number][] = [
    [10_000, 0],
    [100_000, 0.0055],
    [1_000_000, 0.0046],
    [10_000_000, 0.00325],
    [Number.POSITIVE_INFINITY, 0.0025],
  ];
  let previous = 0;
  let usd = 0;
  for (const [ceiling, rate] of bands) {
    usd += Math.max(0, Math.min(mau, ceiling) - previous) * rate;
    previous = ceiling;
  }
  return usd;
};

/**
 * Prices one registration (register + confirm + `resendsPerRegistration` resends) line by line, for the email
 * and the SMS channel, and scales it to 1,000,000 registrations and to 10,000 monthly active users.
 */
const computeCostModel = (inputs: CostInputs): CostModel => {
  const { memoryMb: mem, resendsPerRegistration: r, coldStartShare: cold, itemBytes: size } = inputs;
  // CPU work slows in proportion to the function's vCPU share; waiting on DynamoDB, SES or KMS does not.
  const lambdaDuration = (cpuMs: number, latencyMs: number, memoryMb: number): number =>
    cpuMs * cpuSlowdown(memoryMb) + Math.max(0, latencyMs - cpuMs);
  const lambdaMs = {
    register: lambdaDuration(inputs.singleHashMs + inputs.cpuMs.register, inputs.latencyMs.register, mem.register),
    confirm: lambdaDuration(inputs.cpuMs.confirm, inputs.latencyMs.confirm, mem.confirm),
    resend: lambdaDuration(inputs.cpuMs.resend, inputs.latencyMs.resend, mem.resend),
  };
  const gbSeconds = (ms: number, memoryMb: number): number => (Math.ceil(ms) / 1000) * (memoryMb / 1024);
  const invocations = 2 + r;
  const computeGbS =
    gbSeconds(lambdaMs.register, mem.register) + gbSeconds(lambdaMs.confirm, mem.confirm) + r * gbSeconds(lambdaMs.resend, mem.resend);
  const initGbS =
    cold *
    (gbSeconds(inputs.coldStartMs.register * cpuSlowdown(mem.register), mem.register) +
      gbSeconds(inputs.coldStartMs.confirm * cpuSlowdown(mem.confirm), mem.confirm) +
      r * gbSeconds(inputs.coldStartMs.resend * cpuSlowdown(mem.resend), mem.resend));

  // DynamoDB: register's 4-item transaction; confirm's counted try then its 4-item activation transaction
  // (an update is charged on the larger of the item before and after); resend's consistent reads and update.
  const kb = (bytes: number): number => units(bytes, 1024);
  const registerWru = 2 * (kb(size.nameGuard) + kb(size.emailGuard) + kb(size.accountPending) + kb(size.code));
  const confirmWru =
    kb(size.code) + 2 * (kb(size.code) + kb(Math.max(size.accountPending, size.accountActive)) + kb(size.nameGuard) + kb(size.emailGuard));
  const resendWru = kb(size.code);
  const resendRru = units(size.code, 4096) + units(size.accountPending, 4096);
  const wru = registerWru + confirmWru + r * resendWru;
  const rru = r * resendRru;
  // KMS: GenerateDataKey at register, Decrypt at each resend, and one Decrypt by Secrets Manager per secret read.
  const secretReads = cold * invocations;
  const kmsRequests = 1 + r + secretReads;

  const same = (item: string, usd: number, basis: string): CostLine => ({ item, emailUsd: usd, smsUsd: usd, basis });
  const lines: CostLine[] = [
    same('API Gateway HTTP API', invocations * PRICES.apiGatewayHttpRequest.usd, `${invocations} requests`),
    same('Lambda requests', invocations * PRICES.lambdaRequest.usd, `${invocations} invocations`),
    same(
      'Lambda compute (arm64)',
      computeGbS * PRICES.lambdaArmGbSecond.usd,
      `register ${Math.ceil(lambdaMs.register)} ms @ ${mem.register} MB, confirm ${Math.ceil(lambdaMs.confirm)} ms @ ${mem.confirm} MB, ${r} × resend ${Math.ceil(lambdaMs.resend)} ms @ ${mem.resend} MB`,
    ),
    same('Lambda init (cold starts)', initGbS * PRICES.lambdaArmGbSecond.usd, `${cold * 100}% of invocations start a container`),
    same('DynamoDB writes', wru * PRICES.dynamoDbWriteUnit.usd, `${wru.toFixed(1)} WRU (register ${registerWru}, confirm ${confirmWru}, resend ${resendWru})`),
    same('DynamoDB reads', rru * PRICES.dynamoDbReadUnit.usd, `${rru.toFixed(1)} RRU (resend ${resendRru})`),
    same('KMS requests', kmsRequests * PRICES.kmsRequest.usd, `${kmsRequests.toFixed(2)} requests`),
    same('Secrets Manager', secretReads * PRICES.secretsManagerCall.usd, `${secretReads.toFixed(2)} GetSecretValue (once per container)`),
    {
      item: 'Messages (SES email / SNS SMS to GB)',
      emailUsd: (1 + r) * PRICES.sesEmail.usd,
      smsUsd: (1 + r) * PRICES.smsGb.usd,
      basis: `${1 + r} messages`,
    },
  ];
  const fixedMonthlyUsd = 2 * PRICES.kmsKeyMonth.usd + PRICES.secretsManagerSecretMonth.usd;
  const per = (channel: 'emailUsd' | 'smsUsd'): number => lines.reduce((sum, line) => sum + line[channel], 0);
  const messagingMillion = { email: 1e6 * (1 + r) * PRICES.sesEmail.usd, sms: 1e6 * (1 + r) * PRICES.smsGb.usd };
  return {
    inputs,
    lambdaMs,
    lines,
    fixedMonthlyUsd,
    perMillionRegistrations: { email: 1e6 * per('emailUsd') + fixedMonthlyUsd, sms: 1e6 * per('smsUsd') + fixedMonthlyUsd },
    perTenThousandMau: { email: 1e4 * per('emailUsd') + fixedMonthlyUsd, sms: 1e4 * per('smsUsd') + fixedMonthlyUsd },
    cognito: {
      liteMillion: cognitoLite(1e6),
      essentialsMillion: (1e6 - 10_000) * PRICES.cognitoEssentials.usd,
      liteTenThousandMarginal: 1e4 * PRICES.cognitoLiteTiers.usd,
      essentialsTenThousandMarginal: 1e4 * PRICES.cognitoEssentials.usd,
      messagingMillion,
      signUpQuota: COGNITO_SIGNUP_QUOTA,
    },
    assumptions: [
      `Figures: ${inputs.source}.`,
      'A monthly active user is modelled as one registration that month (register, confirm, resends); sign-ins, token refreshes and the owner\'s routes are not priced.',
      `Resends per registration: ${r}; cold starts: ${cold * 100}% of invocations (init is billed since 2025-08-01).`,
      `Lambda CPU scales with memory (1 vCPU at ${FULL_VCPU_MB} MB): the measured CPU time (argon2 and the profiled main-thread work) is stretched by ${FULL_VCPU_MB}/memory, waits are not.`,
      'Fixed a month: 2 KMS keys (table and data keys) and 1 secret. Not modelled: CloudWatch Logs and alarms, DynamoDB storage and backups, data transfer, free tiers.',
      'Cognito sends the same emails and SMS through SES and SNS at the same prices (its built-in email allows 50 a day): add the messages line to compare like for like.',
      'Prices: US East (N. Virginia) list prices as published on the dates named, written without internet access: verify before relying on them.',
    ],
  };
};

const DEFAULT_RESULTS = fileURLToPath(new URL('./results/latest.json', import.meta.url));

/** The parts of a benchmark results file (bench/results/latest.json) the model reads. */
export interface CostResults {
  readonly finishedAt?: string;
  readonly bound?: { readonly singleHashMs?: number };
  readonly registration?: { readonly latencyAt1?: { readonly p50Ms?: number } };
  readonly confirm?: { readonly at1?: { readonly p50Ms?: number } };
  readonly resend?: { readonly at1?: { readonly p50Ms?: number } };
  readonly profile?: { readonly busyMicrosPerRequest?: Record<string, number> };
  readonly bundles?: readonly { readonly name: string; readonly coldStartMs: number }[];
  readonly dynamodb?: { readonly largestItemBytes?: Record<string, number> };
}

export interface CostOptions {
  readonly resendsPerRegistration?: number;
  readonly coldStartShare?: number;
}

/** Inputs from benchmark results; stated assumptions where they have no figure. */
const costInputsFrom = (results: CostResults, source: string | undefined, options: CostOptions = {}): CostInputs => {
  const stage = loadStageConfig('prod');
  const cold = (name: string, fallback: number): number =>
    results.bundles?.find((bundle) => bundle.name === name)?.coldStartMs ?? fallback;
  const busy = (label: string, fallbackMs: number): number => {
    const micros = results.profile?.busyMicrosPerRequest?.[label];
    return micros === undefined ? fallbackMs : micros / 1000;
  };
  const items = results.dynamodb?.largestItemBytes ?? {};
  return {
    source:
      source === undefined
        ? 'assumed (no bench/results/latest.json: run npm run bench for measured figures)'
        : `measured by npm run bench (${source})`,
    memoryMb: {
      register: stage.infra.hashingFunctionMemoryMb,
      confirm: stage.infra.functionMemoryMb,
      resend: stage.infra.functionMemoryMb,
    },
    singleHashMs: results.bound?.singleHashMs ?? 40,
    latencyMs: {
      register: results.registration?.latencyAt1?.p50Ms ?? 60,
      confirm: results.confirm?.at1?.p50Ms ?? 15,
      resend: results.resend?.at1?.p50Ms ?? 20,
    },
    cpuMs: { register: busy('register', 3), confirm: busy('confirm', 2), resend: busy('resend', 3) },
    coldStartMs: { register: cold('register', 400), confirm: cold('confirm', 250), resend: cold('resend', 300) },
    itemBytes: {
      nameGuard: items['name guard'] ?? 150,
      emailGuard: items['email guard'] ?? 150,
      accountPending: items['account (pending)'] ?? 1000,
      accountActive: items['account (active)'] ?? 1100,
      code: items['registration code'] ?? 300,
    },
    resendsPerRegistration: options.resendsPerRegistration ?? 0.2,
    coldStartShare: options.coldStartShare ?? 0.02,
  };
};

/** Inputs from a results file when there is one (bench/results/latest.json by default). */
const loadCostInputs = (options: CostOptions & { readonly resultsPath?: string } = {}): CostInputs => {
  const resultsPath = options.resultsPath ?? DEFAULT_RESULTS;
  if (!existsSync(resultsPath)) return costInputsFrom({}, undefined, options);
  const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as CostResults;
  return costInputsFrom(results, `${relative(process.cwd(), resultsPath)}, ${results.finishedAt ?? 'undated'}`, options);
};

const usd = (value: number): string =>
  value >= 100 ? `$${value.toLocaleString('en-US', { maximumFractionDigits: 0 })}` : `$${value.toFixed(value >= 1 ? 2 : 4)}`;

/** A unit price in plain decimals (no exponent, no float noise): $0.0000002, $0.0000133334, $0.0463. */
const priceText = (value: number): string => `$${value.toFixed(10).replace(/\.?0+$/, '')}`;

/** The model as a Markdown table (for the terminal and the README), then its assumptions and price sources. */
const formatCostModel = (model: CostModel): string => {
  const perMillion = (value: number): string => usd(value * 1e6);
  const rows = model.lines.map(
    (line) => `| ${line.item} | ${perMillion(line.emailUsd)} | ${perMillion(line.smsUsd)} | ${line.basis} |`,
  );
  const { cognito } = model;
  return [
    '| Per 1,000,000 registrations | Email channel | SMS channel (GB) | Basis, per registration |',
    '|---|---:|---:|---|',
    ...rows,
    `| Fixed monthly (2 KMS keys, 1 secret) | ${usd(model.fixedMonthlyUsd)} | ${usd(model.fixedMonthlyUsd)} | a month |`,
    `| **Signet on AWS, 1,000,000 registrations** | **${usd(model.perMillionRegistrations.email)}** | **${usd(model.perMillionRegistrations.sms)}** | |`,
    `| **Signet on AWS, 10,000 MAU** | **${usd(model.perTenThousandMau.email)}** | **${usd(model.perTenThousandMau.sms)}** | one registration per MAU |`,
    `| Cognito Lite, 1,000,000 MAU (+ same messages) | ${usd(cognito.liteMillion)} (+${usd(cognito.messagingMillion.email)}) | ${usd(cognito.liteMillion)} (+${usd(cognito.messagingMillion.sms)}) | first 10,000 MAU free, graduated |`,
    `| Cognito Essentials, 1,000,000 MAU (+ same messages) | ${usd(cognito.essentialsMillion)} (+${usd(cognito.messagingMillion.email)}) | ${usd(cognito.essentialsMillion)} (+${usd(cognito.messagingMillion.sms)}) | first 10,000 MAU free |`,
    `| Cognito Lite / Essentials, 10,000 MAU | $0 (free tier); ${usd(cognito.liteTenThousandMarginal)} / ${usd(cognito.essentialsTenThousandMarginal)} beyond it | same + SMS | the 10,000 MAU free tier covers it |`,
    `| Cognito SignUp default quota | ${cognito.signUpQuota.requestsPerSecond} requests/s | | ${cognito.signUpQuota.note} |`,
    '',
    ...model.assumptions.map((line) => `- ${line}`),
    '',
    'Prices used (verify before relying on them):',
    ...Object.values(PRICES).map((price) => `- ${priceText(price.usd)} per ${price.per} (${price.source})`),
    `- Cognito quota: ${cognito.signUpQuota.source}`,
  ].join('\n');
};

export { COGNITO_SIGNUP_QUOTA, computeCostModel, costInputsFrom, formatCostModel, loadCostInputs, PRICES };

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({
    options: {
      results: { type: 'string' },
      resends: { type: 'string' },
      'cold-share': { type: 'string' },
    },
  });
  const model = computeCostModel(
    loadCostInputs({
      ...(values.results === undefined ? {} : { resultsPath: values.results }),
      ...(values.resends === undefined ? {} : { resendsPerRegistration: Number(values.resends) }),
      ...(values['cold-share'] === undefined ? {} : { coldStartShare: Number(values['cold-share']) }),
    }),
  );
  console.log(formatCostModel(model));
}
