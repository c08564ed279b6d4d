// shared/domain/admin: what an operator can ask, as one zod-validated discriminated union. The local CLI
// (infra/local/admin.ts) builds it from flags; the admin Lambda (functions/admin) receives it as its event.
// Both hand it to runAdminCommand, which validates it here and nowhere else.
import * as z from 'zod';
import { normalizeAccountName } from '../account-name.js';
import type { AuditEntry, DisclosedItem } from './ports.js';
import type { AccountId, AccountName } from '../types.js';

/** Data items a disclosure may name: the account's personal fields. */
export const DISCLOSED_ITEMS = ['email', 'phone', 'accountName', 'preferences', 'interests'] as const satisfies readonly DisclosedItem[];

/** Longest operator text (reason, basis, authority); references are shorter. */
const MAX_TEXT = 500;
const MAX_REFERENCE = 200;

/** Issues in our own words: a value is never quoted back (it may be what should not be there). */
export const ADMIN_ISSUES = {
  account: 'must be an account name: 3 to 32 of a-z 0-9 . _ -',
  accountId: 'must be an account id (22 characters of base64url)',
  text: `must be 1 to ${MAX_TEXT} characters`,
  reference: `must be 1 to ${MAX_REFERENCE} characters`,
  personalData: 'looks like personal data (an email address or a phone number); operator text must not hold any',
  control: 'must not contain control characters',
  items: `must be one or more of ${DISCLOSED_ITEMS.join(', ')}, each once`,
  accountName: 'contains the account name; operator text must not hold personal data',
} as const;

const EMAIL_SHAPED = /[^\s@]+@[^\s@]+\.[^\s@]+/;
/** `+` and seven or more digits, spaces, dots, dashes or brackets: an international number. */
const PHONE_SHAPED = /\+\s*\d[\d\s().-]{6,}/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const fail = (ctx: z.core.$RefinementCtx, message: string): never => {
  ctx.addIssue({ code: 'custom', message, input: undefined });
  return z.NEVER;
};

/**
 * Free text an operator writes into the audit log. Trimmed and NFKC-normalized; refused when it holds
 * an email address or an international phone number (the audit log holds no personal data), or, in a
 * command naming an account, that account's name.
 */
const operatorText = (max: number, lengthIssue: string) =>
  z.string().transform((raw, ctx) => {
    const text = raw.normalize('NFKC').trim();
    if (text.length < 1 || text.length > max) return fail(ctx, lengthIssue);
    if (CONTROL.test(text)) return fail(ctx, ADMIN_ISSUES.control);
    if (EMAIL_SHAPED.test(text) || PHONE_SHAPED.test(text)) return fail(ctx, ADMIN_ISSUES.personalData);
    return text;
  });

const text = () => operatorText(MAX_TEXT, ADMIN_ISSUES.text);
const reference = () => operatorText(MAX_REFERENCE, ADMIN_ISSUES.reference);

const accountName = () =>
  z
    .string()
    .max(256)
    .transform((raw, ctx) => normalizeAccountName(raw) ?? fail(ctx, ADMIN_ISSUES.account));

const accountId = () =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]{22}$/, ADMIN_ISSUES.accountId)
    .transform((raw) => raw as AccountId);

/** Characters an account name is made of: a name inside a longer token is not the name. */
const NAME_CHAR = /[a-z0-9._-]/;

/** Whether `text` holds the (normalized) account name as a whole token, in any case. */
const holdsName = (text: string, name: string): boolean => {
  const lower = text.normalize('NFKC').toLowerCase();
  for (let at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + 1)) {
    const before = lower[at - 1];
    const after = lower[at + name.length];
    if ((before === undefined || !NAME_CHAR.test(before)) && (after === undefined || !NAME_CHAR.test(after))) return true;
  }
  return false;
};

