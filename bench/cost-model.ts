// bench: what Signet's monthly active users cost on AWS, beside what Amazon Cognito charges for the same users.
// A monthly active user (MAU) is a registration (register, confirm, resends) plus stated numbers of sign-ins,
// token refreshes and owner requests; each request is priced from the stage's configured Lambda memory
// (infra/stages.ts, prod) and what the benchmark measured (bench/results/latest.json when present: CPU and
// latency per request, cold starts, DynamoDB units per request, log bytes), else stated assumptions. Run by
// `npm run bench`, and on its own (every parameter has a flag; --help lists them):
//   npx tsx bench/cost-model.ts [--results bench/results/latest.json] [--sign-ins 4] [--refreshes 120] …
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadStageConfig } from '../infra/stages.js';

/** A price and where it comes from. */
interface Price {
  readonly usd: number;
  readonly per: string;
  readonly source: string;
}

/** Where the prices given for this model come from: public figures, to be checked before quoting. */
const FROM_ISSUE = "public figure, us-east-1, as seen in December 2026: check against AWS's pricing page";

/**
 * AWS list prices, US East (N. Virginia). Those given for this model are marked so; the others were written
 * without a source at hand and say so. The stages deploy to eu-west-2 (London), where several cost more.
 */
const PRICES = {
  lambdaArmGbSecond: { usd: 0.0000133334, per: 'GB-second, arm64 (on-demand INIT billed alike since August 2025)', source: FROM_ISSUE },
  lambdaRequest: { usd: 0.2 / 1e6, per: 'Lambda request', source: FROM_ISSUE },
  apiGatewayHttpRequest: {
    usd: 1.0 / 1e6,
    per: 'HTTP API request, first 300 million a month',
    source: 'aws.amazon.com/api-gateway/pricing as remembered, no source at hand: check it',
  },
  dynamoDbWriteUnit: { usd: 0.625 / 1e6, per: 'on-demand write request unit (since the November 2024 cut)', source: FROM_ISSUE },
  dynamoDbReadUnit: { usd: 0.125 / 1e6, per: 'on-demand read request unit (since the November 2024 cut)', source: FROM_ISSUE },
  kmsRequest: { usd: 0.03 / 10_000, per: 'symmetric KMS request', source: FROM_ISSUE },
  kmsAsymmetricRequest: {
    usd: 0.15 / 10_000,
    per: 'asymmetric KMS request (Sign with the ECC_NIST_P256 token key)',
    source: 'aws.amazon.com/kms/pricing as remembered, no source at hand: check it',
  },
  kmsKeyMonth: { usd: 1.0, per: 'KMS key a month', source: FROM_ISSUE },
  secretsManagerCall: { usd: 0.05 / 10_000, per: 'Secrets Manager API call', source: FROM_ISSUE },
  secretsManagerSecretMonth: {
    usd: 0.4,
    per: 'secret a month',
    source: 'aws.amazon.com/secrets-manager/pricing as remembered, no source at hand: check it',
  },
  sesEmail: { usd: 0.1 / 1000, per: 'outbound email', source: FROM_ISSUE },
  eventBridgeEvent: { usd: 1.0 / 1e6, per: 'EventBridge event', source: FROM_ISSUE },
  cloudWatchLogsGb: { usd: 0.5, per: 'GB of CloudWatch Logs ingested', source: FROM_ISSUE },
  smsGb: {
    usd: 0.0463,
    per: 'SMS part to the United Kingdom (GB), transactional, carrier fees included',
    source: 'aws.amazon.com/end-user-messaging/pricing as remembered, approximate: check it, SMS prices change often',
  },
  cognitoLite: { usd: 0.0055, per: 'Cognito Lite MAU beyond the first 10,000 (free)', source: FROM_ISSUE },
  cognitoEssentials: { usd: 0.015, per: 'Cognito Essentials MAU beyond the first 10,000 (free)', source: FROM_ISSUE },
  cognitoPlus: { usd: 0.02, per: 'Cognito Plus MAU', source: FROM_ISSUE },
  cognitoUserCreationRps: { usd: 20, per: 'extra UserCreation quota, RPS-month', source: FROM_ISSUE },
} as const satisfies Record<string, Price>;

