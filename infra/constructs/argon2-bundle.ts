// infra/constructs: packages the argon2 native module into the functions that hash passwords. esbuild
// cannot inline a .node addon, so argon2 stays external and this copies its JavaScript, its runtime
// dependencies and the one prebuild Lambda loads (linux-arm64, glibc) next to the bundle. No compiler,
// no Docker: the npm package already ships the prebuild.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The prebuild node-gyp-build picks on Lambda arm64 (Amazon Linux 2023 is glibc). */
const ARGON2_PREBUILD = path.join('prebuilds', 'linux-arm64', 'argon2.armv8.glibc.node');

/** The files of the argon2 package that run: its CommonJS entry, manifest and licence. */
const ARGON2_FILES = ['package.json', 'argon2.cjs', 'LICENSE'] as const;

interface PackageToCopy {
  readonly name: string;
  readonly dir: string;
  /** Files relative to dir; undefined copies the whole (small) package. */
  readonly files?: readonly string[];
}

const quote = (value: string): string => {
  if (value.includes("'")) throw new Error(`Cannot package a path containing a quote: ${value}`);
  return `'${value}'`;
};

const packageDir = (name: string, from: string): string =>
  path.dirname(createRequire(path.join(from, 'package.json')).resolve(`${name}/package.json`));

/**
 * Finds argon2 and its runtime dependencies as installed, and fails (naming the file) when the
 * linux-arm64 prebuild is missing, rather than shipping a function that cannot load.
 */
const argon2Packages = (projectRoot: string): PackageToCopy[] => {
  const argon2Dir = packageDir('argon2', projectRoot);
  const prebuild = path.join(argon2Dir, ARGON2_PREBUILD);
  if (!existsSync(prebuild)) {
    throw new Error(`argon2's linux-arm64 prebuild is missing (${prebuild}): reinstall argon2 with npm ci`);
  }
  const manifest = JSON.parse(readFileSync(path.join(argon2Dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  // Build-time only: node-addon-api (headers) and cross-env (the install script).
  const runtimeDependencies = Object.keys(manifest.dependencies ?? {}).filter(
    (name) => name !== 'node-addon-api' && name !== 'cross-env',
  );
  return [
    { name: 'argon2', dir: argon2Dir, files: [...ARGON2_FILES, ARGON2_PREBUILD] },
    ...runtimeDependencies.map((name) => ({ name, dir: packageDir(name, argon2Dir) })),
  ];
};

/**
 * Command hooks for NodejsFunction that copy argon2 into `<bundle>/node_modules`, where the ESM bundle's
 * `import 'argon2'` resolves at run time.
 *
 * @param projectRoot - the repository root (where node_modules is).
 * @example
 * ```ts
 * bundling: { externalModules: ['argon2'], commandHooks: argon2CommandHooks(root) }
 * ```
 */
const argon2CommandHooks = (projectRoot: string): ICommandHooks => {
  const packages = argon2Packages(projectRoot);
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string): string[] =>
      packages.flatMap(({ name, dir, files }) => {
        const target = path.join(outputDir, 'node_modules', name);
        if (files === undefined) {
          return [`mkdir -p ${quote(target)}`, `cp -R ${quote(dir)}/. ${quote(target)}/`];
        }
        const folders = [...new Set(files.map((file) => path.dirname(path.join(target, file))))];
        return [
          ...folders.map((folder) => `mkdir -p ${quote(folder)}`),
          ...files.map((file) => `cp ${quote(path.join(dir, file))} ${quote(path.join(target, file))}`),
        ];
      }),
  };
};

export { ARGON2_PREBUILD, argon2CommandHooks };
