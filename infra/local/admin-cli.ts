// infra/local: the operators' command line for the local runtime (`npm run admin -- …`, entry admin.ts).
// Flags → an AdminCommand → runAdminCommand, the same code the admin Lambda runs. Results go to stdout as
// JSON (audit list: one entry a line); refusals and usage errors go to stderr with a non-zero exit.
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
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
  readonly flag: string;
  readonly type: 'string' | 'boolean';
  /** Placeholder in the usage line. */
  readonly value?: string;
  readonly required: boolean;
  readonly help: string;
  /** The AdminCommand field it fills, to name the flag when that field is refused. */
  readonly field?: string;
}

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
  type: 'string',
  value: 'NAME',
  required: true,
  help: 'The account name (the name is turned into its blind index; it is never stored)',
  field: 'account',
};
const reference = (help: string): OptionSpec => ({
  flag: 'reference',
  type: 'string',
  value: 'REF',
  required: true,
  help,
  field: 'reference',
});

const text = (values: Values, flag: string): string => String(values[flag] ?? '');

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
      {
        flag: 'reason',
        type: 'string',
        value: 'TEXT',
        required: true,
        help: 'Why the data must be kept',
        field: 'reason',
      },
      {
        flag: 'basis',
        type: 'string',
        value: 'TEXT',
        required: true,
        help: 'The legal basis (statute, order)',
        field: 'basis',
      },
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
      {
        flag: 'authority',
        type: 'string',
        value: 'TEXT',
        required: true,
        help: 'The requesting authority',
        field: 'authority',
      },
      {
        flag: 'basis',
        type: 'string',
        value: 'TEXT',
        required: true,
        help: 'The legal basis of the demand',
        field: 'basis',
      },
      reference('The document reference (such as a summons number)'),
      {
        flag: 'items',
        type: 'string',
        value: 'LIST',
        required: true,
        help: `Comma-separated items disclosed: ${DISCLOSED_ITEMS.join(', ')}`,
        field: 'items',
      },
      {
        flag: 'no-notify-owner',
        type: 'boolean',
        required: false,
        help: "Keep the record out of the owner's export (the law forbids telling the owner)",
        field: 'notifyOwner',
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
      notifyOwner: values['no-notify-owner'] !== true,
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
        type: 'string',
        value: 'ID',
        required: false,
        help: 'Only entries of this account id (for an account erased since: its name is gone)',
        field: 'accountId',
      },
    ],
    build: (values) => ({
      command: 'audit.list',
      ...(values.account === undefined ? {} : { account: text(values, 'account') }),
      ...(values['account-id'] === undefined ? {} : { accountId: text(values, 'account-id') }),
    }),
  },
];

const GROUPS = [...new Set(COMMANDS.map((command) => command.group))];
const PROGRAM = 'npm run admin --';

const FOOTER = [
  '',
  PERSONAL_DATA_WARNING,
  '',
  'The local runtime must be running (npm start); the same variables find it: SIGNET_DATA_DIR (default',
  '.signet), SIGNET_DYNAMODB_PORT (8000), SIGNET_EMAIL_PORT (8005), SIGNET_SMS_PORT (8006).',
  'Exit status: 0 done, 1 refused or failed, 2 bad usage.',
];

const wrap = (label: string, help: string): string => `  ${label.padEnd(34)}${help}`;

const usageOf = (command: CommandSpec): string =>
  [
    `${PROGRAM} ${command.group} ${command.verb}`,
    ...command.options.map((option) => {
      const flag = option.value === undefined ? `--${option.flag}` : `--${option.flag} ${option.value}`;
      return option.required ? flag : `[${flag}]`;
    }),
  ].join(' ');

const topHelp = (): string =>
  [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Operator tools for the local Signet runtime. Every action is written to the audit log.',
    '',
    'Commands:',
    ...COMMANDS.map((command) => wrap(`${command.group} ${command.verb}`, command.summary)),
    '',
    `Run \`${PROGRAM} <command> --help\` for a command's options.`,
    ...FOOTER,
  ].join('\n');

const groupHelp = (group: string): string =>
  [
    `Usage: ${PROGRAM} ${group} <${COMMANDS.filter((c) => c.group === group)
      .map((c) => c.verb)
      .join('|')}> [options]`,
    '',
    'Commands:',
    ...COMMANDS.filter((command) => command.group === group).map((command) =>
      wrap(`${group} ${command.verb}`, command.summary),
    ),
    '',
    `Run \`${PROGRAM} ${group} <command> --help\` for a command's options.`,
    ...FOOTER,
  ].join('\n');

