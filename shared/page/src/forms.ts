// shared/page: one form's life: submit → busy → the API's answer, or its error in the page's language next to
// the field it names (aria-describedby, aria-live) and focus on the first field at fault. Nothing typed is
// cleared on an error: the fields keep their values, and the view state keeps them across re-renders.
import { isApiError, type ApiError } from './api.js';
import { h, type Child, type Field } from './dom.js';
import type { MessageKey } from './i18n.js';

type Translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

/** An error made for the page: its text by field, and a text for the form as a whole. */
interface Failure {
  readonly fields: Readonly<Record<string, string>>;
  readonly form?: string;
}

/** How a form reads the errors it may get besides the common ones. */
interface FailureContext {
  /** The field a wrong `currentPassword` belongs to; absent on sign-in, where it is one message for the form. */
  readonly credentialsField?: string;
  /** A text for an error code this form explains itself (e.g. `legal_hold`). */
  readonly explain?: Readonly<Partial<Record<string, string>>>;
}

/** The page's name for a field the API names by a dotted path. */
const fieldOf = (path: string): string => path.split('.')[0] ?? path;

const weakPasswordText = (issue: string, t: Translate): string => {
  const min = /at least (\d+)/.exec(issue)?.[1];
  if (min !== undefined) return t('err.tooShort', { min });
  if (/at most/.test(issue)) return t('err.tooLong');
  if (/common/.test(issue)) return t('err.common');
  if (/account name/.test(issue)) return t('err.containsName');
  return t('err.weak');
};

const invalidFieldText = (field: string, issue: string, t: Translate): string => {
  if (issue === 'is required' || issue.startsWith('is required when')) return t('err.required');
  if (field === 'accountName') return t('err.accountName');
  if (field === 'email') return t('err.email');
  if (field === 'phone') return /country/.test(issue) ? t('err.phoneCountry') : t('err.phone');
  if (field === 'code') return t('err.code');
  return t('err.invalid');
};

const rateLimitedText = (error: ApiError, t: Translate): string => {
  if (/reset the password/.test(error.message)) return t('err.signInLocked');
  return error.retryAfter === undefined
    ? t('err.rateLimitedNow')
    : t('err.rateLimited', { seconds: error.retryAfter });
};

/** What a thrown value means for a form. */
const failureOf = (error: unknown, t: Translate, context: FailureContext = {}): Failure => {
  if (!isApiError(error)) return { fields: {}, form: t('err.network') };
  const explained = context.explain?.[error.error];
  if (explained !== undefined) return { fields: {}, form: explained };
  switch (error.error) {
    case 'invalid_request': {
      const fields: Record<string, string> = {};
      for (const detail of error.details) {
        const field = fieldOf(detail.field);
        fields[field] ??= invalidFieldText(field, detail.issue, t);
      }
      return Object.keys(fields).length > 0 ? { fields } : { fields: {}, form: t('err.invalid') };
    }
    case 'weak_password': {
      const detail = error.details[0];
      return {
        fields: { [detail?.field ?? 'password']: weakPasswordText(detail?.issue ?? error.message, t) },
      };
    }
    case 'account_name_taken':
      return { fields: { accountName: t('err.nameTaken') } };
    case 'invalid_code':
      return { fields: { code: t('err.code') } };
    case 'invalid_credentials':
      return context.credentialsField === undefined
        ? { fields: {}, form: t('err.credentials') }
        : { fields: { [context.credentialsField]: t('err.currentPassword') } };
    case 'rate_limited':
      return { fields: {}, form: rateLimitedText(error, t) };
    case 'sms_unavailable':
      return { fields: { phone: t('err.sms') }, form: t('err.sms') };
    case 'delivery_unavailable':
      return { fields: {}, form: t('err.delivery') };
    case 'unauthorized':
    case 'invalid_grant':
      return { fields: {}, form: t('err.unauthorized') };
    default:
      return { fields: {}, form: t('err.server') };
  }
};

interface FormOptions {
  readonly id: string;
  readonly fields: readonly Field[];
  readonly submitLabel: string;
  readonly busyLabel: string;
  readonly onSubmit: () => Promise<void>;
  readonly t: Translate;
  readonly context?: FailureContext;
  /** Children shown between the fields and the submit button. */
  readonly extra?: readonly Child[];
  /** The form's content in its order, when it is not the fields then `extra` (the fields must be in it). */
  readonly layout?: readonly Child[];
  /** Told when the API says the session is over (the page goes to Sign in). */
  readonly onSessionEnded?: () => void;
  /** A check before sending: field texts for fields at fault; an empty record sends. */
  readonly check?: () => Readonly<Record<string, string>>;
  readonly className?: string;
}

interface FormHandle {
  readonly element: HTMLFormElement;
  /** Shows a message for the form as a whole (an error or a confirmation). */
  say(text: string | undefined, kind?: 'error' | 'ok'): void;
}

/** A form that sends its fields through `onSubmit`, showing each failure beside its field. */
const apiForm = (options: FormOptions): FormHandle => {
  const status = h('div', { class: 'form-status', role: 'alert', id: `${options.id}-status` });
  const button = h('button', { type: 'submit', class: 'primary' }, options.submitLabel);
  const element = h(
    'form',
    { id: options.id, novalidate: true, class: options.className },
    status,
    options.layout ?? [...options.fields.map((field) => field.element), ...(options.extra ?? [])],
    h('div', { class: 'actions' }, button),
  );
  let busy = false;
  const say = (text: string | undefined, kind: 'error' | 'ok' = 'error'): void => {
    status.textContent = text ?? '';
    status.className = `form-status ${text === undefined ? '' : kind}`;
  };
  const show = (failure: Failure): void => {
    const fieldsAtFault = options.fields.filter((field) => failure.fields[field.name] !== undefined);
    for (const field of fieldsAtFault) field.setError(failure.fields[field.name]);
    const unplaced = Object.entries(failure.fields).filter(
      ([name]) => !options.fields.some((f) => f.name === name),
    );
    const formText =
      failure.form ?? (unplaced.length > 0 ? unplaced.map(([, text]) => text).join(' ') : undefined);
    if (formText !== undefined && fieldsAtFault.length === 0) say(formText);
    else if (fieldsAtFault.length > 0) say(options.t('err.formSummary'));
    fieldsAtFault[0]?.control.focus();
  };
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    for (const field of options.fields) field.setError(undefined);
    say(undefined);
    const found = options.check?.() ?? {};
    if (Object.keys(found).length > 0) {
      show({ fields: found });
      return;
    }
    busy = true;
    button.setAttribute('aria-disabled', 'true');
    button.textContent = options.busyLabel;
    options
      .onSubmit()
      .catch((error: unknown) => {
        show(failureOf(error, options.t, options.context));
        if (isApiError(error) && (error.error === 'unauthorized' || error.error === 'invalid_grant'))
          options.onSessionEnded?.();
      })
      .finally(() => {
        busy = false;
        button.removeAttribute('aria-disabled');
        button.textContent = options.submitLabel;
      });
  });
  return { element, say };
};

export { apiForm, failureOf };
export type { Failure, FailureContext, FormHandle, Translate };