/** Cognito's default request-rate quota for SignUp: the UserCreation category, shared with ConfirmSignUp. */
const COGNITO_SIGNUP_QUOTA = {
  requestsPerSecond: 50,
  note: 'UserCreation category (SignUp, ConfirmSignUp, AdminCreateUser, AdminConfirmSignUp share it), per account and Region, adjustable',
  source: 'docs.aws.amazon.com/cognito/latest/developerguide/quotas.html',
};

/** The goal: at 1,000,000 MAU by email, Signet's AWS bill (messages aside) at most this share of Cognito Lite's. */
const GOAL = { mau: 1_000_000, shareOfLite: 0.05 } as const;
/** The MAU counts the table shows. */
const SCALES = [10_000, 100_000, 1_000_000] as const;

/** Lambda gives a function one full vCPU at 1,769 MB and a proportional share below. */
const FULL_VCPU_MB = 1769;
const cpuSlowdown = (memoryMb: number): number => Math.max(1, FULL_VCPU_MB / memoryMb);

/** The kinds of request a MAU makes. */
const REQUESTS = ['register', 'confirm', 'resend', 'signIn', 'refresh', 'owner'] as const;
type RequestKind = (typeof REQUESTS)[number];

/** One kind of request as priced. */
export interface RequestCost {
  readonly memoryMb: number;
  /** CPU ms on this machine (argon2 included where it hashes): stretched by 1,769 MB / memory on Lambda. */
  readonly cpuMs: number;
  /** Latency at one client on this machine; what is not CPU is waiting, which memory does not stretch. */
  readonly latencyMs: number;
  /** Cold start (INIT) on this machine, ms, stretched like CPU. */
  readonly coldStartMs: number;
  readonly writeUnits: number;
  readonly readUnits: number;
  readonly kmsSymmetric: number;
  readonly kmsSign: number;
  readonly emails: number;
}

/** The model's parameters (each a flag of the script) and the figures it prices. */
export interface CostInputs {
  readonly source: string;
  /** Requests of each kind per MAU (register and confirm once: every MAU registers that month). */
  readonly perMau: Readonly<Record<RequestKind, number>>;
  readonly requests: Readonly<Record<RequestKind, RequestCost>>;
  /** Containers started per 1,000 requests (each pays its INIT, one secret read and its KMS Decrypt). */
  readonly coldStartsPerThousand: number;
  /** The function's log bytes per request (measured at the stage's sampling) and API Gateway's access log line. */
  readonly logBytesPerRequest: { readonly function: number; readonly accessLog: number };
  /** EventBridge events per MAU (the lifecycle events: activation, and any contact or password change). */
  readonly eventsPerMau: number;
}

export interface CostLine {
  readonly item: string;
  /** Per MAU, USD, by channel of the codes (email; SMS to GB). */
  readonly emailUsd: number;
  readonly smsUsd: number;
  readonly basis: string;
}

export interface ScaleRow {
  readonly mau: number;
  /** Signet on AWS by email, messages aside, fixed monthly costs included. */
  readonly signetEmail: number;
  /** The same messages, which Cognito's bill adds too (it sends through SES and SNS at the same prices). */
  readonly emailMessages: number;
  readonly signetSms: number;
  readonly cognitoLite: number;
  readonly cognitoEssentials: number;
}

export interface CostModel {
  readonly inputs: CostInputs;
  /** Lambda billed duration per invocation on arm64 at the configured memory, ms. */
  readonly lambdaMs: Readonly<Record<RequestKind, number>>;
  readonly lines: readonly CostLine[];
  readonly fixedMonthlyUsd: number;
  readonly scales: readonly ScaleRow[];
  readonly goal: { readonly mau: number; readonly budgetUsd: number; readonly signetUsd: number; readonly met: boolean };
  readonly cognito: { readonly signUpQuota: typeof COGNITO_SIGNUP_QUOTA };
  readonly assumptions: readonly string[];
}

/** Cognito's MAU charge by the figures above: the first 10,000 free, then a flat price per MAU. */
const cognitoCharge = (mau: number, perMau: number): number => Math.max(0, mau - 10_000) * perMau;

