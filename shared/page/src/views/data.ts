// shared/page/views: "My data": the export of GET /v1/me laid out for the person it is about (each field with
// its purpose and how long it is kept, as the API gives them; consents; a legal hold; disclosures; sessions),
// its download as JSON, and the owner's changes: preferences, interests and language, password, contact (with
// the new contact's code), sign out here or everywhere, and erasure (the password asked again, what remains
// said plainly, a legal hold explained).
import { isApiError } from '../api.js';
import { heading, type App, type View } from '../app.js';
import { contactChooser, h, inputField, selectField, type Child } from '../dom.js';
import { choiceFields, newPasswordField } from '../fields.js';
import { apiForm, failureOf } from '../forms.js';
import type { MessageKey } from '../i18n.js';
import { PREFERENCES } from '../lists.js';
import { normalizeCode } from './code.js';
import { loadPolicy } from './privacy.js';

type AccountExport = Awaited<ReturnType<App['api']['me']>>;
type Item = AccountExport['items'][number];

/** A time in the page's language; a text that is not a time (a rule in words) as it is. */
const when = (app: App, value: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(app.state.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
};

const fieldLabel = (app: App, field: Item['field']): string => app.t(`field.${field}` as MessageKey);

const valueText = (app: App, item: Item): string => {
  const { t } = app;
  const value = item.value;
  if (typeof value === 'string') return value;
  if (Array.isArray(value))
    return value.length === 0
      ? t('data.empty')
      : value.map((id) => t(`interest.${id}` as MessageKey)).join(', ');
  const chosen = PREFERENCES.map(
    (id) => `${t(`pref.${id}` as MessageKey)}: ${value[id] === true ? t('data.yes') : t('data.no')}`,
  );
  return chosen.join('; ');
};

const section = (title: string, ...children: Child[]) =>
  h('section', { class: 'card' }, h('h2', {}, title), ...children);

const pair = (term: string, description: string): Child[] => [h('dt', {}, term), h('dd', {}, description)];

/** The export, read-only: what is kept, why and until when, and the records around it. */
const exportNodes = (app: App, data: AccountExport): Child[] => {
  const { t } = app;
  const items = h(
    'ul',
    { class: 'items' },
    data.items.map((item) =>
      h(
        'li',
        { class: 'item' },
        h('h3', {}, fieldLabel(app, item.field)),
        h(
          'dl',
          {},
          pair(t('data.value'), valueText(app, item)),
          pair(t('data.purpose'), item.purpose),
          pair(t('data.keptUntil'), when(app, item.keptUntil)),
          pair(t('data.collectedAt'), when(app, item.collectedAt)),
        ),
      ),
    ),
  );
  const list = (entries: readonly string[], none: MessageKey) =>
    entries.length === 0
      ? h('p', {}, t(none))
      : h(
          'ul',
          {},
          entries.map((entry) => h('li', {}, entry)),
        );
  return [
    section(t('data.fields'), items),
    section(
      t('data.account'),
      h(
        'dl',
        {},
        pair(t('data.status'), t(`data.status.${data.account.status}` as MessageKey)),
        pair(t('data.createdAt'), when(app, data.account.createdAt)),
        pair(t('data.language'), t(`locale.${data.account.locale}` as MessageKey)),
      ),
    ),
    section(
      t('data.consents'),
      list(
        data.consent.map((c) =>
          t('data.consentItem', { version: c.policyVersion, at: when(app, c.acceptedAt) }),
        ),
        'data.noneConsent',
      ),
    ),
    section(
      t('data.hold'),
      h(
        'p',
        {},
        data.legalHold?.active === true
          ? t('data.holdActive', { since: when(app, data.legalHold.since) })
          : t('data.noHold'),
      ),
    ),
    section(
      t('data.disclosures'),
      list(
        data.disclosures.map((d) =>
          t('data.disclosure', {
            date: when(app, d.date),
            authority: d.authority,
            legalBasis: d.legalBasis,
            documentReference: d.documentReference,
            items: d.items.join(', '),
          }),
        ),
        'data.noDisclosures',
      ),
    ),
    section(
      t('data.sessions'),
      list(
        data.sessions.map((s) =>
          t('data.session', {
            clientId: s.clientId,
            createdAt: when(app, s.createdAt),
            lastUsedAt: when(app, s.lastUsedAt),
          }),
        ),
        'data.noSessions',
      ),
    ),
  ];
};

const preferencesOf = (data: AccountExport): string[] => {
  const item = data.items.find((entry) => entry.field === 'preferences');
  const value = item?.value;
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return [];
  return PREFERENCES.filter((id) => value[id] === true);
};

const interestsOf = (data: AccountExport): string[] => {
  const value = data.items.find((entry) => entry.field === 'interests')?.value;
  return Array.isArray(value) ? [...value] : [];
};

/** Preferences, interests and the language of Signet's messages. */
const editForm = (app: App, data: AccountExport, refresh: () => Promise<void>) => {
  const { t } = app;
  const values = app.form('profile', () => ({
    preferences: preferencesOf(data),
    interests: interestsOf(data),
    locale: data.account.locale as string,
  }));
  const { preferences, interests } = choiceFields(t, values);
  const locale = selectField({
    name: 'locale',
    label: t('data.locale'),
    value: values.locale,
    options: [
      { value: 'en', label: t('locale.en'), lang: 'en' },
      { value: 'zh-CN', label: t('locale.zh-CN'), lang: 'zh-CN' },
    ],
    onChange: (value) => (values.locale = value),
  });
  const form = apiForm({
    id: 'profile',
    t,
    fields: [preferences, interests, locale],
    submitLabel: t('data.save'),
    busyLabel: t('busy'),
    onSessionEnded: () => endSession(app, 'err.unauthorized'),
    onSubmit: async () => {
      await app.api.updateMe({
        preferences: Object.fromEntries(PREFERENCES.map((id) => [id, values.preferences.includes(id)])),
        interests: values.interests as never,
        locale: values.locale as 'en' | 'zh-CN',
      });
      app.forget('profile');
      await refresh();
      form.say(t('data.saved'), 'ok');
    },
  });
  return section(t('data.edit'), form.element);
};

const passwordForm = (app: App, refresh: () => Promise<void>) => {
  const { t } = app;
  const values = app.form('password', () => ({ currentPassword: '', newPassword: '' }));
  const current = inputField({
    name: 'currentPassword',
    type: 'password',
    label: t('data.currentPassword'),
    value: values.currentPassword,
    autocomplete: 'current-password',
    required: true,
    onInput: (value) => (values.currentPassword = value),
  });
  const next = newPasswordField(t, {
    name: 'newPassword',
    label: t('data.newPassword'),
    value: values.newPassword,
    onInput: (value) => (values.newPassword = value),
  });
  const form = apiForm({
    id: 'password',
    t,
    fields: [current, next],
    context: { credentialsField: 'currentPassword' },
    submitLabel: t('data.passwordSubmit'),
    busyLabel: t('busy'),
    onSessionEnded: () => endSession(app, 'err.unauthorized'),
    onSubmit: async () => {
      await app.api.changePassword({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      app.forget('password');
      (current.control as HTMLInputElement).value = '';
      (next.control as HTMLInputElement).value = '';
      await refresh();
      form.say(t('data.passwordChanged'), 'ok');
    },
  });
  return section(t('data.password'), form.element);
};

const contactForms = (app: App, refresh: () => Promise<void>) => {
  const { t } = app;
  const values = app.form('contact', () => ({
    channel: 'email' as 'email' | 'sms',
    email: '',
    phone: '',
    currentPassword: '',
    destination: '',
    code: '',
  }));
  const holder = h('div', {});
  const requestForm = () => {
    const { channel, email, phone } = contactChooser({
      radioName: 'contactChannel',
      labels: {
        legend: t('create.contact'),
        byEmail: t('create.byEmail'),
        bySms: t('create.bySms'),
        email: t('data.newEmail'),
        phone: t('data.newPhone'),
        phoneHint: t('create.phoneHint'),
      },
      values,
    });
    const password = inputField({
      name: 'currentPassword',
      type: 'password',
      label: t('data.currentPassword'),
      value: values.currentPassword,
      autocomplete: 'current-password',
      required: true,
      onInput: (value) => (values.currentPassword = value),
    });
    return apiForm({
      id: 'contact',
      t,
      fields: [channel, email, phone, password],
      context: { credentialsField: 'currentPassword' },
      submitLabel: t('data.contactSubmit'),
      busyLabel: t('busy'),
      onSessionEnded: () => endSession(app, 'err.unauthorized'),
      onSubmit: async () => {
        const contact = values.channel === 'sms' ? { phone: values.phone } : { email: values.email };
        const answer = await app.api.changeContact({ ...contact, currentPassword: values.currentPassword });
        values.currentPassword = '';
        values.destination = answer.destination;
        holder.replaceChildren(confirmForm().element);
        holder.querySelector<HTMLInputElement>('input')?.focus();
      },
    });
  };
  const confirmForm = () => {
    const code = inputField({
      name: 'code',
      label: t('data.contactCode', { destination: values.destination }),
      hint: t('code.hint'),
      value: values.code,
      autocomplete: 'one-time-code',
      inputmode: 'numeric',
      required: true,
      maxlength: 32,
      onInput: (value) => (values.code = value),
    });
    const form = apiForm({
      id: 'contact-confirm',
      t,
      fields: [code],
      submitLabel: t('data.contactConfirm'),
      busyLabel: t('busy'),
      onSessionEnded: () => endSession(app, 'err.unauthorized'),
      onSubmit: async () => {
        await app.api.confirmContact({ code: normalizeCode(values.code) });
        app.forget('contact');
        const again = requestForm();
        holder.replaceChildren(again.element);
        again.say(t('data.contactChanged'), 'ok');
        await refresh();
      },
    });
    return form;
  };
  holder.append((values.destination === '' ? requestForm() : confirmForm()).element);
  return section(t('data.contact'), h('p', { class: 'hint' }, t('data.contactIntro')), holder);
};

const eraseForm = (app: App) => {
  const { t } = app;
  const values = app.form('erase', () => ({ currentPassword: '' }));
  const password = inputField({
    name: 'currentPassword',
    type: 'password',
    label: t('data.erasePassword'),
    value: values.currentPassword,
    autocomplete: 'current-password',
    required: true,
    onInput: (value) => (values.currentPassword = value),
  });
  const form = apiForm({
    id: 'erase',
    t,
    className: 'danger',
    fields: [password],
    context: { credentialsField: 'currentPassword', explain: { legal_hold: t('data.eraseHeld') } },
    submitLabel: t('data.eraseSubmit'),
    busyLabel: t('busy'),
    onSessionEnded: () => endSession(app, 'err.unauthorized'),
    onSubmit: async () => {
      await app.api.eraseAccount({ currentPassword: values.currentPassword });
      app.forget('erase');
      endSession(app, 'signIn.erased');
    },
  });
  return section(
    t('data.erase'),
    h('p', {}, t('data.eraseIntro')),
    h('p', {}, t('data.eraseRemains')),
    form.element,
  );
};

/** Forgets every form of the data page and goes to Sign in with `notice`. */
const endSession = (app: App, notice: MessageKey): void => {
  for (const id of ['profile', 'password', 'contact', 'erase']) app.forget(id);
  app.state.notice = notice;
  app.go('sign-in');
};

let downloadUrl: string | undefined;

const downloadLink = (app: App, data: AccountExport): HTMLAnchorElement => {
  if (downloadUrl !== undefined) URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  return h(
    'a',
    { href: downloadUrl, download: 'signet-my-data.json', class: 'button secondary' },
    app.t('data.download'),
  );
};

/** The consent the policy in force asks for, when the latest one is to another version. */
const consentBanner = (app: App, data: AccountExport, refresh: () => Promise<void>): Child => {
  const version = app.state.policy?.version;
  if (version === undefined || data.consent.at(-1)?.policyVersion === version) return null;
  const form = apiForm({
    id: 'consent',
    t: app.t,
    fields: [],
    extra: [h('p', {}, app.t('data.consentRequired', { version }))],
    submitLabel: app.t('data.consentAccept', { version }),
    busyLabel: app.t('busy'),
    onSessionEnded: () => endSession(app, 'err.unauthorized'),
    onSubmit: async () => {
      await app.api.recordConsent({ policyVersion: version });
      await refresh();
    },
  });
  return h('section', { class: 'card notice' }, form.element);
};

const dataView: View = async (app) => {
  const { t, state } = app;
  if (!(await app.api.hasSession())) {
    state.notice = 'err.unauthorized';
    queueMicrotask(() => app.go('sign-in'));
    return [heading(t('data.title'))];
  }
  let data: AccountExport;
  try {
    [data] = await Promise.all([app.api.me(), loadPolicy(app)]);
  } catch (error) {
    if (isApiError(error) && (error.error === 'unauthorized' || error.error === 'invalid_grant')) {
      queueMicrotask(() => endSession(app, 'err.unauthorized'));
      return [heading(t('data.title'))];
    }
    return [
      heading(t('data.title')),
      h('p', { class: 'form-status error', role: 'alert' }, failureOf(error, t).form),
    ];
  }
  const exportRegion = h('div', { class: 'export' }, exportNodes(app, data));
  const download = h('span', {}, downloadLink(app, data));
  const consent = h('div', {});
  const refresh = async (): Promise<void> => {
    data = await app.api.me();
    exportRegion.replaceChildren(...exportNodes(app, data).filter((node): node is Node | string => !!node));
    download.replaceChildren(downloadLink(app, data));
    consent.replaceChildren(
      ...[consentBanner(app, data, refresh)].filter((node): node is Node | string => !!node),
    );
  };
  const banner = consentBanner(app, data, refresh);
  if (banner) consent.append(banner);
  const signOut = h('button', { type: 'button', class: 'secondary' }, t('data.signOut'));
  const signOutEverywhere = h('button', { type: 'button', class: 'secondary' }, t('data.signOutEverywhere'));
  const actionStatus = h('p', { class: 'form-status', role: 'alert' });
  const act = (button: HTMLButtonElement, run: () => Promise<unknown>) =>
    button.addEventListener('click', () => {
      actionStatus.textContent = '';
      run()
        .then(() => endSession(app, 'signIn.signedOut'))
        .catch((error: unknown) => (actionStatus.textContent = failureOf(error, t).form ?? ''));
    });
  act(signOut, () => app.api.signOut());
  act(signOutEverywhere, () => app.api.revokeAllSessions());
  return [
    heading(t('data.title')),
    h('p', { class: 'lead' }, t('data.intro'), ' ', t('data.signedInAs', { name: data.account.accountName })),
    h('div', { class: 'toolbar' }, download, signOut, signOutEverywhere),
    actionStatus,
    consent,
    exportRegion,
    editForm(app, data, refresh),
    passwordForm(app, refresh),
    contactForms(app, refresh),
    eraseForm(app),
  ];
};

export { dataView };
