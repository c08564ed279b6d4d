// shared/http: zod issues → InvalidRequestError (400 invalid_request). The details name fields and
// rules in our own words. zod's messages are never used (v4 messages can quote the received value),
// and an unknown key is named only when it shares no run of 4 characters with a submitted value.
import type * as z from 'zod';
import { INTEREST_IDS, LOCALES } from '../config/settings.js';
import { InvalidRequestError, type ErrorDetail } from '../domain/errors.js';

/** The message of every validation failure; the details say what. */
const INVALID_REQUEST_MESSAGE = 'The request body is invalid; see details.';
/** `field` of an issue with the body as a whole (e.g. not a JSON object). */
const BODY_FIELD = '(body)';
/** `field` naming an unknown key that is not echoed back. */
const UNNAMED_KEY = '(unrecognized key)';
/** At most this many details per answer; a body with hundreds of stray keys gets the first ones. */
const MAX_DETAILS = 20;

/** Unknown keys echoed back look like field names: short, no dots, no spaces or control characters. */
const ECHOABLE_KEY = /^[A-Za-z0-9_$-]{1,64}$/;
/** Four digits in a row could be part of a code or a phone number, whatever else the body holds. */
const DIGIT_RUN = /\d{4}/;
/** Public words (enum values) that may appear in a body and in field names alike; not secrets. */
const PUBLIC_WORDS: ReadonlySet<string> = new Set<string>([
  'email',
  'sms',
  'active',
  'accepted',
  ...LOCALES,
  ...INTEREST_IDS,
]);
/**
 * An unknown key that shares this many consecutive characters (case-insensitively) with any submitted
 * string is not echoed. Shorter overlaps are let through: every field name and issue text is made of
 * short words, so a value that short could not be kept out of the details anyway.
 */
const OVERLAP = 4;

type Issue = z.core.$ZodIssue;

/** Every string value in the body (not keys), iteratively: a 16 KiB body can nest thousands deep. */
const stringLeaves = (body: unknown): string[] => {
  const found: string[] = [];
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') found.push(value);
    else if (typeof value === 'object' && value !== null) {
      const children = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
      for (const child of children) pending.push(child);
    }
  }
  return found;
};

/** Every run of OVERLAP characters of the body's string values (lower case), public words aside. */
const valueGrams = (body: unknown): ReadonlySet<string> => {
  const grams = new Set<string>();
  for (const value of stringLeaves(body)) {
    if (PUBLIC_WORDS.has(value)) continue;
    const lower = value.toLowerCase();
    for (let start = 0; start + OVERLAP <= lower.length; start += 1) {
      grams.add(lower.slice(start, start + OVERLAP));
    }
  }
  return grams;
};

/** What an unknown key is named as: itself when it cannot carry a submitted value, else a placeholder. */
const unknownKeyName = (key: string, grams: ReadonlySet<string>): string => {
  if (!ECHOABLE_KEY.test(key) || DIGIT_RUN.test(key)) return UNNAMED_KEY;
  const lower = key.toLowerCase();
  for (let start = 0; start + OVERLAP <= lower.length; start += 1) {
    if (grams.has(lower.slice(start, start + OVERLAP))) return UNNAMED_KEY;
  }
  return key;
};

/** Whether the body has nothing at `path` (an absent field, as opposed to one of the wrong type). */
const isAbsent = (body: unknown, path: readonly PropertyKey[]): boolean => {
  let value: unknown = body;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || typeof key === 'symbol') return true;
    if (!Object.hasOwn(value, key)) return true;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value === undefined;
};

const fieldOf = (path: readonly PropertyKey[]): string =>
  path.length === 0 ? BODY_FIELD : path.map((key) => String(key)).join('.');

const TYPE_ISSUES: Readonly<Record<string, string>> = {
  string: 'must be a string',
  boolean: 'must be true or false',
  array: 'must be an array',
  object: 'must be an object',
  number: 'must be a number',
};

const unitOf = (origin: string): string => (origin === 'array' ? 'items' : 'characters');

/** Our text for one zod issue; `values` of enums and limits of sizes come from the schema, never the input. */
const issueText = (issue: Issue, body: unknown): string => {
  switch (issue.code) {
    case 'invalid_type':
      if (isAbsent(body, issue.path))
        return issue.path.length === 0 ? 'must be a JSON object' : 'is required';
      if (issue.path.length === 0) return 'must be a JSON object';
      return TYPE_ISSUES[issue.expected] ?? 'has the wrong type';
    case 'too_big':
      return `must have at most ${String(issue.maximum)} ${unitOf(issue.origin)}`;
    case 'too_small':
      return `must have at least ${String(issue.minimum)} ${unitOf(issue.origin)}`;
    case 'invalid_value':
      if (issue.path.length > 0 && isAbsent(body, issue.path)) return 'is required';
      return `must be one of: ${issue.values.map((value) => String(value)).join(', ')}`;
    case 'custom': {
      const text: unknown = issue.params?.issue;
      return typeof text === 'string' ? text : 'is invalid';
    }
    default:
      return 'is invalid';
  }
};

/**
 * The validation details of a failed parse: one `{field, issue}` per problem, fields as dotted paths,
 * `(body)` for the body itself, one detail per unknown key (`is not allowed`).
 */
const toErrorDetails = (issues: readonly Issue[], body: unknown): ErrorDetail[] => {
  let grams: ReadonlySet<string> | undefined;
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  const add = (field: string, text: string): void => {
    const key = `${field}\u0000${text}`;
    if (seen.has(key)) return;
    seen.add(key);
    details.push({ field, issue: text });
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      grams ??= valueGrams(body);
      const prefix = issue.path.map((key) => String(key));
      for (const key of issue.keys) add([...prefix, unknownKeyName(key, grams)].join('.'), 'is not allowed');
    } else {
      add(fieldOf(issue.path), issueText(issue, body));
    }
  }
  return details.slice(0, MAX_DETAILS);
};

/**
 * Parses a request body with a (strict) schema.
 *
 * @returns the schema's output: normalized, branded values.
 * @throws InvalidRequestError (400 invalid_request) whose details name each failing field and rule.
 */
const parseRequest = <S extends z.ZodType>(schema: S, body: unknown): z.output<S> => {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new InvalidRequestError(INVALID_REQUEST_MESSAGE, toErrorDetails(result.error.issues, body));
};

export { BODY_FIELD, INVALID_REQUEST_MESSAGE, MAX_DETAILS, parseRequest, toErrorDetails, UNNAMED_KEY };
