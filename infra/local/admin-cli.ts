// infra/local: the operators' command line for the local runtime (`npm run admin -- …`, entry admin.ts).
// Flags (parsed by commander) → an AdminCommand → runAdminCommand, the same code the admin Lambda runs. Results go
// to stdout as JSON (audit list: one entry a line); refusals and usage errors go to stderr with a non-zero exit.
import { userInfo } from 'node:os';
import { Command, type CommanderError, Option } from 'commander';
import { runAdminCommandDeps } from '../../shared/adapters/wiring/run-admin-command.js';
import type { AdminCommandInput } from '../../shared/domain/admin/command.js';
import { DISCLOSED_ITEMS } from '../../shared/domain/admin/command.js';
import { AdminError, InvalidAdminCommandError } from '../../shared/domain/admin/errors.js';
import { runAdminCommand } from '../../shared/domain/admin/run-admin-command.js';
import type { DisclosedItem } from '../../shared/domain/admin/ports.js';
import type { Logger } from '../../shared/domain/ports.js';
import { applyLocalToolEnv, assertLocalRuntime, localToolEnv } from './cli-target.js';
import { LocalRuntimeError } from './errors.js';

/** Exit statuses, as --help states them. */
const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

interface OptionSpec {
  /** The long flag without its dashes; commander's attribute name for it is the AdminCommand field. */
  readonly flag: string;
  /** Placeholder of the value, for an option that takes one; none for a boolean flag. */
  readonly value?: string;
  readonly required: boolean;
  readonly help: string;
}

/** The parsed options, by commander's attribute names (`--account-id` → accountId). */
type Values = Readonly<Record<string, string | boolean | undefined>>;

interface CommandSpec {
  readonly group: string;
  readonly verb: string;
  readonly summary: string;
  readonly description: readonly string[];
  readonly options: readonly OptionSpec[];
  readonly build: (values: Values) => AdminCommandInput;
}

const PERSONAL_DATA_WARNING =
  "Never put personal data (a person's name, email address or phone number) in --reason, --basis, " +
  '--authority or --reference: they are written to the audit log as given. Text that looks like an email ' +
  'address or an international phone number, or that contains the account name, is refused.';

const account: OptionSpec = {
  flag: 'account',
  value: 'NAME',
  required: true,
  help: 'The account name (the name is turned into its blind index; it is never stored)',
};
const reference = (help: string): OptionSpec => ({
  flag: 'reference',
  value: 'REF',
  required: true,
  help,
});

const text = (values: Values, field: string): string => String(values[field] ?? '');

