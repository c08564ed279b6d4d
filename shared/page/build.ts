// shared/page: builds the page into a folder of static files (index.html, app.js, app.css, favicon.svg) with esbuild:
// `npm run build:page` writes dist/page; `npm start` and the CDK app build it before they serve or deploy it.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const PAGE_SOURCE = dirname(fileURLToPath(import.meta.url));

/** Where the page is built by default: git-ignored. */
const DEFAULT_PAGE_DIR = resolve(PAGE_SOURCE, '../../dist/page');

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

/** Bundles src/main.ts (minified, ES2022, one file) and writes it with the HTML and the stylesheet. */
const buildPage = async (options: BuildPageOptions = {}): Promise<BuiltPage> => {
  const outDir = options.outDir ?? DEFAULT_PAGE_DIR;
  const clientId = options.clientId ?? 'local-app';
  if (!CLIENT_ID_PATTERN.test(clientId))
    throw new Error(`buildPage: clientId ${JSON.stringify(clientId)} is not a client id`);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await build({
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
  });
  const html = (await readFile(join(PAGE_SOURCE, 'index.html'), 'utf8')).replace('{{CLIENT_ID}}', clientId);
  await writeFile(join(outDir, 'index.html'), html);
  await writeFile(join(outDir, 'app.css'), await readFile(join(PAGE_SOURCE, 'styles.css')));
  await writeFile(join(outDir, 'favicon.svg'), await readFile(join(PAGE_SOURCE, 'favicon.svg')));
  return { outDir, files: ['index.html', 'app.js', 'app.css', 'favicon.svg'] };
};

export { buildPage, DEFAULT_PAGE_DIR };
export type { BuildPageOptions, BuiltPage };
