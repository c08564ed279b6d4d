// test/infra: infra/app.ts through the CDK CLI, as devops run it: `cdk synth -c stage=…` for all three
// stages with no AWS credentials and no network, then the bundles it produced: their sizes (recorded),
// argon2's linux-arm64 prebuild where a function hashes and nowhere else, and each handler loading and
// answering from its bundle.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGON2_PREBUILD } from '../../infra/constructs/argon2-bundle.js';
import { FALLBACK_FUNCTION, ROUTES, TASKS } from '../../infra/route-infra.js';
import { PROJECT_ROOT } from '../../infra/signet-stack.js';
import { loadStageConfig } from '../../infra/stages.js';
import { generateSigningJwk } from '../../shared/adapters/secrets/local-secrets-file.js';
import { STAGES, type StageName } from '../../shared/config/settings.js';

const run = promisify(execFile);

const CDK = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'cdk');
const NODE = process.execPath;

/**
 * A sanity ceiling on a function's minified bundle (index.mjs). The real budget (300 KB, argon2 aside)
 * belongs to the benchmark issue; this only catches a bundle gone badly wrong.
 */
const BUNDLE_CEILING_BYTES = 4 * 1024 * 1024;

const FUNCTION_NAMES = [
  ...ROUTES.map((route) => route.name),
  FALLBACK_FUNCTION,
  ...TASKS.map((task) => task.name),
];
const HASHING = new Set([...ROUTES, ...TASKS].filter((spec) => spec.hashes).map((spec) => spec.name));

/**
 * The CLI's environment: no AWS credentials, profile or instance metadata, and every proxy pointed at
 * a closed port so that any attempt to reach the network fails rather than succeeds quietly.
 */
const offlineEnv = (): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(AWS_|CDK_)/.test(key))),
  AWS_CONFIG_FILE: path.join(tmpdir(), 'signet-no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(tmpdir(), 'signet-no-aws-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  http_proxy: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
  NO_PROXY: '',
  npm_config_offline: 'true',
  npm_config_update_notifier: 'false',
});

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outdir: string;
}

/** `cdk synth` of infra/app.ts (cdk.json), or of another app script when `app` is given. */
const cdkSynth = async (context: readonly string[], app?: string): Promise<CliResult> => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'signet-cdk-'));
  const args = [
    'synth',
    ...(app === undefined ? [] : ['--app', app]),
    ...context.flatMap((c) => ['-c', c]),
    '--no-notices',
    '--quiet',
    '-o',
    outdir,
  ];
  try {
    const { stdout, stderr } = await run(CDK, args, {
      cwd: PROJECT_ROOT,
      env: offlineEnv(),
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout, stderr, outdir };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '', outdir };
  }
};

interface BundleSize {
  readonly stage: StageName;
  readonly name: string;
  readonly asset: string;
  /** index.mjs, minified. */
  readonly codeBytes: number;
  readonly sourceMapBytes: number;
  /** Everything under node_modules (argon2, its prebuild and runtime dependencies). */
  readonly nodeModulesBytes: number;
  readonly totalBytes: number;
}

const directoryBytes = (dir: string): number =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0)
    : 0;

/** The asset folder of each route function in a CLI output, by function name. */
const functionAssets = (outdir: string, stage: StageName): Map<string, string> => {
  const template = JSON.parse(readFileSync(path.join(outdir, `signet-${stage}.template.json`), 'utf8')) as {
    Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
  };
  const assets = new Map<string, string>();
  for (const resource of Object.values(template.Resources)) {
    const match = /\/Fn-([^/]+)\/Function\/Resource$/.exec(resource.Metadata?.['aws:cdk:path'] ?? '');
    const asset = resource.Metadata?.['aws:asset:path'];
    if (resource.Type === 'AWS::Lambda::Function' && match?.[1] !== undefined && asset !== undefined) {
      assets.set(match[1], path.join(outdir, asset));
    }
  }
  return assets;
};

