// shared/page/views: "Enter your code": one numeric field for the 6 digits (spaces and dashes pasted with them
// are fine), the masked destination the API answered, a resend button that counts down Retry-After, and then
// the sign-in with the password still held in memory from the form, straight to the data page.
import { heading, ROUTES, type App, type View } from '../app.js';
import { h, inputField } from '../dom.js';
import { apiForm, failureOf } from '../forms.js';
import { isApiError } from '../api.js';

const FORM = 'code';

/** The digits of a code as typed or pasted: spaces, dashes and dots dropped, full-width digits made plain. */
const normalizeCode = (raw: string): string => raw.normalize('NFKC').replace(/[\s\-.‐-―]/g, '');

/** A button that counts down from `seconds` before it can be pressed again. */
const countdown = (
  button: HTMLButtonElement,
  seconds: number,
  idle: string,
  waiting: (left: number) => string,
) => {
  let left = Math.max(1, Math.ceil(seconds));
  button.setAttribute('aria-disabled', 'true');
  button.textContent = waiting(left);
  const timer = window.setInterval(() => {
    left -= 1;
    if (left <= 0 || !button.isConnected) {
      window.clearInterval(timer);
      button.removeAttribute('aria-disabled');
      button.textContent = idle;
      return;
    }
    button.textContent = waiting(left);
  }, 1000);
};

const signInAfterConfirm = async (app: App): Promise<void> => {
  const pending = app.state.pending;
  const password = pending?.password;
  if (pending === undefined) return;
  pending.password = undefined;
  if (password === undefined) {
    app.state.notice = 'code.activeSignIn';
    app.go('sign-in');
    return;
  }
  app.state.pending = undefined;
  try {
    await app.api.signIn({ accountName: pending.accountName, password });
  } catch {
    // Active, but not signed in (a throttle, the network): the person signs in by hand.
    app.state.notice = 'code.activeSignIn';
    app.go('sign-in');
    return;
  }
  app.go('data');
};

const codeView: View = (app) => {
  const { t, state } = app;
  const pending = state.pending;
  if (pending === undefined) {
    return [heading(t('code.title')), h('p', {}, h('a', { href: ROUTES.create }, t('nav.create')))];
  }
  const values = app.form(FORM, () => ({ code: '' }));
  const code = inputField({
    name: 'code',
    label: t('code.label'),
    hint: t('code.hint'),
    value: values.code,
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    required: true,
    maxlength: 32,
    onInput: (value) => (values.code = value),
  });
  const resendStatus = h('p', { class: 'form-status', role: 'status' });
  const resend = h('button', { type: 'button', class: 'secondary' }, t('code.resend'));
  resend.addEventListener('click', () => {
    if (resend.getAttribute('aria-disabled') === 'true') return;
    resendStatus.textContent = '';
    resend.setAttribute('aria-disabled', 'true');
    app.api
      .resend({ accountName: pending.accountName })
      .then(() => {
        resend.removeAttribute('aria-disabled');
        resendStatus.textContent = t('code.resent');
      })
      .catch((error: unknown) => {
        resend.removeAttribute('aria-disabled');
        resendStatus.textContent = failureOf(error, t).form ?? '';
        if (isApiError(error) && error.retryAfter !== undefined)
          countdown(resend, error.retryAfter, t('code.resend'), (left) =>
            t('code.resendIn', { seconds: left }),
          );
      });
  });
  const form = apiForm({
    id: FORM,
    t,
    fields: [code],
    submitLabel: t('code.submit'),
    busyLabel: t('busy'),
    onSubmit: async () => {
      await app.api.confirm({ accountName: pending.accountName, code: normalizeCode(values.code) });
      app.forget(FORM);
      form.say(t('code.signingIn'), 'ok');
      await signInAfterConfirm(app);
    },
  });
  return [
    heading(t('code.title')),
    h('p', { class: 'lead' }, t('code.sentTo', { destination: pending.destination })),
    form.element,
    h('div', { class: 'resend' }, resend, resendStatus),
  ];
};

export { codeView, countdown, normalizeCode };