const COMMANDS: readonly CommandSpec[] = [
  {
    group: 'hold',
    verb: 'place',
    summary: 'Place a legal hold on an account',
    description: [
      'While the hold lasts, the account cannot be erased: DELETE /v1/me answers 409 legal_hold and the',
      'retention sweeper skips it. An erasure asked for meanwhile waits for the hold to be lifted.',
    ],
    options: [
      account,
      { flag: 'reason', value: 'TEXT', required: true, help: 'Why the data must be kept' },
      { flag: 'basis', value: 'TEXT', required: true, help: 'The legal basis (statute, order)' },
      reference('The document reference (case or order number); needed to lift the hold'),
    ],
    build: (values) => ({
      command: 'hold.place',
      account: text(values, 'account'),
      reason: text(values, 'reason'),
      basis: text(values, 'basis'),
      reference: text(values, 'reference'),
    }),
  },
  {
    group: 'hold',
    verb: 'lift',
    summary: "Lift an account's legal hold",
    description: [
      'The reference must be the one the hold was placed with. An erasure that waited on the hold is',
      'carried out at once.',
    ],
    options: [account, reference('The reference the hold was placed with')],
    build: (values) => ({
      command: 'hold.lift',
      account: text(values, 'account'),
      reference: text(values, 'reference'),
    }),
  },
  {
    group: 'disclosure',
    verb: 'record',
    summary: "Record a lawful disclosure of an account's data",
    description: [
      'Records the date, the requesting authority, the legal basis, the document reference (such as a',
      "summons number) and the data items disclosed. The owner's export (GET /v1/me) shows the record",
      'unless --no-notify-owner is given (when the law forbids telling the owner).',
    ],
    options: [
      account,
      { flag: 'authority', value: 'TEXT', required: true, help: 'The requesting authority' },
      { flag: 'basis', value: 'TEXT', required: true, help: 'The legal basis of the demand' },
      reference('The document reference (such as a summons number)'),
      {
        flag: 'items',
        value: 'LIST',
        required: true,
        help: `Comma-separated items disclosed: ${DISCLOSED_ITEMS.join(', ')}`,
      },
      {
        flag: 'no-notify-owner',
        required: false,
        help: "Keep the record out of the owner's export (the law forbids telling the owner)",
      },
    ],
    build: (values) => ({
      command: 'disclosure.record',
      account: text(values, 'account'),
      authority: text(values, 'authority'),
      basis: text(values, 'basis'),
      reference: text(values, 'reference'),
      items: text(values, 'items')
        .split(',')
        .map((item) => item.trim())
        // Checked against the list by the command's schema, with the other fields.
        .filter((item) => item !== '') as DisclosedItem[],
      notifyOwner: values.notifyOwner !== false,
    }),
  },
  {
    group: 'audit',
    verb: 'list',
    summary: 'Print the audit log, one JSON object a line, oldest first',
    description: [
      'Every admin action and every retention sweep is in the audit log; entries hold account ids, never',
      'personal data. Listing the log is itself recorded.',
    ],
    options: [
      { ...account, required: false, help: 'Only entries of this account' },
      {
        flag: 'account-id',
        value: 'ID',
        required: false,
        help: 'Only entries of this account id (for an account erased since: its name is gone)',
      },
    ],
    build: (values) => ({
      command: 'audit.list',
      ...(values.account === undefined ? {} : { account: text(values, 'account') }),
      ...(values.accountId === undefined ? {} : { accountId: text(values, 'accountId') }),
    }),
  },
];

const PROGRAM = 'npm run admin --';

const FOOTER = [
  '',
  PERSONAL_DATA_WARNING,
  '',
  'The local runtime must be running (npm start); the same variables find it: SIGNET_DATA_DIR (default',
  '.signet), SIGNET_DYNAMODB_PORT (8000), SIGNET_EMAIL_PORT (8005), SIGNET_SMS_PORT (8006).',
  'Exit status: 0 done, 1 refused or failed, 2 bad usage.',
].join('\n');

const usageOf = (spec: CommandSpec): string =>
  spec.options
    .map((option) => {
      const flag = option.value === undefined ? `--${option.flag}` : `--${option.flag} ${option.value}`;
      return option.required ? flag : `[${flag}]`;
    })
    .join(' ');

const HELP_FLAGS: ReadonlySet<string> = new Set(['-h', '--help']);

/** The operator running the tool: the OS user name. */
const osUser = (env: NodeJS.ProcessEnv): string => {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? 'unknown';
  }
};

/** Problems worth a line on stderr (the results keep stdout). */
const stderrLogger = (io: CliIo): Pick<Logger, 'warn'> => ({
  warn: (message, attributes) =>
    io.stderr(`warning: ${message}${attributes === undefined ? '' : ` ${JSON.stringify(attributes)}`}`),
});

