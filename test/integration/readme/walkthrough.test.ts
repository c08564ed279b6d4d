// test/integration/readme: the README's "Walk-through with curl", pasted as a newcomer would paste it. The
// shell block is taken from README.md, pointed at the test runtime and run by bash, step by step.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { delimiter, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { signet, uniqueEmail, uniqueName } from '../../helpers/api.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const run = promisify(execFile);

interface Step {
  readonly number: number;
  /** The lines to paste, as they stand in the README. */
  readonly commands: string;
  /** Comment lines after the commands that hold JSON: what the README says the step prints. */
  readonly documented: readonly unknown[];
}

/** The first ```sh block under a README heading. */
const shellBlockUnder = (readme: string, heading: string): string => {
  const section = readme.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  const block = section === undefined ? undefined : /^```sh\n([\s\S]*?)^```$/m.exec(section)?.[1];
  if (block === undefined) throw new Error(`README.md has no sh block under "## ${heading}"`);
  return block;
};

/**
 * A step's printed answer as a value. A code is six digits printed as is, and one in ten starts with 0,
 * which is no JSON number: it is read as the number it shows, like the README's `# 123456`.
 */
const parseJson = (text: string): unknown => {
  if (/^\d+$/.test(text)) return Number(text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** Steps start at a comment `# N. …`; comments inside a step are prose or the output it shows. */
const stepsOf = (block: string): Step[] => {
  const steps: { number: number; commands: string[]; comments: string[] }[] = [];
  for (const line of block.split('\n')) {
    const start = /^# (\d+)\. /.exec(line);
    if (start !== null) {
      steps.push({ number: Number(start[1]), commands: [], comments: [] });
      continue;
    }
    const step = steps.at(-1);
    if (step === undefined) continue;
    if (line.startsWith('#')) {
      if (step.commands.length > 0) step.comments.push(line.replace(/^#\s*/, ''));
    } else if (line.trim() !== '') {
      step.commands.push(line);
    }
  }
  return steps.map((step) => ({
    number: step.number,
    commands: step.commands.join('\n'),
    documented: step.comments.map(parseJson).filter((value) => value !== undefined),
  }));
};

/**
 * The README's local URLs, pointed at the test runtime's ports, and its account made unique: the test
 * table is shared with the other tests, and a second run must not find the name taken.
 */
const rewrite = (commands: string, replacements: ReadonlyMap<string, string>): string =>
  [...replacements].reduce((text, [from, to]) => text.replaceAll(from, to), commands);

const shapeOf = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.keys(value).sort()
    : typeof value;

describe('README: Walk-through with curl', () => {
  it('runs as pasted: every step succeeds, prints what the README shows, and the confirm activates the account', async () => {
    // Prepare
    const readme = await readFile(resolve(repositoryRoot, 'README.md'), 'utf8');
    const steps = stepsOf(shellBlockUnder(readme, 'Walk-through with curl'));
    const runtime = signet();
    const replacements = new Map([
      ['localhost:3000', new URL(runtime.apiUrl).host],
      ['localhost:8005', new URL(runtime.emailUrl).host],
      ['localhost:8006', new URL(runtime.smsUrl).host],
      ['ada.lovelace', uniqueName('readme')],
      ['ada@example.com', uniqueEmail()],
    ]);
    const marker = (step: Step): string => `@@walk-through step ${step.number}@@`;
    const script = [
      'set -euo pipefail',
      ...steps.flatMap((step) => [
        `printf '\\n%s\\n' '${marker(step)}'`,
        rewrite(step.commands, replacements),
      ]),
    ].join('\n');

    // Act: one shell, as a paste is, so that CODE and TOKEN carry from step to step.
    const ran = await run('bash', ['-c', script], {
      cwd: repositoryRoot,
      env: { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` },
      timeout: 50_000,
    }).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
      throw new Error(`the walk-through failed (exit ${error.code}):\n${error.stdout}\n${error.stderr}`);
    });

    // Assess: the walk-through goes from registration to the export, in order.
    expect(steps.map((step) => step.number)).toEqual(steps.map((_, index) => index + 1));
    const outputs = new Map(
      steps.map((step, index) => {
        const from = ran.stdout.indexOf(`${marker(step)}\n`) + marker(step).length + 1;
        const next = steps[index + 1];
        const to = next === undefined ? ran.stdout.length : ran.stdout.indexOf(`\n${marker(next)}`);
        return [step, ran.stdout.slice(from, to).trim()];
      }),
    );
    const stepCalling = (path: string): Step | undefined =>
      steps.find((step) => step.commands.includes(path));
    for (const path of [
      '/v1/registrations ',
      '/store',
      '/v1/registrations/confirm',
      '/v1/sessions',
      '/v1/me ',
    ]) {
      expect(stepCalling(path), `a step calls ${path.trim()}`).toBeDefined();
    }
    for (const [step, output] of outputs) {
      expect(output, `step ${step.number} answered an error`).not.toMatch(/"error"\s*:/);
      for (const documented of step.documented) {
        expect(shapeOf(parseJson(output)), `step ${step.number} prints what the README shows`).toEqual(
          shapeOf(documented),
        );
      }
    }
    const confirm = stepCalling('/v1/registrations/confirm');
    expect(confirm === undefined ? undefined : outputs.get(confirm)).toBe('{"status":"active"}');
  });
});
