// shared/page: builds the page into a folder of static files (index.html, app.js, app.css, favicon.svg) with
// esbuild: `npm run build:page` writes dist/page; `npm start` builds it before it serves it, and the CDK app
// (infra/constructs/signet-page.ts) builds it, synchronously, as the asset it deploys.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, buildSync, type BuildOptions } from 'esbuild';

const PAGE_SOURCE = dirname(fileURLToPath(import.meta.url));

/** Where the page is built by default: git-ignored. */
const DEFAULT_PAGE_DIR = resolve(PAGE_SOURCE, '../../dist/page');

/** The files of a built page, in the order they are written. */
const PAGE_FILES = ['index.html', 'app.js', 'app.css', 'favicon.svg'] as const;

interface BuildPageOptions {
  /** The folder written (emptied first); dist/page by default. */
  readonly outDir?: string;
  /** The app client the page signs in as (the tokens' `aud`); `local-app` by default. */
  readonly clientId?: string;
}

/** What a build wrote. */
interface BuiltPage {
  readonly outDir: string;
  readonly files: readonly string[];
}

const CLIENT_ID_PATTERN = /^[a-z0-9-]{1,64}$/;

/** The folder emptied, and esbuild's options for src/main.ts: one minified ES2022 module, no source map. */
const prepare = (options: BuildPageOptions): { outDir: string; clientId: string; esbuild: BuildOptions } => {
  const outDir = options.outDir ?? DEFAULT_PAGE_DIR;
  const clientId = options.clientId ?? 'local-app';
  if (!CLIENT_ID_PATTERN.test(clientId))
    throw new Error(`buildPage: clientId ${JSON.stringify(clientId)} is not a client id`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  return {
    outDir,
    clientId,
    esbuild: {
      entryPoints: [join(PAGE_SOURCE, 'src/main.ts')],
      outfile: join(outDir, 'app.js'),
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: ['es2022'],
      legalComments: 'none',
      logLevel: 'warning',
      tsconfig: join(PAGE_SOURCE, 'tsconfig.json'),
    },
  };
};

/** The HTML (with the client id in its meta tag), the stylesheet and the icon, beside app.js. */
const writeStaticFiles = (outDir: string, clientId: string): BuiltPage => {
  const html = readFileSync(join(PAGE_SOURCE, 'index.html'), 'utf8').replace('{{CLIENT_ID}}', clientId);
  writeFileSync(join(outDir, 'index.html'), html);
  copyFileSync(join(PAGE_SOURCE, 'styles.css'), join(outDir, 'app.css'));
  copyFileSync(join(PAGE_SOURCE, 'favicon.svg'), join(outDir, 'favicon.svg'));
  return { outDir, files: [...PAGE_FILES] };
};

/** Builds the page into `outDir`. */
const buildPage = async (options: BuildPageOptions = {}): Promise<BuiltPage> => {
  const { outDir, clientId, esbuild } = prepare(options);
  await build(esbuild);
  return writeStaticFiles(outDir, clientId);
};

/** buildPage without a promise, for CDK's local asset bundling (which is synchronous). */
const buildPageSync = (options: BuildPageOptions = {}): BuiltPage => {
  const { outDir, clientId, esbuild } = prepare(options);
  buildSync(esbuild);
  return writeStaticFiles(outDir, clientId);
};

export { buildPage, buildPageSync, DEFAULT_PAGE_DIR, PAGE_FILES, PAGE_SOURCE };
export type { BuildPageOptions, BuiltPage };