const commandHelp = (command: CommandSpec): string =>
  [
    `Usage: ${usageOf(command)}`,
    '',
    `${command.summary}.`,
    ...command.description,
    '',
    'Options:',
    ...command.options.map((option) =>
      wrap(option.value === undefined ? `--${option.flag}` : `--${option.flag} ${option.value}`, option.help),
    ),
    wrap('-h, --help', 'Show this help'),
    ...FOOTER,
  ].join('\n');

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h';

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

class UsageError extends Error {
  public readonly help: string;
  public constructor(message: string, help: string) {
    super(message);
    this.name = 'UsageError';
    this.help = help;
  }
}

/**
 * Joins each string flag to the word after it (`--account-id -x…` → `--account-id=-x…`), so that a value
 * may start with a dash: account ids are base64url, and one in 64 starts with `-`, which parseArgs would
 * otherwise refuse as ambiguous. The next word stays a flag of its own when it is one of the command's
 * flags (`--reference` or `--reference=HC-1`) or a help flag, so a forgotten value is still reported.
 */
const bindValues = (command: CommandSpec, args: readonly string[]): string[] => {
  const flags = new Set(command.options.map((option) => `--${option.flag}`));
  const takesValue = new Set(
    command.options.filter((option) => option.type === 'string').map((option) => `--${option.flag}`),
  );
  const bound: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    const next = args[index + 1];
    const nextIsFlag = next !== undefined && (flags.has(next.split('=', 1)[0] ?? '') || isHelp(next));
    if (takesValue.has(arg) && next !== undefined && !nextIsFlag) {
      bound.push(`${arg}=${next}`);
      index += 1;
    } else {
      bound.push(arg);
    }
  }
  return bound;
};

/** Which command, and its flags; throws UsageError, or returns help text to print. */
const parse = (argv: readonly string[]): { help: string } | { command: CommandSpec; values: Values } => {
  const [group, verb] = argv;
  if (group === undefined) throw new UsageError('a command is required', topHelp());
  if (isHelp(group)) return { help: topHelp() };
  if (!GROUPS.includes(group)) throw new UsageError(`unknown command: ${group.slice(0, 32)}`, topHelp());
  if (verb === undefined) throw new UsageError(`${group}: a command is required`, groupHelp(group));
  if (isHelp(verb)) return { help: groupHelp(group) };
  const command = COMMANDS.find((spec) => spec.group === group && spec.verb === verb);
  if (command === undefined)
    throw new UsageError(`unknown command: ${group} ${verb.slice(0, 32)}`, groupHelp(group));
  const rest = bindValues(command, argv.slice(2));
  if (rest.some(isHelp)) return { help: commandHelp(command) };
  let values: Values;
  try {
    values = parseArgs({
      args: rest,
      options: Object.fromEntries(command.options.map((option) => [option.flag, { type: option.type }])),
      strict: true,
      allowPositionals: false,
    }).values as Values;
  } catch (error) {
    throw new UsageError(
      error instanceof Error ? error.message : 'invalid options',
      `Usage: ${usageOf(command)}`,
    );
  }
  const missing = command.options.filter((option) => option.required && values[option.flag] === undefined);
  if (missing.length > 0) {
    throw new UsageError(
      `missing ${missing.map((option) => `--${option.flag}`).join(', ')}`,
      `Usage: ${usageOf(command)}`,
    );
  }
  return { command, values };
};

/** Field paths of a refused command, named as the flags that gave them. */
const flagOf = (command: CommandSpec, field: string): string => {
  const top = field.split('.')[0] ?? field;
  const option = command.options.find((candidate) => candidate.field === top);
  return option === undefined ? field : `--${option.flag}`;
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
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`error: ${error.message}\n\n${error.help}`);
    return EXIT.usage;
  }
  if ('help' in parsed) {
    io.stdout(parsed.help);
    return EXIT.ok;
  }
  const { command, values } = parsed;

  try {
    const env = localToolEnv(io.env);
    await assertLocalRuntime(env);
    applyLocalToolEnv(env);
    const run = runAdminCommand(await runAdminCommandDeps(stderrLogger(io)));
    const result = await run(command.build(values), { actor: osUser(io.env) });
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
      io.stderr(`error: invalid options\n${lines.join('\n')}\n\nUsage: ${usageOf(command)}`);
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
