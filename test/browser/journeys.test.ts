// test/browser: the page in a real browser against the real local servers: a person creates an account by
// email (the code read from the email outbox), lands signed in on their data, changes a preference and sees
// it in the export, signs out and in, resets the password with a code, changes the email with its code and
// erases the account; the same creation by SMS; in Chinese. axe-core checks every step, and every step is
// photographed at 390x844 and 1280x800 under .signet/screenshots/.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  latestEmailCode,
  latestSmsCode,
  signet,
  strongPassword,
  uniqueEmail,
  uniqueName,
  uniquePhone,
} from '../helpers/api.js';
import { waitFor } from '../helpers/local-servers.js';
import { browserTestsRun, launch, openPage, step, suiteTitle } from './browser.js';

/** How long an answer may take: argon2 runs on a machine shared with other tests. */
const POLL = { timeout: 20_000 } as const;

const run = browserTestsRun();

/** The newest code sent to `to` once it has arrived (a different one than `before`, when given). */
const codeFor = async (read: () => Promise<string>, before?: string): Promise<string> => {
  let code = '';
  await waitFor(async () => {
    try {
      code = await read();
      return code !== before;
    } catch {
      return false;
    }
  }, 10_000);
  return code;
};

const signIn = async (page: Page, accountName: string, password: string): Promise<void> => {
  await page.getByLabel('Account name', { exact: true }).fill(accountName);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
};

/** The export the page offers for download, parsed. */
const downloadedExport = async (
  page: Page,
  link = 'Download my data (JSON)',
): Promise<Record<string, unknown>> => {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: link }).click(),
  ]);
  return JSON.parse(await readFile(await download.path(), 'utf8')) as Record<string, unknown>;
};

