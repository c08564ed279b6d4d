// test/unit/domain/courier: the copy every locale sends, rendered exactly as users receive it.
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../../shared/config/settings.js';
import {
  escapeHtml,
  renderCodeEmail,
  renderCodeSms,
  renderNoticeEmail,
  renderNoticeSms,
} from '../../../../shared/domain/courier/render-message.js';
import type { CodeMessage, NoticeKind } from '../../../../shared/domain/ports.js';
import type { CodePurpose } from '../../../../shared/domain/types.js';
import { MESSAGES } from '../../../../shared/messages/index.js';
import type { MessageCatalogue } from '../../../../shared/messages/index.js';

// Written as records so that a purpose or notice added to the domain fails to compile here.
const PURPOSES = Object.keys({
  registration: true,
  password_reset: true,
  contact_change: true,
} satisfies Record<CodePurpose, true>) as CodePurpose[];
const NOTICES = Object.keys({
  registration_attempt: true,
  password_changed: true,
  contact_changed: true,
  account_erased: true,
  session_revoked: true,
} satisfies Record<NoticeKind, true>) as NoticeKind[];

const CODE = '482913';
/** The longest account name there is (32 characters), so that the SMS length checks hold for every name. */
const LONGEST_NAME = 'ada.lovelace.analytical.engine.1';
const codeMessage = (purpose: CodePurpose, code = CODE, accountName = LONGEST_NAME): CodeMessage => ({
  purpose,
  code,
  expiresInMinutes: 10,
  ...(purpose === 'registration' ? { accountName } : {}),
});

const HAN = /\p{Script=Han}/u;
/** The GSM 03.38 default alphabet (without the escape table): one SMS holds 160 of these. */
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;

/** Every string a catalogue holds, with where it sits. */
const stringsOf = (value: unknown, path = ''): [string, string][] => {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, child]) =>
      stringsOf(child, path === '' ? key : `${path}.${key}`),
    );
  }
  return [];
};

const everyMessage = LOCALES.flatMap((locale) => [
  ...PURPOSES.map((purpose) => ({
    locale,
    name: `code ${purpose}`,
    email: renderCodeEmail(MESSAGES[locale], codeMessage(purpose)),
    sms: renderCodeSms(MESSAGES[locale], codeMessage(purpose)),
  })),
  ...NOTICES.map((notice) => ({
    locale,
    name: `notice ${notice}`,
    email: renderNoticeEmail(MESSAGES[locale], notice),
    sms: renderNoticeSms(MESSAGES[locale], notice),
  })),
]);

