// test/integration/readme: the README's "Use from an app" examples, pasted as an app developer would paste
// them. Each ```ts block is taken from README.md, type-checked by tsc against signet/client (the package's
// self-reference, so the file is written inside the repository, under the git-ignored .signet-readme-*),
// pointed at the test runtime and run: the sign-up must end signed in.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestEmailCode, signet, strongPassword, uniqueEmail, uniqueName } from '../../helpers/api.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const run = promisify(execFile);
const README_API_URL = 'http://127.0.0.1:3000';

type SignUp = (
  accountName: string,
  email: string,
  password: string,
  code: () => Promise<string>,
) => Promise<string>;

/** The ```ts blocks under a README heading, in order. */
const typescriptBlocksUnder = async (heading: string): Promise<string[]> => {
  const readme = await readFile(join(repositoryRoot, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith(`${heading}\n`)) ?? '';
  return [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
};

let folder: string;
let files: { client: string; fetch: string };

beforeAll(async () => {
  const [clientBlock, fetchBlock] = await typescriptBlocksUnder('Use from an app');
  if (clientBlock === undefined || fetchBlock === undefined)
    throw new Error('README.md lacks the two ts blocks');
  expect(clientBlock).toContain(README_API_URL);
  expect(fetchBlock).toContain(README_API_URL);
  folder = await mkdtemp(join(repositoryRoot, '.signet-readme-'));
  const pointed = (block: string, name: string) =>
    `${block.replaceAll(README_API_URL, signet().apiUrl)}\nexport { ${name} };\n`;
  files = { client: join(folder, 'client-example.ts'), fetch: join(folder, 'fetch-example.ts') };
  await writeFile(files.client, pointed(clientBlock, 'signUp'), 'utf8');
  await writeFile(files.fetch, pointed(fetchBlock, 'signUpWithFetch'), 'utf8');
});

afterAll(async () => {
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
});

describe('README: Use from an app', () => {
  it('has examples that type-check against signet/client', async () => {
    // Act
    const checked = await run(
      process.execPath,
      [
        join(repositoryRoot, 'node_modules/typescript/bin/tsc'),
        '--ignoreConfig',
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--target',
        'es2023',
        '--lib',
        'es2023,dom',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--types',
        'node',
        files.client,
        files.fetch,
      ],
      { cwd: repositoryRoot },
    ).then(
      () => 'ok',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );

    // Assess
    expect(checked).toBe('ok');
  });

  it('signs up with the client, and answers account_name_taken for the same name', async () => {
    // Prepare
    const { signUp } = (await import(pathToFileURL(files.client).href)) as { signUp: SignUp };
    const accountName = uniqueName('readme');
    const email = uniqueEmail();
    const password = strongPassword();

    // Act
    const first = await signUp(accountName, email, password, () => latestEmailCode(email));
    const again = await signUp(accountName, uniqueEmail(), strongPassword(), () => Promise.resolve('000000'));

    // Assess
    expect(first).toBe(`signed in as ${accountName}`);
    expect(again).toBe('account_name_taken');
  });

  it('signs up with plain fetch', async () => {
    // Prepare
    const { signUpWithFetch } = (await import(pathToFileURL(files.fetch).href)) as {
      signUpWithFetch: SignUp;
    };
    const accountName = uniqueName('readme');
    const email = uniqueEmail();

    // Act
    const signedIn = await signUpWithFetch(accountName, email, strongPassword(), () =>
      latestEmailCode(email),
    );

    // Assess
    expect(signedIn).toBe(accountName);
  });
});