/** Prices a MAU line by line and scales it to the table's MAU counts beside Cognito Lite and Essentials. */
const computeCostModel = (inputs: CostInputs): CostModel => {
  const { perMau, requests } = inputs;
  const sum = (value: (kind: RequestKind, request: RequestCost) => number): number =>
    REQUESTS.reduce((total, kind) => total + perMau[kind] * value(kind, requests[kind]), 0);
  const lambdaMs = Object.fromEntries(
    REQUESTS.map((kind) => {
      const r = requests[kind];
      return [kind, r.cpuMs * cpuSlowdown(r.memoryMb) + Math.max(0, r.latencyMs - r.cpuMs)];
    }),
  ) as Record<RequestKind, number>;
  const gbSeconds = (ms: number, memoryMb: number): number => (Math.ceil(ms) / 1000) * (memoryMb / 1024);
  const coldShare = inputs.coldStartsPerThousand / 1000;
  const invocations = sum(() => 1);
  const computeGbS = sum((kind, r) => gbSeconds(lambdaMs[kind], r.memoryMb));
  const initGbS = coldShare * sum((_, r) => gbSeconds(r.coldStartMs * cpuSlowdown(r.memoryMb), r.memoryMb));
  const wru = sum((_, r) => r.writeUnits);
  const rru = sum((_, r) => r.readUnits);
  const secretReads = coldShare * invocations;
  const kmsSymmetric = sum((_, r) => r.kmsSymmetric) + secretReads;
  const kmsSign = sum((_, r) => r.kmsSign);
  const emails = sum((_, r) => r.emails);
  const logBytes = invocations * (inputs.logBytesPerRequest.function + inputs.logBytesPerRequest.accessLog);
  const counts = REQUESTS.map((kind) => `${perMau[kind]} ${kind}`).join(', ');

  const same = (item: string, usd: number, basis: string): CostLine => ({ item, emailUsd: usd, smsUsd: usd, basis });
  const lines: CostLine[] = [
    same('API Gateway HTTP API', invocations * PRICES.apiGatewayHttpRequest.usd, `${invocations.toFixed(1)} requests (${counts})`),
    same('Lambda requests', invocations * PRICES.lambdaRequest.usd, `${invocations.toFixed(1)} invocations`),
    same(
      'Lambda compute (arm64)',
      computeGbS * PRICES.lambdaArmGbSecond.usd,
      REQUESTS.map((kind) => `${kind} ${Math.ceil(lambdaMs[kind])} ms @ ${requests[kind].memoryMb} MB`).join(', '),
    ),
    same(
      'Lambda INIT (cold starts)',
      initGbS * PRICES.lambdaArmGbSecond.usd,
      `${inputs.coldStartsPerThousand} cold starts per 1,000 requests, each its measured INIT × 1,769 MB / memory`,
    ),
    same('DynamoDB writes', wru * PRICES.dynamoDbWriteUnit.usd, `${wru.toFixed(1)} WRU`),
    same('DynamoDB reads', rru * PRICES.dynamoDbReadUnit.usd, `${rru.toFixed(1)} RRU`),
    same('KMS symmetric requests', kmsSymmetric * PRICES.kmsRequest.usd, `${kmsSymmetric.toFixed(2)} (data keys; the secret's Decrypt per cold start)`),
    same('KMS Sign (access tokens)', kmsSign * PRICES.kmsAsymmetricRequest.usd, `${kmsSign.toFixed(0)} (one per sign-in and per refresh)`),
    same('Secrets Manager', secretReads * PRICES.secretsManagerCall.usd, `${secretReads.toFixed(2)} GetSecretValue (once per container)`),
    same(
      'CloudWatch Logs ingestion',
      (logBytes / 1024 ** 3) * PRICES.cloudWatchLogsGb.usd,
      `${(logBytes / 1024).toFixed(1)} KB: ${inputs.logBytesPerRequest.function.toFixed(0)} B function log + ${inputs.logBytesPerRequest.accessLog} B access log per request`,
    ),
    same('EventBridge events', inputs.eventsPerMau * PRICES.eventBridgeEvent.usd, `${inputs.eventsPerMau} events`),
    {
      item: 'Messages (SES email / SNS SMS to GB)',
      emailUsd: emails * PRICES.sesEmail.usd,
      smsUsd: emails * PRICES.smsGb.usd,
      basis: `${emails.toFixed(1)} messages (codes)`,
    },
  ];
  // KMS keys: the table's, the data keys', the token-signing key; one secret.
  const fixedMonthlyUsd = 3 * PRICES.kmsKeyMonth.usd + PRICES.secretsManagerSecretMonth.usd;
  const isMessages = (line: CostLine): boolean => line.item.startsWith('Messages');
  const perMauEmail = lines.filter((line) => !isMessages(line)).reduce((total, line) => total + line.emailUsd, 0);
  const messagesEmail = lines.filter(isMessages).reduce((total, line) => total + line.emailUsd, 0);
  const perMauSms = lines.reduce((total, line) => total + line.smsUsd, 0);
  const scales = SCALES.map((mau) => ({
    mau,
    signetEmail: mau * perMauEmail + fixedMonthlyUsd,
    emailMessages: mau * messagesEmail,
    signetSms: mau * perMauSms + fixedMonthlyUsd,
    cognitoLite: cognitoCharge(mau, PRICES.cognitoLite.usd),
    cognitoEssentials: cognitoCharge(mau, PRICES.cognitoEssentials.usd),
  }));
  const budgetUsd = GOAL.shareOfLite * cognitoCharge(GOAL.mau, PRICES.cognitoLite.usd);
  const signetUsd = GOAL.mau * perMauEmail + fixedMonthlyUsd;
  return {
    inputs,
    lambdaMs,
    lines,
    fixedMonthlyUsd,
    scales,
    goal: { mau: GOAL.mau, budgetUsd, signetUsd, met: signetUsd <= budgetUsd },
    cognito: { signUpQuota: COGNITO_SIGNUP_QUOTA },
    assumptions: [
      `Figures: ${inputs.source}.`,
      `A MAU: ${counts} requests a month (every MAU registers that month, which overstates a steady month).`,
      `Cold starts: ${inputs.coldStartsPerThousand} per 1,000 requests (a stated assumption); Lambda bills on-demand INIT since August 2025 (AWS's announcement: confirm it), so each is priced at its measured INIT.`,
      `Lambda CPU scales with memory (1 vCPU at ${FULL_VCPU_MB} MB): CPU time measured here (argon2 included) is stretched by ${FULL_VCPU_MB}/memory, waits are not; INIT likewise.`,
      'Owner requests (GET /v1/me and the like) are priced as an assumption: 40 ms @ the functions\' memory, 2 RRU, 1 KMS Decrypt.',
      `Fixed a month: 3 KMS keys (table, data keys, token signing) and 1 secret (${fixedMonthlyUsd.toFixed(2)} USD). Not modelled: alarms, DynamoDB storage and backups, data transfer, free tiers.`,
      'Cognito by those figures: the first 10,000 MAU free on Lite and Essentials, then a flat price per MAU; it sends the same emails and SMS through SES and SNS at the same prices, so messages are set aside on both sides.',
    ],
  };
};

