// shared/page/views: "Sign in", and "Forgot password" in its two steps (the name → the code and a new password,
// carrying the resetId the API answered). A failed sign-in shows one message, whatever the cause.
import { heading, ROUTES, type View } from '../app.js';
import { h, inputField } from '../dom.js';
import { newPasswordField } from '../fields.js';
import { apiForm } from '../forms.js';
import { normalizeCode } from './code.js';

const notice = (text: string | undefined) =>
  text === undefined ? null : h('p', { class: 'notice', role: 'status' }, text);

const signInView: View = (app) => {
  const { t, state } = app;
  const shown = state.notice === undefined ? undefined : t(state.notice);
  state.notice = undefined;
  const values = app.form('sign-in', () => ({ accountName: '', password: '' }));
  const name = inputField({
    name: 'accountName',
    label: t('signIn.name'),
    value: values.accountName,
    autocomplete: 'username',
    required: true,
    maxlength: 128,
    onInput: (value) => (values.accountName = value),
  });
  const password = inputField({
    name: 'password',
    type: 'password',
    label: t('signIn.password'),
    value: values.password,
    autocomplete: 'current-password',
    required: true,
    reveal: { show: t('showPassword'), hide: t('hidePassword') },
    onInput: (value) => (values.password = value),
  });
  const form = apiForm({
    id: 'sign-in',
    t,
    fields: [name, password],
    submitLabel: t('signIn.submit'),
    busyLabel: t('busy'),
    onSubmit: async () => {
      await app.api.signIn({ accountName: values.accountName, password: values.password });
      app.forget('sign-in');
      app.go('data');
    },
  });
  return [
    heading(t('signIn.title')),
    notice(shown),
    form.element,
    h('p', { class: 'aside' }, h('a', { href: ROUTES.forgot }, t('signIn.forgot'))),
    h('p', { class: 'aside' }, `${t('signIn.noAccount')} `, h('a', { href: ROUTES.create }, t('nav.create'))),
  ];
};

const forgotView: View = (app) => {
  const { t, state } = app;
  const values = app.form('forgot', () => ({ accountName: '' }));
  const name = inputField({
    name: 'accountName',
    label: t('forgot.name'),
    value: values.accountName,
    autocomplete: 'username',
    required: true,
    maxlength: 128,
    onInput: (value) => (values.accountName = value),
  });
  const form = apiForm({
    id: 'forgot',
    t,
    fields: [name],
    submitLabel: t('forgot.submit'),
    busyLabel: t('busy'),
    onSubmit: async () => {
      const answer = await app.api.requestPasswordReset({ accountName: values.accountName });
      state.reset = { accountName: values.accountName, resetId: answer.resetId };
      app.forget('forgot');
      app.go('reset');
    },
  });
  return [heading(t('forgot.title')), h('p', { class: 'lead' }, t('forgot.intro')), form.element];
};

const resetView: View = (app) => {
  const { t, state } = app;
  const reset = state.reset;
  if (reset === undefined)
    return [heading(t('forgotCode.title')), h('p', {}, h('a', { href: ROUTES.forgot }, t('forgot.title')))];
  const values = app.form('reset', () => ({ code: '', newPassword: '' }));
  const code = inputField({
    name: 'code',
    label: t('forgotCode.code'),
    hint: t('code.hint'),
    value: values.code,
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    required: true,
    maxlength: 32,
    onInput: (value) => (values.code = value),
  });
  const password = newPasswordField(t, {
    name: 'newPassword',
    label: t('forgotCode.password'),
    value: values.newPassword,
    onInput: (value) => (values.newPassword = value),
  });
  const form = apiForm({
    id: 'reset',
    t,
    fields: [code, password],
    submitLabel: t('forgotCode.submit'),
    busyLabel: t('busy'),
    onSubmit: async () => {
      await app.api.confirmPasswordReset({
        accountName: reset.accountName,
        resetId: reset.resetId,
        code: normalizeCode(values.code),
        newPassword: values.newPassword,
      });
      app.forget('reset');
      state.reset = undefined;
      state.notice = 'signIn.reset';
      app.go('sign-in');
    },
  });
  return [heading(t('forgotCode.title')), h('p', { class: 'lead' }, t('forgotCode.intro')), form.element];
};

export { forgotView, resetView, signInView };