/** Whether a bundle holds code of `pkg`, from the package paths its source map lists. */
const bundlesPackage = (asset: string, pkg: string): boolean =>
  (JSON.parse(readFileSync(path.join(asset, 'index.mjs.map'), 'utf8')) as { sources: string[] }).sources.some(
    (source) => source.includes(`node_modules/${pkg}/`),
  );

/** A minimal API Gateway HTTP API (payload v2) event. */
const httpEvent = (method: string, rawPath: string, body?: string) => ({
  version: '2.0',
  routeKey: '$default',
  rawPath,
  rawQueryString: '',
  headers: { 'content-type': 'application/json', host: 'api.signet.example' },
  requestContext: {
    accountId: '111111111111',
    apiId: 'api',
    domainName: 'api.signet.example',
    domainPrefix: 'api',
    http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
    requestId: 'test-request',
    routeKey: '$default',
    stage: '$default',
    time: '01/Nov/2026:00:00:00 +0000',
    timeEpoch: Date.UTC(2026, 10, 1),
  },
  ...(body === undefined ? {} : { body }),
  isBase64Encoded: false,
});

const INVOKE = `
const { handler } = await import(process.env.SIGNET_TEST_BUNDLE);
const result = await handler(JSON.parse(process.env.SIGNET_TEST_EVENT), {
  awsRequestId: 'test-request', functionName: 'test', functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:111111111111:function:test', memoryLimitInMB: '256',
  getRemainingTimeInMillis: () => 10000,
});
process.stdout.write(JSON.stringify(result));
process.exit(0);
`;

const LOAD = `
const module = await import(process.env.SIGNET_TEST_BUNDLE);
process.stdout.write(JSON.stringify({ handler: typeof module.handler }));
process.exit(0);
`;

/** Runs a script beside a bundle in a fresh Node.js 24 process (as Lambda does: ESM, source maps). */
const runBesideBundle = async (
  script: string,
  assetDir: string,
  event: unknown,
  env: Record<string, string>,
): Promise<string> => {
  const { stdout } = await run(NODE, ['--enable-source-maps', '--input-type=module', '-e', script], {
    cwd: assetDir,
    env: {
      PATH: process.env['PATH'] ?? '',
      ...env,
      SIGNET_TEST_BUNDLE: path.join(assetDir, 'index.mjs'),
      SIGNET_TEST_EVENT: JSON.stringify(event),
    },
  });
  return stdout;
};

/** Loads a bundle in a fresh Node.js 24 process (as Lambda does: ESM, source maps) and invokes its handler once. */
const invokeBundle = async (
  assetDir: string,
  event: unknown,
  env: Record<string, string>,
): Promise<{ statusCode: number; body: unknown; headers?: Record<string, string> }> => {
  const stdout = await runBesideBundle(INVOKE, assetDir, event, env);
  const result = JSON.parse(stdout) as {
    statusCode: number;
    body?: string;
    headers?: Record<string, string>;
  };
  return { ...result, body: result.body === undefined ? undefined : (JSON.parse(result.body) as unknown) };
};