const DEFAULT_RESULTS = fileURLToPath(new URL('./results/latest.json', import.meta.url));

/** The parts of a benchmark results file (bench/results/latest.json) the model reads. */
export interface CostResults {
  readonly finishedAt?: string;
  readonly bound?: { readonly singleHashMs?: number; readonly cpuMsPerHash?: number };
  readonly registration?: { readonly latencyAt1?: { readonly p50Ms?: number } };
  readonly confirm?: { readonly at1?: { readonly p50Ms?: number } };
  readonly resend?: { readonly at1?: { readonly p50Ms?: number } };
  readonly signIn?: { readonly at1?: { readonly p50Ms?: number } };
  readonly refresh?: { readonly at1?: { readonly p50Ms?: number } };
  readonly cpuMsPerRequest?: Readonly<Partial<Record<'register' | 'confirm' | 'resend' | 'signIn' | 'refresh', number>>>;
  readonly bundles?: readonly { readonly name: string; readonly coldStartMs: number }[];
  readonly storeWork?: readonly { readonly route: string; readonly writeUnitsPerRequest: number; readonly readUnitsPerRequest: number }[];
  readonly logging?: { readonly bytesPerRequest?: Readonly<Record<string, number>> };
}

export interface CostOptions {
  readonly signInsPerMau?: number;
  readonly refreshesPerMau?: number;
  readonly ownerRequestsPerMau?: number;
  readonly resendsPerRegistration?: number;
  readonly coldStartsPerThousand?: number;
  readonly eventsPerMau?: number;
  readonly accessLogBytes?: number;
}

