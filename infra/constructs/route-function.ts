// infra/constructs: one Lambda per route or task (infra/route-infra.ts): functions/<name>/handler.ts bundled
// locally by esbuild into a minified ESM file with a source map, Node.js 24 on arm64, its own log group
// and a role that can write to that log group and nothing else until grants are added.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Charset, LogLevel, NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { functionEntry } from '../route-infra.js';
import { argon2CommandHooks } from './argon2-bundle.js';

/**
 * Built-in modules the bundles take as CommonJS (`process.getBuiltinModule`, one file each in
 * node-builtins/) instead of through an ESM `import`. For an ESM import Node.js builds the module's
 * facade by reading every export, which runs lazy getters: `http.WebSocket` and its siblings load all of
 * undici (about 40 ms of a cold start), `process.stdin`/`stdout` open the standard streams (7 ms),
 * `fs.ReadStream` loads the file streams (5 ms), `util.TextDecoder` the encodings (4 ms). The AWS SDK
 * imports all four this way. `fs/promises` is listed because an alias of `node:fs` would otherwise turn
 * it into a path under the shim.
 */
const NODE_BUILTINS_AS_COMMONJS = ['http', 'fs', 'fs/promises', 'process', 'util'] as const;

/** esbuild resolves an alias's target from its working directory, the project root. */
const builtinAliases = (projectRoot: string): string[] =>
  NODE_BUILTINS_AS_COMMONJS.map((name) => {
    const shim = fileURLToPath(new URL(`./node-builtins/${name.replace('/', '-')}.cts`, import.meta.url));
    return `node:${name}=./${path.relative(projectRoot, shim)}`;
  });

/**
 * Packages the bundles take from a shim in sdk-shims/: the SDK's default credential chain becomes the
 * environment alone, which is where Lambda puts the role's credentials.
 */
const sdkAliases = (projectRoot: string): string[] => {
  const shim = fileURLToPath(new URL('./sdk-shims/credential-provider-node.ts', import.meta.url));
  return [`@aws-sdk/credential-provider-node=./${path.relative(projectRoot, shim)}`];
};

/** Formats stack traces from the bundle's source map, read only when a stack is formatted. */
const MAPPED_STACKS = fileURLToPath(new URL('../../shared/observability/mapped-stacks.ts', import.meta.url));

/**
 * ESM bundles still hold CommonJS dependencies that call `require` (the AWS SDK's and Powertools'
 * transitive packages); this defines it at the top of the module.
 */
const REQUIRE_BANNER =
  "import { createRequire as __signetCreateRequire } from 'node:module'; const require = __signetCreateRequire(import.meta.url);";

export interface RouteFunctionProps {
  /** Function name: the folder under functions/ holding handler.ts. */
  readonly name: string;
  /** Whether the function hashes passwords: it then carries argon2's linux-arm64 prebuild. */
  readonly hashes: boolean;
  readonly memoryMb: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** The repository root: entries, package-lock.json and node_modules are found from here. */
  readonly projectRoot: string;
  readonly description: string;
  /** Default: 10 seconds (an API request). */
  readonly timeoutSeconds?: number;
}

/**
 * The esbuild step every function of the stack is bundled with (the bench builds its cold-start floor with
 * it too): minified ESM for Node.js 24 with a source map, the SDK bundled, argon2 external.
 */
const functionBundling = (projectRoot: string, hashes: boolean): BundlingOptions => ({
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  charset: Charset.UTF8,
  mainFields: ['module', 'main'],
  banner: REQUIRE_BANNER,
  // The AWS SDK v3 clients are bundled (pinned by our lockfile, tree-shaken), not taken from the
  // runtime. argon2 is a native addon: external everywhere, shipped only where it is used.
  externalModules: ['argon2'],
  esbuildArgs: {
    '--alias': [...builtinAliases(projectRoot), ...sdkAliases(projectRoot)],
    // Evaluated first in every bundle: readable stacks without --enable-source-maps at each cold start.
    '--inject': [`./${path.relative(projectRoot, MAPPED_STACKS)}`],
  },
  ...(hashes ? { commandHooks: argon2CommandHooks(projectRoot) } : {}),
  forceDockerBundling: false,
  logLevel: LogLevel.ERROR,
});

/**
 * A route's function, role and log group.
 *
 * @example
 * ```ts
 * const fn = new RouteFunction(this, 'register', { name: 'register', hashes: true, memoryMb: 1024, … });
 * fn.role.addToPrincipalPolicy(statement);
 * ```
 */
class RouteFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: Role;
  public readonly logGroup: LogGroup;

  public constructor(scope: Construct, id: string, props: RouteFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    // Our own role rather than the default: no AWS managed policy, logs only to this log group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Signet ${props.name} function`,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'OwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      description: props.description,
      entry: path.join(props.projectRoot, functionEntry(props.name)),
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: path.join(props.projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: Duration.seconds(props.timeoutSeconds ?? 10),
      role: this.role,
      logGroup: this.logGroup,
      environment: { ...props.environment },
      bundling: functionBundling(props.projectRoot, props.hashes),
    });
  }
}

export { functionBundling, RouteFunction };
