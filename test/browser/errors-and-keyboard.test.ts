// test/browser: the API's refusals shown in words by the fields they name (tied with aria-describedby, the
// form kept as typed), one message for every failed sign-in, and account creation with the keyboard alone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  latestEmailCode,
  post,
  signet,
  strongPassword,
  uniqueEmail,
  uniqueName,
  wrongCode,
} from '../helpers/api.js';
import { waitFor } from '../helpers/local-servers.js';
import { browserTestsRun, descriptionOf, focused, launch, openPage, step, suiteTitle } from './browser.js';

const POLL = { timeout: 20_000 } as const;
const run = browserTestsRun();

const fillCreate = async (page: Page, fields: { accountName: string; password: string; email: string }) => {
  await page.getByLabel('Account name', { exact: true }).fill(fields.accountName);
  await page.getByLabel('Password', { exact: true }).fill(fields.password);
  await page.getByLabel('Email address').fill(fields.email);
  await page.getByLabel('I accept the privacy policy').check();
  await page.getByRole('button', { name: 'Create account' }).click();
};

/** Presses Tab until focus is on an element whose text or label matches, at most 40 times. */
const tabTo = async (page: Page, matches: RegExp): Promise<void> => {
  for (let presses = 0; presses < 40; presses += 1) {
    await page.keyboard.press('Tab');
    const label = (await page.evaluate(`(() => {
      const e = document.activeElement;
      if (!e) return '';
      const byFor = e.id ? document.querySelector('label[for="' + e.id + '"]') : null;
      return (byFor ? byFor.textContent : e.textContent) || '';
    })()`)) as string;
    if (matches.test(label.trim())) return;
  }
  throw new Error(`Tab never reached ${String(matches)} (focus on ${await focused(page)})`);
};

describe.skipIf(!run)(suiteTitle('Page: errors by their fields, and the keyboard alone'), () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows a weak password and a taken name by their fields, keeping what was typed', async () => {
    // Prepare
    const { page, context, problems } = await openPage(browser);
    const taken = uniqueName('taken');
    const registered = await post('/v1/registrations', {
      accountName: taken,
      password: strongPassword(),
      email: uniqueEmail(),
      channel: 'email',
    });
    expect(registered.status).toBe(202);
    const email = uniqueEmail();
    await page.goto(`${signet().apiUrl}/`);

    // Act: a password of 9 characters
    await fillCreate(page, { accountName: uniqueName('weak'), password: 'too short', email });

    // Assess
    const password = page.getByLabel('Password', { exact: true });
    await expect
      .poll(() => descriptionOf(password), POLL)
      .toContain('The password must be at least 15 characters long.');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[id$="-error"]').first().getAttribute('aria-live')).toBe('polite');
    expect(await page.getByLabel('Email address').inputValue()).toBe(email);
    expect(await focused(page)).toMatch(/^input#f-password/);
    await step(page, '50-weak-password');

    // Act: a taken name
    await page.getByLabel('Account name', { exact: true }).fill(taken);
    await password.fill(strongPassword());
    await page.getByRole('button', { name: 'Create account' }).click();

    // Assess
    const name = page.getByLabel('Account name', { exact: true });
    await expect
      .poll(() => descriptionOf(name), POLL)
      .toContain('This account name is taken; choose another.');
    expect(await descriptionOf(password)).not.toContain('at least 15');
    expect(await page.getByLabel('I accept the privacy policy').isChecked()).toBe(true);
    await step(page, '51-name-taken');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a wrong code by the code field and keeps it there', async () => {
    // Prepare
    const { page, context, problems } = await openPage(browser);
    const email = uniqueEmail();
    await page.goto(`${signet().apiUrl}/`);
    await fillCreate(page, { accountName: uniqueName('code'), password: strongPassword(), email });
    await expect.poll(() => page.locator('h1').textContent(), POLL).toBe('Enter your code');
    let code = '';
    await waitFor(async () => (code = await latestEmailCode(email).catch(() => '')) !== '', 10_000);

    // Act
    const field = page.getByLabel('Code', { exact: true });
    await field.fill(wrongCode(code));
    await page.getByRole('button', { name: 'Confirm' }).click();

    // Assess
    await expect
      .poll(() => descriptionOf(field), POLL)
      .toContain('The code is wrong, expired or already used.');
    expect(await field.inputValue()).toBe(wrongCode(code));
    await step(page, '52-wrong-code', { heading: 'Enter your code' });

    // Act: a resend too soon is counted down
    await page.getByRole('button', { name: 'Send a new code' }).click();

    // Assess
    await expect
      .poll(() => page.locator('.resend button').textContent(), POLL)
      .toMatch(/Send a new code in \d+ s/);
    expect(await page.locator('.resend [role="status"]').textContent()).toMatch(/Try again in \d+ seconds/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('answers a wrong password and an unknown name with one message (an erased account: journeys.test.ts)', async () => {
    // Prepare
    const { page, context } = await openPage(browser);
    await page.goto(`${signet().apiUrl}/#/sign-in`);
    const messageFor = async (accountName: string): Promise<string> => {
      await page.getByLabel('Account name', { exact: true }).fill(accountName);
      await page.getByLabel('Password', { exact: true }).fill(strongPassword());
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect.poll(() => page.locator('#sign-in-status').textContent(), POLL).not.toBe('');
      const text = (await page.locator('#sign-in-status').textContent()) ?? '';
      await page.reload();
      return text;
    };

    const accountName = uniqueName('known');
    const email = uniqueEmail();
    expect(
      (await post('/v1/registrations', { accountName, password: strongPassword(), email, channel: 'email' }))
        .status,
    ).toBe(202);
    expect(
      (await post('/v1/registrations/confirm', { accountName, code: await latestEmailCode(email) })).status,
    ).toBe(200);

    // Act
    const unknown = await messageFor(uniqueName('nobody'));
    const wrongPassword = await messageFor(accountName);

    // Assess
    expect(unknown).toBe('The account name or password is wrong.');
    expect(wrongPassword).toBe(unknown);
    await step(page, '53-sign-in', { heading: 'Sign in' });
    await context.close();
  });

  it('creates an account with the keyboard alone, focus on each new step’s heading', async () => {
    // Prepare
    const { page, context, problems } = await openPage(browser);
    const email = uniqueEmail();
    await page.goto(`${signet().apiUrl}/`);
    await expect.poll(() => focused(page), POLL).toMatch(/^h1:Create account/);

    // Act
    await tabTo(page, /^Account name$/);
    await page.keyboard.type(uniqueName('keys'));
    await tabTo(page, /^Password$/);
    await page.keyboard.type(strongPassword());
    await tabTo(page, /^Email address$/);
    await page.keyboard.type(email);
    await tabTo(page, /^I accept the privacy policy/);
    await page.keyboard.press('Space');
    await tabTo(page, /^Create account$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page), POLL).toMatch(/^h1:Enter your code/);
    let code = '';
    await waitFor(async () => (code = await latestEmailCode(email).catch(() => '')) !== '', 10_000);
    await tabTo(page, /^Code$/);
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');

    // Assess
    await expect.poll(() => focused(page), POLL).toMatch(/^h1:My data/);
    await step(page, '54-keyboard-my-data', { heading: 'My data' });
    expect(problems).toEqual([]);
    await context.close();
  });
});