describe.skipIf(!run)(suiteTitle('Page: a person’s whole journey in Chromium'), () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('creates an account by email, keeps the data in view, and erases it', async () => {
    // Prepare
    const { page, context, problems } = await openPage(browser);
    const accountName = uniqueName('page');
    const email = uniqueEmail();
    const password = strongPassword();
    const newPassword = strongPassword();
    const newEmail = uniqueEmail();

    // Act + Assess: create account
    await page.goto(`${signet().apiUrl}/`);
    await step(page, '01-create-account', { heading: 'Create account' });
    await expect
      .poll(() => page.getByText(/I accept the privacy policy, version 2026-11-01\./).count(), POLL)
      .toBe(1);
    await page.getByLabel('Account name', { exact: true }).fill(accountName);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Show password' }).click();
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('type')).toBe('text');
    await page.getByRole('button', { name: 'Hide password' }).click();
    await page.getByLabel('Email address').fill(email);
    await page.getByText('Preferences and interests').click();
    await page.getByLabel('Books').check();
    await page.getByLabel('I accept the privacy policy').check();
    await page.getByRole('button', { name: 'Create account' }).click();

    // Enter the code, pasted with a space and a dash
    await step(page, '02-enter-code', { heading: 'Enter your code' });
    expect(await page.locator('main').textContent()).toMatch(/sent a 6-digit code to p\*+@e\*+\.com/);
    const codeField = page.getByLabel('Code', { exact: true });
    expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await codeField.getAttribute('inputmode')).toBe('numeric');
    const code = await codeFor(() => latestEmailCode(email));
    await codeField.fill(` ${code.slice(0, 3)}-${code.slice(3)} `);
    await page.getByRole('button', { name: 'Confirm' }).click();

    // Signed in by itself, on the data page
    await step(page, '03-my-data', { heading: 'My data' });
    const main = page.locator('main');
    expect(await main.textContent()).toContain(email);
    expect(await main.textContent()).toContain('Books');
    expect(await main.textContent()).toContain('verification codes, password reset and account notices');
    expect(await page.evaluate('window.sessionStorage.getItem("signet.session")')).not.toContain(
      'accessToken',
    );

    // A preference changed is in the export
    await page.getByLabel('Product updates').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByText('Saved.').count(), POLL).toBe(1);
    expect(await main.textContent()).toContain('Product updates: yes');
    const exported = await downloadedExport(page);
    const preferences = (exported.items as { field: string; value: unknown }[]).find(
      (item) => item.field === 'preferences',
    );
    expect(preferences?.value).toMatchObject({ productUpdates: true });
    await step(page, '04-preference-saved');

    // Sign out, sign in
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await step(page, '05-signed-out', { heading: 'Sign in' });
    expect(await main.textContent()).toContain('You are signed out.');
    await signIn(page, accountName, password);
    await step(page, '06-signed-in', { heading: 'My data' });

    // A reload keeps the session (the refresh token in sessionStorage), and the access token is not stored
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent(), POLL).toBe('My data');
    expect(await main.textContent()).toContain(email);
    const stored = (await page.evaluate(
      'JSON.stringify({ ...window.sessionStorage, ...window.localStorage })',
    )) as string;
    expect(stored).not.toMatch(/eyJ/);
    expect(stored).not.toContain(password);

    // Forgot password: the name, then the code and a new password
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await step(page, '07-forgot-password', { heading: 'Forgot password' });
    await page.getByLabel('Account name', { exact: true }).fill(accountName);
    await page.getByRole('button', { name: 'Send a code' }).click();
    await step(page, '08-new-password', { heading: 'Choose a new password' });
    const resetCode = await codeFor(() => latestEmailCode(email), code);
    await page.getByLabel('Code', { exact: true }).fill(resetCode);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect
      .poll(() => page.getByText('Your password is changed. Sign in with the new one.').count(), POLL)
      .toBe(1);
    await signIn(page, accountName, newPassword);
    await expect.poll(() => page.locator('h1').textContent(), POLL).toBe('My data');

    // Change the email with the new address's code
    await page.getByLabel('New email address').fill(newEmail);
    await page.locator('form#contact').getByLabel('Current password').fill(newPassword);
    await page.getByRole('button', { name: 'Send a code' }).click();
    const contactCode = page.getByLabel(/Code sent to p\*+@e\*+\.com/);
    await contactCode.fill(await codeFor(() => latestEmailCode(newEmail)));
    await step(page, '09-change-email-code');
    await page.getByRole('button', { name: 'Confirm the new contact' }).click();
    await expect.poll(() => page.getByText('Your contact is changed.').count(), POLL).toBe(1);
    await expect.poll(() => main.textContent(), POLL).toContain(newEmail);

    // Erase: what remains is said, then signing in fails
    expect(await main.textContent()).toContain('What remains');
    await page.locator('form#erase').getByLabel('Your password, to confirm').fill(newPassword);
    await step(page, '10-erase');
    await page.getByRole('button', { name: 'Erase my account' }).click();
    await step(page, '11-erased', { heading: 'Sign in' });
    expect(await main.textContent()).toContain('Your account is erased.');
    await signIn(page, accountName, newPassword);
    await expect
      .poll(
        () => page.getByRole('alert').filter({ hasText: 'The account name or password is wrong.' }).count(),
        POLL,
      )
      .toBe(1);
    await step(page, '12-sign-in-fails');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('creates an account by SMS and signs in by itself', async () => {
    // Prepare
    const { page, context, problems } = await openPage(browser);
    const phone = uniquePhone();

    // Act
    await page.goto(`${signet().apiUrl}/`);
    await page.getByLabel('Account name', { exact: true }).fill(uniqueName('sms'));
    await page.getByLabel('Password', { exact: true }).fill(strongPassword());
    await page.getByLabel('Text message (SMS)').check();
    expect(await page.getByLabel('Email address').isVisible()).toBe(false);
    await page.getByLabel('Mobile number').fill(phone);
    await step(page, '20-create-by-sms');
    await page.getByLabel('I accept the privacy policy').check();
    await page.getByRole('button', { name: 'Create account' }).click();
    await step(page, '21-sms-code', { heading: 'Enter your code' });
    await page.getByLabel('Code', { exact: true }).fill(await codeFor(() => latestSmsCode(phone)));
    await page.getByRole('button', { name: 'Confirm' }).click();

    // Assess
    await step(page, '22-sms-my-data', { heading: 'My data' });
    expect(await page.locator('main').textContent()).toContain(phone);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('speaks Chinese to a Chinese browser, registers in zh-CN, and switches to English', async () => {
    // Prepare
    const { page, context, problems } = await openPage(browser, 'zh-CN');
    const email = uniqueEmail();

    // Act
    await page.goto(`${signet().apiUrl}/`);
    await step(page, '30-zh-create-account', { heading: '创建账户' });
    await page.getByLabel('账户名').fill(uniqueName('zh'));
    await page.getByLabel('密码', { exact: true }).fill(strongPassword());
    await page.getByLabel('电子邮件地址').fill(email);
    await page.getByLabel('我接受隐私政策').check();
    await page.getByRole('button', { name: '创建账户' }).click();
    await step(page, '31-zh-enter-code', { heading: '输入验证码' });
    await page.getByLabel('验证码', { exact: true }).fill(await codeFor(() => latestEmailCode(email)));
    await page.getByRole('button', { name: '确认' }).click();
    await step(page, '32-zh-my-data', { heading: '我的数据' });

    // Assess: the registration's locale is the page's, and the switch changes the page
    const exported = await downloadedExport(page, '下载我的数据（JSON）');
    expect((exported.account as { locale: string }).locale).toBe('zh-CN');
    await page.getByRole('button', { name: /将页面切换为英文/ }).click();
    await expect.poll(() => page.locator('h1').textContent(), POLL).toBe('My data');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.goto(`${signet().apiUrl}/#/privacy/zh-CN`);
    await step(page, '33-zh-privacy-policy', { heading: '隐私政策' });
    expect(await page.locator('main').textContent()).toContain('版本 2026-11-01');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the privacy policy with the version in force', async () => {
    // Prepare
    const { page, context, problems } = await openPage(browser);

    // Act
    await page.goto(`${signet().apiUrl}/#/privacy`);

    // Assess
    await step(page, '40-privacy-policy', { heading: 'Privacy policy' });
    const text = await page.locator('main').textContent();
    expect(text).toMatch(/Version 2026-11-01, in force since November 1, 2026\./);
    expect(text).toContain('We never share it with third parties');
    expect(problems).toEqual([]);
    await context.close();
  });
});