/** The operator's texts must not name the account: that would put its name in the audit log. */
const withoutAccountName =
  (fields: readonly string[]) =>
  (value: Readonly<Record<string, unknown>>, ctx: z.core.$RefinementCtx): void => {
    const name = value.account;
    if (typeof name !== 'string') return;
    for (const field of fields) {
      const text = value[field];
      if (typeof text === 'string' && holdsName(text, name)) {
        ctx.addIssue({ code: 'custom', message: ADMIN_ISSUES.accountName, path: [field], input: undefined });
      }
    }
  };

const items = () =>
  z
    .array(z.enum(DISCLOSED_ITEMS, { error: ADMIN_ISSUES.items }))
    .min(1, ADMIN_ISSUES.items)
    .refine((list) => new Set(list).size === list.length, ADMIN_ISSUES.items);

/** Every command an operator can run, discriminated by `command`. Unknown keys are refused. */
export const AdminCommandSchema = z.discriminatedUnion('command', [
  z
    .strictObject({
      command: z.literal('hold.place'),
      account: accountName(),
      reason: text(),
      basis: text(),
      reference: reference(),
    })
    .superRefine(withoutAccountName(['reason', 'basis', 'reference'])),
  z
    .strictObject({
      command: z.literal('hold.lift'),
      account: accountName(),
      reference: reference(),
    })
    .superRefine(withoutAccountName(['reference'])),
  z
    .strictObject({
      command: z.literal('disclosure.record'),
      account: accountName(),
      authority: text(),
      basis: text(),
      reference: reference(),
      items: items(),
      /** False when the law forbids telling the owner (a gagging order): the export leaves the record out. */
      notifyOwner: z.boolean(),
    })
    .superRefine(withoutAccountName(['authority', 'basis', 'reference'])),
  z
    .strictObject({
      command: z.literal('audit.list'),
      /** Only entries of this account (by name: it must still exist). */
      account: accountName().optional(),
      /** Only entries of this account id (works after erasure, when the name is gone). */
      accountId: accountId().optional(),
    })
    .refine((value) => value.account === undefined || value.accountId === undefined, {
      message: 'give account or accountId, not both',
      path: ['accountId'],
    }),
]);

/** A command as the CLI or the Lambda's caller writes it (before validation). */
export type AdminCommandInput = z.input<typeof AdminCommandSchema>;
/** A validated command: account names normalized, operator text trimmed and checked. */
export type AdminCommand = z.output<typeof AdminCommandSchema>;
export type AdminCommandName = AdminCommand['command'];

/** Who runs the command, from the environment, never from the command itself. */
export interface AdminInvocation {
  /** Local: the OS user name. AWS: the caller's IAM principal ARN where known, else 'lambda'. */
  readonly actor: string;
  /** Lambda request id, to match the entry with CloudTrail's record of the Invoke call. */
  readonly requestId?: string;
}

/** What happened to an erasure that waited on a lifted hold. */
export type WaitingErasureOutcome =
  /** No erasure was waiting. */
  | 'none'
  | 'erased'
  /** Another hold was placed meanwhile; the erasure waits for it. */
  | 'held'
  /** The account was already gone. */
  | 'absent'
  /** The erasure failed now; the retention sweeper carries it out on its next run. */
  | 'deferred';

export type AdminResult =
  | {
      readonly command: 'hold.place';
      readonly accountId: AccountId;
      readonly legalHold: { readonly active: true; readonly since: string };
    }
  | { readonly command: 'hold.lift'; readonly accountId: AccountId; readonly erasure: WaitingErasureOutcome }
  | {
      readonly command: 'disclosure.record';
      readonly accountId: AccountId;
      readonly disclosureId: string;
      readonly date: string;
      readonly ownerMayBeTold: boolean;
      /** Items named that the account does not hold (recorded all the same, as declared). */
      readonly itemsNotHeld?: readonly DisclosedItem[];
    }
  | { readonly command: 'audit.list'; readonly entries: readonly AuditEntry[] };

export type { AccountName };
