// shared/page/views: "Create account": name, password (shown or hidden, its rules in words before any is
// broken), the contact that gets the code, optional preferences and interests from the fixed lists, and the
// consent line naming the policy version in force. The registration's locale is the page's.
import { heading, ROUTES, type View } from '../app.js';
import { checkboxField, contactChooser, h, inputField } from '../dom.js';
import { choiceFields, newPasswordField } from '../fields.js';
import { apiForm } from '../forms.js';
import { loadPolicy } from './privacy.js';

interface CreateValues extends Record<string, unknown> {
  accountName: string;
  password: string;
  channel: 'email' | 'sms';
  email: string;
  phone: string;
  preferences: string[];
  interests: string[];
  consent: boolean;
}

const FORM = 'create';

const createView: View = async (app) => {
  const { t, state } = app;
  await loadPolicy(app);
  const values = app.form<CreateValues>(FORM, () => ({
    accountName: '',
    password: '',
    channel: 'email',
    email: '',
    phone: '',
    preferences: [],
    interests: [],
    consent: false,
  }));
  const name = inputField({
    name: 'accountName',
    label: t('create.name'),
    hint: t('create.nameHint'),
    value: values.accountName,
    autocomplete: 'username',
    required: true,
    maxlength: 128,
    onInput: (value) => (values.accountName = value),
  });
  const password = newPasswordField(t, {
    name: 'password',
    label: t('create.password'),
    value: values.password,
    onInput: (value) => (values.password = value),
  });
  const { channel, email, phone } = contactChooser({
    radioName: 'channel',
    labels: {
      legend: t('create.contact'),
      byEmail: t('create.byEmail'),
      bySms: t('create.bySms'),
      email: t('create.email'),
      phone: t('create.phone'),
      phoneHint: t('create.phoneHint'),
    },
    values,
  });
  const { preferences, interests } = choiceFields(t, values);
  const version = state.policy?.version ?? '—';
  const consent = checkboxField({
    name: 'consent',
    label: t('create.consent', { version }),
    checked: values.consent,
    onChange: (checked) => (values.consent = checked),
  });
  const policyLink = h(
    'p',
    { class: 'policy-link' },
    h(
      'a',
      { href: `${ROUTES.privacy}/${state.locale}`, target: '_blank', rel: 'noopener' },
      t('create.consentLink'),
    ),
  );
  const extras = h(
    'details',
    { class: 'extras', open: values.preferences.length + values.interests.length > 0 },
    h('summary', {}, `${t('create.extras')} ${t('optional')}`),
    h('p', { class: 'hint' }, t('create.extrasHint')),
    preferences.element,
    interests.element,
  );

  const form = apiForm({
    id: FORM,
    t,
    fields: [name, password, channel, email, phone, consent],
    layout: [
      name.element,
      password.element,
      channel.element,
      email.element,
      phone.element,
      extras,
      consent.element,
      policyLink,
    ],
    submitLabel: t('create.submit'),
    busyLabel: t('busy'),
    check: (): Record<string, string> => (values.consent ? {} : { consent: t('create.consentMissing') }),
    onSubmit: async () => {
      const contact = values.channel === 'email' ? { email: values.email } : { phone: values.phone };
      const chosen = Object.fromEntries(values.preferences.map((id) => [id, true]));
      const answer = await app.api.register({
        accountName: values.accountName,
        password: values.password,
        channel: values.channel,
        locale: state.locale,
        ...contact,
        ...(values.preferences.length > 0 && { preferences: chosen }),
        ...(values.interests.length > 0 && { interests: values.interests as never }),
      });
      state.pending = {
        accountName: answer.accountName,
        destination: answer.destination,
        password: values.password,
      };
      app.forget(FORM);
      app.go('code');
    },
  });
  return [
    heading(t('create.title')),
    h('p', { class: 'lead' }, t('create.intro')),
    form.element,
    h(
      'p',
      { class: 'aside' },
      `${t('create.haveAccount')} `,
      h('a', { href: ROUTES['sign-in'] }, t('nav.signIn')),
    ),
  ];
};

export { createView };