/** Bad usage found by this module (commander reports its own as CommanderError). */
class UsageError extends Error {
  public readonly command: Command;
  public constructor(message: string, command: Command) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

/** `--help` written where an option's value was expected: the command's help is what was asked for. */
class HelpRequestedError extends Error {
  public readonly command: Command;
  public constructor(command: Command) {
    super('help requested');
    this.name = 'HelpRequestedError';
    this.command = command;
  }
}

/** A commander error, with the command (program, group or leaf) that raised it. */
class CommanderUsageError extends Error {
  public readonly command: Command;
  /** Commander's error code, such as `commander.unknownOption`. */
  public readonly code: string;
  public constructor(error: CommanderError, command: Command) {
    super(error.message.replace(/^error: /, ''), { cause: error });
    this.name = 'CommanderUsageError';
    this.command = command;
    this.code = error.code;
  }
}

/**
 * Commander gives an option declared `--flag <value>` the next word as its value, whatever it starts with
 * (account ids are base64url: one in 64 starts with `-`), and `--flag=value` the text after `=`. Only when
 * that next word is another of the command's own flags (`--reference`, `--reference=HC-1`) or a help flag
 * was the value left out: that is reported (or the help shown) instead of taking the flag as the value.
 */
const checkOptionValues = (command: Command, words: readonly string[]): void => {
  const ownFlags = new Set(command.options.map((option) => option.long));
  for (const [index, word] of words.entries()) {
    const next = words[index + 1];
    if (next === undefined || !command.options.some((option) => option.required && option.long === word))
      continue;
    if (HELP_FLAGS.has(next)) throw new HelpRequestedError(command);
    if (ownFlags.has(next.split('=', 1)[0])) {
      throw new UsageError(
        `Option '${word}' argument is ambiguous: its value is missing, or give it as ${word}=VALUE.`,
        command,
      );
    }
  }
};

/** The command line chosen, once commander has parsed it. */
interface Chosen {
  readonly spec: CommandSpec;
  readonly command: Command;
  readonly values: Values;
}

/** The program, one commander command per group and per admin command; `choose` receives the one run. */
const buildProgram = (choose: (chosen: Chosen) => void): Command => {
  const program = new Command(PROGRAM)
    .usage('<command> [options]')
    .description('Operator tools for the local Signet runtime. Every action is written to the audit log.')
    .helpOption('-h, --help', 'Show this help')
    .helpCommand(false)
    .configureHelp({
      // Every level lists the full commands (`hold place`), not the next word alone.
      visibleCommands: (command) =>
        command.commands.flatMap((sub) => (sub.commands.length > 0 ? sub.commands : [sub])),
      subcommandTerm: (command) =>
        command.parent?.parent ? `${command.parent.name()} ${command.name()}` : command.name(),
    })
    // Errors and help are written by runAdminCli, with the exit statuses --help states.
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined, outputError: () => undefined });
  const groups = [...new Set(COMMANDS.map((spec) => spec.group))];
  for (const group of groups) {
    const specs = COMMANDS.filter((spec) => spec.group === group);
    const groupCommand = program
      .command(group)
      .usage(`<${specs.map((spec) => spec.verb).join('|')}> [options]`)
      .hook('preSubcommand', (self, leaf) => checkOptionValues(leaf, self.args.slice(1)));
    for (const spec of specs) {
      const leaf = groupCommand
        .command(spec.verb)
        .summary(spec.summary)
        .description(`${spec.summary}.\n${spec.description.join(' ')}`)
        .usage(usageOf(spec))
        .action((values: Values, command: Command) => choose({ spec, command, values }));
      for (const option of spec.options) {
        leaf.addOption(
          new Option(
            option.value === undefined ? `--${option.flag}` : `--${option.flag} <${option.value}>`,
            option.help,
          ),
        );
      }
    }
    groupCommand.addHelpText(
      'after',
      `\nRun \`${PROGRAM} ${group} <command> --help\` for a command's options.\n${FOOTER}`,
    );
  }
  program.addHelpText('after', `\nRun \`${PROGRAM} <command> --help\` for a command's options.\n${FOOTER}`);
  for (const command of [
    program,
    ...program.commands,
    ...program.commands.flatMap((group) => group.commands),
  ]) {
    if (command.commands.length === 0) command.addHelpText('after', FOOTER);
    command.exitOverride((error) => {
      throw new CommanderUsageError(error, command);
    });
  }
  return program;
};

const usageLine = (command: Command): string => `Usage: ${command.createHelp().commandUsage(command)}`;
/** The help text of a command, footer included, as --help prints it. */
const helpOf = (command: Command): string => {
  let text = '';
  command.configureOutput({ writeOut: (chunk) => (text += chunk) });
  command.outputHelp();
  return text.trimEnd();
};
const wordsOf = (command: Command): string[] =>
  command.parent === null ? [] : [...wordsOf(command.parent), command.name()];