/** Inputs from benchmark results; stated assumptions where they have no figure. */
const costInputsFrom = (results: CostResults, source: string | undefined, options: CostOptions = {}): CostInputs => {
  const stage = loadStageConfig('prod');
  const hashing = stage.infra.hashingFunctionMemoryMb;
  const plain = stage.infra.functionMemoryMb;
  const cold = (name: string, fallback: number): number =>
    results.bundles?.find((bundle) => bundle.name === name)?.coldStartMs ?? fallback;
  const store = (route: string, fallback: { w: number; r: number }): { w: number; r: number } => {
    const row = results.storeWork?.find((entry) => entry.route === route);
    return row === undefined ? fallback : { w: row.writeUnitsPerRequest, r: row.readUnitsPerRequest };
  };
  const cpu = (kind: 'register' | 'confirm' | 'resend' | 'signIn' | 'refresh', fallback: number): number => {
    const value = results.cpuMsPerRequest?.[kind];
    return value === undefined || !Number.isFinite(value) ? fallback : value;
  };
  const hashMs = results.bound?.cpuMsPerHash ?? results.bound?.singleHashMs ?? 40;
  const request = (
    memoryMb: number,
    cpuMs: number,
    latencyMs: number,
    coldStartMs: number,
    units: { w: number; r: number },
    extra: Partial<Pick<RequestCost, 'kmsSymmetric' | 'kmsSign' | 'emails'>> = {},
  ): RequestCost => ({
    memoryMb,
    cpuMs,
    latencyMs: Math.max(latencyMs, cpuMs),
    coldStartMs,
    writeUnits: units.w,
    readUnits: units.r,
    kmsSymmetric: extra.kmsSymmetric ?? 0,
    kmsSign: extra.kmsSign ?? 0,
    emails: extra.emails ?? 0,
  });
  const logged = Object.values(results.logging?.bytesPerRequest ?? {});
  return {
    source:
      source === undefined
        ? 'assumed (no bench/results/latest.json: run npm run bench for measured figures)'
        : `measured by npm run bench (${source})`,
    perMau: {
      register: 1,
      confirm: 1,
      resend: options.resendsPerRegistration ?? 0.2,
      signIn: options.signInsPerMau ?? 4,
      refresh: options.refreshesPerMau ?? 120,
      owner: options.ownerRequestsPerMau ?? 2,
    },
    requests: {
      register: request(hashing, cpu('register', hashMs + 5), results.registration?.latencyAt1?.p50Ms ?? 60, cold('register', 250), store('register', { w: 14, r: 1 }), { kmsSymmetric: 1, emails: 1 }),
      confirm: request(plain, cpu('confirm', 3), results.confirm?.at1?.p50Ms ?? 15, cold('confirm', 150), store('confirm', { w: 14, r: 0 })),
      resend: request(plain, cpu('resend', 3), results.resend?.at1?.p50Ms ?? 20, cold('resend', 200), store('resend', { w: 3, r: 2 }), { kmsSymmetric: 1, emails: 1 }),
      signIn: request(hashing, cpu('signIn', hashMs + 5), results.signIn?.at1?.p50Ms ?? 70, cold('sessions', 200), store('sign-in', { w: 13, r: 4 }), { kmsSign: 1 }),
      refresh: request(plain, cpu('refresh', 3), results.refresh?.at1?.p50Ms ?? 15, cold('sessions-refresh', 200), store('refresh', { w: 4, r: 3 }), { kmsSign: 1 }),
      owner: request(plain, 3, 40, cold('me-get', 200), { w: 0, r: 2 }, { kmsSymmetric: 1 }),
    },
    coldStartsPerThousand: options.coldStartsPerThousand ?? 20,
    logBytesPerRequest: {
      function: logged.length === 0 ? 250 : logged.reduce((total, bytes) => total + bytes, 0) / logged.length,
      accessLog: options.accessLogBytes ?? 330,
    },
    eventsPerMau: options.eventsPerMau ?? 1,
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

/** The model as Markdown (for the terminal and the README): per 1,000,000 MAU, the scales, assumptions, prices. */
const formatCostModel = (model: CostModel): string => {
  const perMillion = (value: number): string => usd(value * 1e6);
  const share = (part: number, whole: number): string => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '—');
  return [
    '| Per 1,000,000 MAU | Codes by email | Codes by SMS (GB) | Basis, per MAU |',
    '|---|---:|---:|---|',
    ...model.lines.map((line) => `| ${line.item} | ${perMillion(line.emailUsd)} | ${perMillion(line.smsUsd)} | ${line.basis} |`),
    `| Fixed monthly | ${usd(model.fixedMonthlyUsd)} | ${usd(model.fixedMonthlyUsd)} | 3 KMS keys, 1 secret |`,
    '',
    '| MAU | Signet on AWS, email, messages aside | Messages (email) | Signet, SMS (GB), all in | Cognito Lite | Cognito Essentials | Signet / Lite |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...model.scales.map(
      (row) =>
        `| ${row.mau.toLocaleString('en-US')} | ${usd(row.signetEmail)} | ${usd(row.emailMessages)} | ${usd(row.signetSms)} | ${usd(row.cognitoLite)} | ${usd(row.cognitoEssentials)} | ${share(row.signetEmail, row.cognitoLite)} |`,
    ),
    '',
    `Goal: at ${model.goal.mau.toLocaleString('en-US')} MAU by email, messages aside, at most 5% of Cognito Lite (${usd(model.goal.budgetUsd)}): ${usd(model.goal.signetUsd)}, ${model.goal.met ? 'met' : 'MISSED'}.`,
    '',
    ...model.assumptions.map((line) => `- ${line}`),
    '',
    'Prices used:',
    ...Object.values(PRICES).map((price) => `- ${priceText(price.usd)} per ${price.per} (${price.source})`),
    `- Cognito SignUp quota: ${model.cognito.signUpQuota.requestsPerSecond} requests/s, ${model.cognito.signUpQuota.note} (${model.cognito.signUpQuota.source})`,
  ].join('\n');
};