describe('Function: renderCodeEmail / renderCodeSms', () => {
  it.each(LOCALES.flatMap((locale) => PURPOSES.map((purpose) => ({ locale, purpose }))))(
    'shows the code and its lifetime in the $locale $purpose email and SMS, but not in the subject',
    ({ locale, purpose }) => {
      // Prepare
      const copy = MESSAGES[locale];

      // Act
      const email = renderCodeEmail(copy, { purpose, code: CODE, expiresInMinutes: 7 });
      const sms = renderCodeSms(copy, { purpose, code: CODE, expiresInMinutes: 7 });

      // Assess
      expect(email.text).toContain(`\n${CODE}\n`);
      expect(email.html).toContain(`>${CODE}</p>`);
      expect(sms).toContain(CODE);
      expect(email.text).toMatch(/\b7\b/);
      expect(sms).toMatch(/\b7\b/);
      expect(email.subject).not.toContain(CODE);
      for (const rendered of [email.subject, email.text, email.html, sms]) {
        expect(rendered).not.toMatch(/\{(code|minutes|account)\}/);
      }
    },
  );

  it('renders the English registration SMS exactly, code first, naming the account, in one segment', () => {
    // Act
    const sms = renderCodeSms(MESSAGES.en, codeMessage('registration', '123456', 'ada.lovelace'));

    // Assess
    expect(sms).toBe('Signet code: 123456 to finish creating the account ada.lovelace. Valid 10 min. Never share it.');
  });

  it.each(LOCALES)('names the account being created in the %s registration email and SMS, after the code', (locale) => {
    // Act
    const email = renderCodeEmail(MESSAGES[locale], codeMessage('registration', '123456', 'ada.lovelace'));
    const sms = renderCodeSms(MESSAGES[locale], codeMessage('registration', '123456', 'ada.lovelace'));

    // Assess: after the code, so that the first six digits of a message are always its code.
    for (const text of [email.text, email.html, sms]) {
      expect(text.indexOf('ada.lovelace')).toBeGreaterThan(text.indexOf('123456'));
    }
  });

  it('renders the English registration email exactly', () => {
    // Act
    const email = renderCodeEmail(MESSAGES.en, codeMessage('registration', '123456', 'ada.lovelace'));

    // Assess
    expect(email.subject).toBe('Your Signet verification code');
    expect(email.text).toBe(
      [
        'Use this code to finish creating your Signet account:',
        '123456',
        'This code finishes creating the account ada.lovelace. If that is not the account you are creating, do not use it.',
        'The code works once, for 10 minutes.',
        'Signet will never ask you for this code by phone, email or chat. Do not share it with anyone.',
        'If you did not try to create a Signet account, ignore this email: no account is created without the code.',
        'The Signet team',
        '--\nThis message was sent automatically; replies are not read.',
      ].join('\n\n') + '\n',
    );
    expect(email.html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(email.html).toContain('<title>Your Signet verification code</title>');
  });
});

describe('Function: renderNoticeEmail / renderNoticeSms', () => {
  it.each(LOCALES.flatMap((locale) => NOTICES.map((notice) => ({ locale, notice }))))(
    'sends the $locale $notice notice with no code, no link and no slot',
    ({ locale, notice }) => {
      // Act
      const email = renderNoticeEmail(MESSAGES[locale], notice);
      const sms = renderNoticeSms(MESSAGES[locale], notice);

      // Assess
      const htmlWithoutStyles = email.html.replace(/ style="[^"]*"/g, '');
      for (const rendered of [email.subject, email.text, htmlWithoutStyles, sms]) {
        expect(rendered).not.toMatch(/\d{4,}/);
        expect(rendered).not.toMatch(/https?:|www\.|<a\s/i);
        expect(rendered).not.toMatch(/\{\w+\}/);
      }
    },
  );

  it('tells the owner of a taken address that someone, perhaps them, tried to register', () => {
    // Act
    const email = renderNoticeEmail(MESSAGES.en, 'registration_attempt');
    const sms = renderNoticeSms(MESSAGES.en, 'registration_attempt');

    // Assess
    expect(email.text).toContain(
      'Someone, perhaps you, tried to create a Signet account with this email address.',
    );
    expect(email.text).toContain('If it was you, sign in');
    expect(email.text).toContain('reset your password');
    expect(email.text).toContain('If it was not you, ignore this email.');
    expect(sms).toBe(
      'Signet: someone, perhaps you, tried to register with this number. If it was you, sign in or reset your password. If not, ignore this.',
    );
  });
});

describe('Object: MESSAGES', () => {
  it('has every message in every locale, none of them empty', () => {
    // Assess
    expect(everyMessage).toHaveLength(LOCALES.length * (PURPOSES.length + NOTICES.length));
    for (const message of everyMessage) {
      expect(message.email.subject.trim(), `${message.locale} ${message.name}`).not.toBe('');
      expect(message.email.text.trim()).not.toBe('');
      expect(message.email.html).toContain('<body');
      expect(message.sms.trim()).not.toBe('');
    }
  });

  it('holds the same keys in every locale', () => {
    // Prepare
    const keysOf = (catalogue: MessageCatalogue): string[] =>
      stringsOf(catalogue)
        .map(([path]) => path.replace(/\.\d+$/, ''))
        .filter((path, index, all) => all.indexOf(path) === index);

    // Assess
    for (const locale of LOCALES) {
      expect(keysOf(MESSAGES[locale])).toEqual(keysOf(MESSAGES.en));
    }
  });

  it('writes every zh-CN line in Chinese and every English line without Chinese', () => {
    // Prepare
    const zh = stringsOf(MESSAGES['zh-CN']).filter(([path]) => path !== 'htmlLang');
    const en = stringsOf(MESSAGES.en);

    // Assess
    expect(zh.length).toBeGreaterThan(30);
    for (const [path, text] of zh) expect(text, `zh-CN ${path}`).toMatch(HAN);
    for (const [path, text] of en) expect(text, `en ${path}`).not.toMatch(HAN);
    expect(renderCodeEmail(MESSAGES['zh-CN'], codeMessage('registration')).html).toContain(
      '<html lang="zh-CN">',
    );
  });

  it('keeps every English SMS in one GSM-7 segment and every Chinese SMS in one UCS-2 segment', () => {
    // Assess
    for (const message of everyMessage) {
      if (message.locale === 'en') {
        expect(message.sms, message.name).toMatch(GSM7);
        expect(message.sms.length, message.name).toBeLessThanOrEqual(160);
      } else {
        expect(Array.from(message.sms).length, message.name).toBeLessThanOrEqual(70);
      }
    }
  });
});

describe('Function: escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    // Act
    const escaped = escapeHtml(`<a href="x" title='y'>&</a>`);

    // Assess
    expect(escaped).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes the code and the copy in the HTML body, and leaves the text body as written', () => {
    // Prepare
    const hostile: MessageCatalogue = {
      ...MESSAGES.en,
      signature: 'Tom & "Jerry"',
      codes: {
        ...MESSAGES.en.codes,
        registration: {
          email: {
            subject: '<b>Hi</b>',
            intro: ['<script>alert(1)</script> {code}'],
            outro: ["it's {minutes}"],
          },
          sms: 'code {code}',
        },
      },
    };
    const code = '<img src=x onerror=alert(1)>';

    // Act
    const email = renderCodeEmail(hostile, { purpose: 'registration', code, expiresInMinutes: 5 });

    // Assess
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).not.toContain('<b>');
    expect(email.html).toContain('<title>&lt;b&gt;Hi&lt;/b&gt;</title>');
    expect(email.html).toContain(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>',
    );
    expect(email.html).toContain('>&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(email.html).toContain('<p>it&#39;s 5</p>');
    expect(email.html).toContain('<p>Tom &amp; &quot;Jerry&quot;</p>');
    expect(email.text).toContain(`<script>alert(1)</script> ${code}`);
  });
});
