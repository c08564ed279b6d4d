// shared/domain/courier: turns a locale's copy (shared/messages) into the exact email and SMS text.
// (Courier) → render-message → Mailer / Texter. Every value and every line of copy is HTML-escaped
// here, in one place, so neither a code nor a translation can inject markup.
import type { MessageCatalogue } from '../../messages/index.js';
import type { CodeMessage, NoticeKind } from '../ports.js';

/** One rendered email, ready for a Mailer. */
interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML element body or a double-quoted attribute. */
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);

type Slot = 'code' | 'minutes' | 'account';

/** Fills `{code}`, `{minutes}` and `{account}`; other braces are left as written. */
const fill = (template: string, values: Readonly<Record<Slot, string>>): string =>
  template.replace(/\{(code|minutes|account)\}/g, (_slot, name: Slot) => values[name]);

const valuesOf = (message: CodeMessage): Record<Slot, string> => ({
  code: message.code,
  minutes: String(message.expiresInMinutes),
  account: message.accountName ?? '',
});

const BODY_STYLE =
  'margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;background:#ffffff';
const CODE_STYLE =
  'margin:24px 0;font-family:Courier New,Courier,monospace;font-size:28px;font-weight:bold;letter-spacing:6px';
const FOOTER_STYLE = 'margin-top:32px;font-size:12px;color:#666666';

/** A body is a list of blocks: paragraphs of copy, and at most one code shown large. */
type Block = { readonly paragraph: string } | { readonly code: string };

const renderEmail = (copy: MessageCatalogue, subject: string, blocks: readonly Block[]): RenderedEmail => {
  const textBlocks = blocks.map((block) => ('code' in block ? block.code : block.paragraph));
  const text = [...textBlocks, copy.signature, `--\n${copy.footer}`].join('\n\n') + '\n';
  const htmlBlocks = blocks.map((block) =>
    'code' in block
      ? `<p style="${CODE_STYLE}">${escapeHtml(block.code)}</p>`
      : `<p>${escapeHtml(block.paragraph)}</p>`,
  );
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(copy.htmlLang)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="${BODY_STYLE}">`,
    ...htmlBlocks,
    `<p>${escapeHtml(copy.signature)}</p>`,
    `<p style="${FOOTER_STYLE}">${escapeHtml(copy.footer)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { subject, text, html };
};

/** The email that carries a code: intro, the code on its own, then validity and warnings. */
const renderCodeEmail = (copy: MessageCatalogue, message: CodeMessage): RenderedEmail => {
  const { email } = copy.codes[message.purpose];
  const values = valuesOf(message);
  return renderEmail(copy, email.subject, [
    ...email.intro.map((line) => ({ paragraph: fill(line, values) })),
    { code: message.code },
    ...email.outro.map((line) => ({ paragraph: fill(line, values) })),
  ]);
};

/** The SMS that carries a code. */
const renderCodeSms = (copy: MessageCatalogue, message: CodeMessage): string =>
  fill(copy.codes[message.purpose].sms, valuesOf(message));

/** A notice email: fixed copy, nothing interpolated. */
const renderNoticeEmail = (copy: MessageCatalogue, notice: NoticeKind): RenderedEmail => {
  const { email } = copy.notices[notice];
  return renderEmail(
    copy,
    email.subject,
    email.paragraphs.map((paragraph) => ({ paragraph })),
  );
};

/** A notice SMS: fixed copy, nothing interpolated. */
const renderNoticeSms = (copy: MessageCatalogue, notice: NoticeKind): string => copy.notices[notice].sms;

export { escapeHtml, renderCodeEmail, renderCodeSms, renderNoticeEmail, renderNoticeSms };
export type { RenderedEmail };