describe('Script: infra/app.ts (cdk synth)', () => {
  const synths = new Map<StageName, CliResult>();
  let missingStage: CliResult;
  let unknownStage: CliResult;
  let unacknowledged: CliResult;
  const sizes: BundleSize[] = [];

  beforeAll(async () => {
    const [dev, staging, prod, missing, unknown, nagged] = await Promise.all([
      ...STAGES.map((stage) => cdkSynth([`stage=${stage}`])),
      cdkSynth([]),
      cdkSynth(['stage=qa']),
      cdkSynth([], `npx tsx ${path.join('test', 'infra', 'fixtures', 'unacknowledged-app.ts')}`),
    ]);
    for (const [stage, result] of [
      ['dev', dev],
      ['staging', staging],
      ['prod', prod],
    ] as const) {
      if (result !== undefined) synths.set(stage, result);
    }
    missingStage = missing as CliResult;
    unknownStage = unknown as CliResult;
    unacknowledged = nagged as CliResult;
  }, 900_000); // Three stages of bundling on a shared 2-core machine can take minutes.

  afterAll(() => {
    for (const result of [...synths.values(), missingStage, unknownStage, unacknowledged]) {
      if (result !== undefined) rmSync(result.outdir, { recursive: true, force: true });
    }
  });

  const synthOf = (stage: StageName): CliResult => {
    const result = synths.get(stage);
    if (result === undefined) throw new Error(`No synth for ${stage}`);
    return result;
  };

  it.each(STAGES)(
    'synthesizes the %s stage offline, without AWS credentials, and cdk-nag passes it',
    (stage) => {
      // Prepare
      const { code, stderr, outdir } = synthOf(stage);

      // Assess
      expect(code, stderr).toBe(0);
      expect(existsSync(path.join(outdir, `signet-${stage}.template.json`))).toBe(true);
      const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
        pluginReports: unknown[];
      };
      expect(report.pluginReports).toEqual([]);
      const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
        artifacts: Record<string, { type: string; environment?: string }>;
      };
      const { account, region } = loadStageConfig(stage);
      expect(manifest.artifacts[`signet-${stage}`]?.environment).toBe(`aws://${account}/${region}`);
    },
  );

  it('stops the synth, exit 1, when cdk-nag has a finding nobody acknowledged, naming rule and construct', () => {
    // Assess
    expect(unacknowledged.code).not.toBe(0);
    expect(unacknowledged.stderr).toContain('signet-dev/TopicWithoutTls/Resource');
    expect(unacknowledged.stderr).toContain("Acknowledge with 'AwsSolutions::AwsSolutions-SNS3'");
    expect(existsSync(path.join(unacknowledged.outdir, 'validation-report.json'))).toBe(true);
  });

  it('refuses to synthesize without a stage, saying how to pass one', () => {
    // Assess
    expect(missingStage.code).not.toBe(0);
    expect(missingStage.stderr).toContain("Missing CDK context 'stage': run with -c stage=dev|staging|prod");
  });

  it('refuses an unknown stage, naming the ones that exist', () => {
    // Assess
    expect(unknownStage.code).not.toBe(0);
    expect(unknownStage.stderr).toContain('expected one of dev, staging, prod');
  });

  it('bundles every function below the sanity ceiling, the same code for every stage, and records the sizes', () => {
    // Prepare
    const byStage = new Map(STAGES.map((stage) => [stage, functionAssets(synthOf(stage).outdir, stage)]));

    // Act
    for (const [stage, assets] of byStage) {
      for (const [name, asset] of assets) {
        const codeBytes = statSync(path.join(asset, 'index.mjs')).size;
        sizes.push({
          stage,
          name,
          asset: path.basename(asset),
          codeBytes,
          sourceMapBytes: statSync(path.join(asset, 'index.mjs.map')).size,
          nodeModulesBytes: directoryBytes(path.join(asset, 'node_modules')),
          totalBytes: directoryBytes(asset),
        });
      }
    }
    const report = path.join(tmpdir(), 'signet-bundle-sizes.json');
    writeFileSync(report, `${JSON.stringify(sizes, null, 2)}\n`);
    process.stdout.write(
      `Bundle sizes (also in ${report}):\n${sizes
        .filter((size) => size.stage === 'prod')
        .map(
          (s) =>
            `  ${s.name.padEnd(10)} index.mjs ${(s.codeBytes / 1024).toFixed(1)} KiB, map ${(s.sourceMapBytes / 1024).toFixed(1)} KiB, node_modules ${(s.nodeModulesBytes / 1024).toFixed(1)} KiB`,
        )
        .join('\n')}\n`,
    );

    // Assess
    for (const assets of byStage.values())
      expect([...assets.keys()].sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const size of sizes) {
      expect(size.codeBytes, `${size.stage}/${size.name}`).toBeGreaterThan(1024);
      expect(size.codeBytes, `${size.stage}/${size.name}`).toBeLessThan(BUNDLE_CEILING_BYTES);
    }
    // Settings reach the functions through the environment, so one artifact serves every stage.
    for (const name of FUNCTION_NAMES) {
      const assetNames = new Set(sizes.filter((size) => size.name === name).map((size) => size.asset));
      expect(assetNames.size, name).toBe(1);
    }
  });

  it('bundles each function as one minified ESM file with its source map beside it, sources left out', () => {
    // Prepare
    const assets = functionAssets(synthOf('prod').outdir, 'prod');

    for (const name of FUNCTION_NAMES) {
      const asset = assets.get(name) ?? '';

      // Act
      const code = readFileSync(path.join(asset, 'index.mjs'), 'utf8');
      const map = JSON.parse(readFileSync(path.join(asset, 'index.mjs.map'), 'utf8')) as {
        version: number;
        sources: string[];
        sourcesContent?: unknown;
      };
      const lines = code.split('\n');

      // Assess: minified code is a handful of very long lines; the map points at our sources by path only.
      expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map'), name).toBe(true);
      expect(lines.length, name).toBeLessThan(code.length / 200);
      expect(map.version, name).toBe(3);
      expect(
        map.sources.some((source) => source.includes(`functions/${name}/handler.ts`)),
        name,
      ).toBe(true);
      expect(map.sourcesContent, name).toBeUndefined();
      expect(code, name).toMatch(/export\s*\{[^}]*\bhandler\b/);
    }
  });

  it('takes http, fs, process and util as CommonJS in every bundle, never through an ESM facade', () => {
    // Prepare: an ESM import of these makes Node.js read every export, running lazy getters (undici, the
    // standard streams, the file streams, the encodings) at every cold start.
    const assets = functionAssets(synthOf('prod').outdir, 'prod');
    const esmImport = /(?:from\s*|import\s*\(\s*|import\s*)"(?:node:)?(?:http|fs|fs\/promises|process|util)"/;

    for (const name of FUNCTION_NAMES) {
      // Act
      const code = readFileSync(path.join(assets.get(name) ?? '', 'index.mjs'), 'utf8');

      // Assess: the AWS SDK's and our own imports of them are aliased to infra/constructs/node-builtins/.
      expect(code, name).not.toMatch(esmImport);
      expect(code, name).not.toMatch(/from\s*"[^"]*node-builtins/);
    }
  });

  it('carries the token code (jose) only in sign-in, refresh, the Bearer routes and the JWKS', () => {
    // Prepare: the functions that issue or verify access tokens, or publish their keys (logout does neither).
    const assets = functionAssets(synthOf('prod').outdir, 'prod');
    const tokenFunctions = new Set(
      FUNCTION_NAMES.filter(
        (name) => name === 'sessions' || name === 'sessions-refresh' || name === 'jwks' || name.startsWith('me-'),
      ),
    );

    for (const name of FUNCTION_NAMES) {
      // Act
      const carriesJose = bundlesPackage(assets.get(name) ?? '', 'jose');

      // Assess: the composition root's factories are side-effect free, so esbuild drops those a function
      // never calls, and what only they import.
      expect(carriesJose, name).toBe(tokenFunctions.has(name));
    }
  });

  it('keeps phone parsing (libphonenumber-js) out of the routes that neither take a phone number nor text one', () => {
    // Prepare: a route that may text (a code or a notice) carries it for the SMS adapter's own country check.
    const assets = functionAssets(synthOf('prod').outdir, 'prod');
    const withoutPhones = ['confirm', 'sessions', 'me-consent', 'me-patch'];

    // Act
    const carriers = FUNCTION_NAMES.filter((name) =>
      bundlesPackage(assets.get(name) ?? '', 'libphonenumber-js'),
    );

    // Assess: their schemas are built from the field factories alone, not from registration's schemas.
    expect(carriers).toContain('register');
    expect(carriers).toContain('me-contact');
    for (const name of withoutPhones) expect(carriers, name).not.toContain(name);
  });

  it('carries the Encryption SDK keyrings, without its message clients, where data keys are wrapped', () => {
    // Prepare: the routes that open or make an account's data key.
    const assets = functionAssets(synthOf('prod').outdir, 'prod');
    const keyFunctions = ['register', 'me-get', 'me-patch', 'me-contact', 'admin', 'sweeper'];
    const unused = [
      '@aws-crypto/client-node',
      '@aws-crypto/encrypt-node',
      '@aws-crypto/decrypt-node',
      '@aws-crypto/caching-materials-manager-node',
      '@aws-crypto/branch-keystore-node',
      'readable-stream',
    ];

    for (const name of keyFunctions) {
      const asset = assets.get(name) ?? '';

      // Act
      const keyrings = ['@aws-crypto/kms-keyring-node', '@aws-crypto/raw-aes-keyring-node'].filter((pkg) =>
        bundlesPackage(asset, pkg),
      );
      const carried = unused.filter((pkg) => bundlesPackage(asset, pkg));

      // Assess: imported from the keyring packages (ESM, side-effect free), not the CommonJS umbrella
      // that re-exports the streaming encrypt and decrypt clients and the hierarchical key store.
      expect(keyrings, name).toEqual(['@aws-crypto/kms-keyring-node', '@aws-crypto/raw-aes-keyring-node']);
      expect(carried, name).toEqual([]);
    }
  });

  it('ships the linux-arm64 argon2 prebuild, and only it, in the functions that hash', () => {
    // Prepare
    const assets = functionAssets(synthOf('prod').outdir, 'prod');

    for (const name of HASHING) {
      const asset = assets.get(name) ?? '';
      const argon2 = path.join(asset, 'node_modules', 'argon2');

      // Act
      const prebuild = readFileSync(path.join(argon2, ARGON2_PREBUILD));
      const nativeFiles = readdirSync(asset, { recursive: true })
        .map(String)
        .filter((file) => file.endsWith('.node'));

      // Assess: an ELF 64-bit shared object for AArch64 (e_machine 183), the only native file.
      expect(prebuild.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
      expect(prebuild[4]).toBe(2);
      expect(prebuild.readUInt16LE(18)).toBe(183);
      expect(nativeFiles).toEqual([path.join('node_modules', 'argon2', ARGON2_PREBUILD)]);
      expect(readFileSync(path.join(asset, 'index.mjs'), 'utf8')).toMatch(/from\s*"argon2"/);
    }
  });

  it('lets node-gyp-build find the argon2 prebuild on Lambda arm64', async () => {
    // Prepare
    const asset = functionAssets(synthOf('prod').outdir, 'prod').get([...HASHING][0] ?? '') ?? '';
    const script = `process.stdout.write(require(${JSON.stringify(path.join(asset, 'node_modules', 'node-gyp-build'))}).path(${JSON.stringify(path.join(asset, 'node_modules', 'argon2'))}))`;

    // Act: node-gyp-build reads the platform, architecture and libc from these when they are set.
    const { stdout } = await run(NODE, ['-e', script], {
      env: {
        PATH: process.env['PATH'] ?? '',
        npm_config_platform: 'linux',
        npm_config_arch: 'arm64',
        LIBC: 'glibc',
      },
    });

    // Assess
    expect(stdout).toBe(path.join(asset, 'node_modules', 'argon2', ARGON2_PREBUILD));
  });

  it('keeps argon2 out of the functions that do not hash', () => {
    // Prepare
    const assets = functionAssets(synthOf('prod').outdir, 'prod');

    for (const name of FUNCTION_NAMES.filter((n) => !HASHING.has(n))) {
      const asset = assets.get(name) ?? '';

      // Assess
      expect(existsSync(path.join(asset, 'node_modules')), name).toBe(false);
      expect(readFileSync(path.join(asset, 'index.mjs'), 'utf8'), name).not.toMatch(
        /from\s*"argon2"|import\(\s*"argon2"\s*\)|require\(\s*"argon2"\s*\)/,
      );
    }
  });

  describe('Bundles: loaded and invoked as Lambda would', () => {
    let workDir: string;
    let env: Record<string, string>;
    const asset = (name: string): string => functionAssets(synthOf('prod').outdir, 'prod').get(name) ?? '';

    beforeAll(() => {
      // Local key mode: the handlers' cold start then needs no AWS call, so it can run here offline.
      workDir = mkdtempSync(path.join(tmpdir(), 'signet-bundle-run-'));
      const secretsFile = path.join(workDir, 'secrets.json');
      writeFileSync(
        secretsFile,
        JSON.stringify({
          version: 1,
          masterKey: randomBytes(32).toString('base64url'),
          rootSecret: randomBytes(48).toString('base64url'),
          signingKey: generateSigningJwk(),
        }),
        { mode: 0o600 },
      );
      env = {
        SIGNET_SETTINGS: JSON.stringify(loadStageConfig('prod').app),
        SIGNET_TABLE_NAME: 'signet-bundle-test',
        SIGNET_KEY_MODE: 'local',
        SIGNET_LOCAL_SECRETS_FILE: secretsFile,
        SIGNET_DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
        SIGNET_SES_ENDPOINT: 'http://127.0.0.1:9',
        SIGNET_SNS_ENDPOINT: 'http://127.0.0.1:9',
        AWS_REGION: 'eu-west-2',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        POWERTOOLS_SERVICE_NAME: 'signet',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      };
    });

    afterAll(() => rmSync(workDir, { recursive: true, force: true }));

    it('answers an unknown path with the product 404 from the fallback bundle', async () => {
      // Act
      const result = await invokeBundle(asset(FALLBACK_FUNCTION), httpEvent('GET', '/v1/nowhere'), env);

      // Assess
      expect(result.statusCode).toBe(404);
      expect(result.body).toEqual(expect.objectContaining({}));
    });

    it('answers a known path under the wrong method with 405 and Allow', async () => {
      // Prepare
      const route = ROUTES[0];
      if (route === undefined) throw new Error('ROUTES is empty');

      // Act
      const result = await invokeBundle(asset(FALLBACK_FUNCTION), httpEvent('PATCH', route.path), env);

      // Assess
      expect(result.statusCode).toBe(405);
      expect(JSON.stringify(result.headers)).toContain(route.method);
    });

    it('serves the OpenAPI document from its bundle', async () => {
      // Act
      const result = await invokeBundle(asset('openapi'), httpEvent('GET', '/v1/openapi.json'), env);

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.body).toEqual(expect.objectContaining({ openapi: expect.stringMatching(/^3\.1/) }));
    });

    it('serves the local signing key as the JWKS from its bundle, cacheable', async () => {
      // Act
      const result = await invokeBundle(asset('jwks'), httpEvent('GET', '/.well-known/jwks.json'), env);

      // Assess
      expect(result.statusCode).toBe(200);
      expect(JSON.stringify(result.headers)).toContain('public, max-age=300');
      expect(result.body).toEqual({
        keys: [expect.objectContaining({ kty: 'EC', crv: 'P-256', use: 'sig', alg: 'ES256' })],
      });
    });

    it.each(
      ROUTES.filter((route) => route.method === 'POST').map((route) => [route.name, route.path] as const),
    )('loads the %s bundle and rejects an empty request without touching AWS', async (name, routePath) => {
      // Prepare: x64 here, so the hashing bundle's argon2 loads the machine's prebuild instead of arm64's.
      const extra: Record<string, string> = HASHING.has(name)
        ? { ARGON2_PREBUILD: path.join(PROJECT_ROOT, 'node_modules', 'argon2') }
        : {};

      // Act
      const result = await invokeBundle(asset(name), httpEvent('POST', routePath, '{}'), {
        ...env,
        ...extra,
      });

      // Assess
      expect(result.statusCode).toBeGreaterThanOrEqual(400);
      expect(result.statusCode).toBeLessThan(500);
    });

    it('loads the admin bundle and refuses a malformed command, naming the fault, without touching AWS', async () => {
      // Act
      const stdout = await runBesideBundle(INVOKE, asset('admin'), { command: 'hold.place' }, env);

      // Assess
      expect(JSON.parse(stdout)).toEqual(
        expect.objectContaining({ error: 'invalid_command', details: expect.any(Array) as unknown }),
      );
    });

    it('loads the sweeper bundle, its cold start included, offline', async () => {
      // Act: invoking it would scan the table; loading runs the module's wiring (settings, keys, courier).
      const stdout = await runBesideBundle(LOAD, asset('sweeper'), {}, env);

      // Assess
      expect(JSON.parse(stdout)).toEqual({ handler: 'function' });
    });
  });
});