/** What to print for a usage error or a help request, and the exit status. */
const answerOf = (
  error: CommanderUsageError | UsageError | HelpRequestedError,
): { stdout?: string; stderr?: string; status: number } => {
  const { command } = error;
  if (error instanceof HelpRequestedError) return { stdout: helpOf(command), status: EXIT.ok };
  if (error instanceof UsageError)
    return { stderr: `error: ${error.message}\n\n${usageLine(command)}`, status: EXIT.usage };
  if (error.code === 'commander.helpDisplayed') return { stdout: helpOf(command), status: EXIT.ok };
  const words = wordsOf(command);
  if (error.code === 'commander.help') {
    // A program or group run without its command.
    const where = words.length === 0 ? '' : `${words.join(' ')}: `;
    return { stderr: `error: ${where}a command is required\n\n${helpOf(command)}`, status: EXIT.usage };
  }
  if (error.code === 'commander.unknownCommand') {
    const unknown = [...words, (command.args[0] ?? '').slice(0, 32)].join(' ');
    return { stderr: `error: unknown command: ${unknown}\n\n${helpOf(command)}`, status: EXIT.usage };
  }
  // Unknown option, missing value, extra argument: commander's message, as a sentence.
  const { message } = error;
  return {
    stderr: `error: ${message.charAt(0).toUpperCase()}${message.slice(1)}\n\n${usageLine(command)}`,
    status: EXIT.usage,
  };
};

/** Which command, and its options; throws a usage error or a help request. */
const parse = async (argv: readonly string[]): Promise<Chosen> => {
  let chosen: Chosen | undefined;
  await buildProgram((parsed) => (chosen = parsed)).parseAsync([...argv], { from: 'user' });
  if (chosen === undefined) throw new Error('commander ran no command');
  const { spec, command, values } = chosen;
  const missing = command.options.filter(
    (option) =>
      spec.options.some((wanted) => wanted.required && `--${wanted.flag}` === option.long) &&
      values[option.attributeName()] === undefined,
  );
  if (missing.length > 0) {
    throw new UsageError(`missing ${missing.map((option) => option.long).join(', ')}`, command);
  }
  return chosen;
};

/** Field paths of a refused command, named as the flags that gave them. */
const flagOf = (command: Command, field: string): string => {
  const top = field.split('.')[0] ?? field;
  return command.options.find((option) => option.attributeName() === top)?.long ?? field;
};

/**
 * Runs one admin command line; resolves with the exit status.
 *
 * @example
 * process.exitCode = await runAdminCli(process.argv.slice(2));
 */
const runAdminCli = async (
  argv: readonly string[],
  io: CliIo = {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  },
): Promise<number> => {
  let chosen: Chosen;
  try {
    chosen = await parse(argv);
  } catch (error) {
    if (!(
      error instanceof UsageError ||
      error instanceof HelpRequestedError ||
      error instanceof CommanderUsageError
    )) {
      throw error;
    }
    const answer = answerOf(error);
    if (answer.stdout !== undefined) io.stdout(answer.stdout);
    if (answer.stderr !== undefined) io.stderr(answer.stderr);
    return answer.status;
  }
  const { spec, command, values } = chosen;

  try {
    const env = localToolEnv(io.env);
    await assertLocalRuntime(env);
    applyLocalToolEnv(env);
    const run = runAdminCommand(await runAdminCommandDeps(stderrLogger(io)));
    const result = await run(spec.build(values), { actor: osUser(io.env) });
    if (result.command === 'audit.list') {
      for (const entry of result.entries) io.stdout(JSON.stringify(entry));
    } else {
      io.stdout(JSON.stringify(result));
    }
    if (result.command === 'disclosure.record' && result.itemsNotHeld !== undefined) {
      io.stderr(`warning: recorded as given, but the account holds no ${result.itemsNotHeld.join(', ')}`);
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof InvalidAdminCommandError) {
      const lines = (error.details ?? []).map(
        (detail) => `  ${flagOf(command, detail.field)}: ${detail.issue}`,
      );
      io.stderr(`error: invalid options\n${lines.join('\n')}\n\n${usageLine(command)}`);
      return EXIT.usage;
    }
    if (error instanceof AdminError) {
      io.stderr(`error: ${error.message} (${error.code})`);
      return EXIT.refused;
    }
    if (error instanceof LocalRuntimeError) {
      io.stderr(`error: ${error.message}`);
      return EXIT.refused;
    }
    io.stderr(`error: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unexpected failure'}`);
    return EXIT.refused;
  }
};

export { EXIT, runAdminCli };