export { COGNITO_SIGNUP_QUOTA, computeCostModel, costInputsFrom, formatCostModel, GOAL, loadCostInputs, PRICES, SCALES };

const USAGE = `Usage: npx tsx bench/cost-model.ts [options]

  --results <file>        benchmark results to price (default bench/results/latest.json; assumptions without it)
  --sign-ins <n>          sign-ins per MAU (default 4)
  --refreshes <n>         token refreshes per MAU (default 120)
  --owner-requests <n>    owner requests (GET /v1/me and the like) per MAU (default 2)
  --resends <n>           resends per registration (default 0.2)
  --cold-starts <n>       containers started per 1,000 requests (default 20)
  --events <n>            EventBridge events per MAU (default 1)
  --access-log-bytes <n>  API Gateway access log bytes per request (default 330)
  -h, --help              this text`;

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({
    options: {
      results: { type: 'string' },
      'sign-ins': { type: 'string' },
      refreshes: { type: 'string' },
      'owner-requests': { type: 'string' },
      resends: { type: 'string' },
      'cold-starts': { type: 'string' },
      events: { type: 'string' },
      'access-log-bytes': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help === true) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (value: string | undefined): number | undefined => (value === undefined ? undefined : Number(value));
  const options: CostOptions & { resultsPath?: string } = Object.fromEntries(
    Object.entries({
      resultsPath: values.results,
      signInsPerMau: number(values['sign-ins']),
      refreshesPerMau: number(values.refreshes),
      ownerRequestsPerMau: number(values['owner-requests']),
      resendsPerRegistration: number(values.resends),
      coldStartsPerThousand: number(values['cold-starts']),
      eventsPerMau: number(values.events),
      accessLogBytes: number(values['access-log-bytes']),
    }).filter((entry) => entry[1] !== undefined),
  );
  console.log(formatCostModel(computeCostModel(loadCostInputs(options))));
}
