// shared/page: the fields that several views ask for alike: a new password (its rules said in words, shown or
// hidden) and the optional preferences and interests from the fixed lists.
import { checkboxGroup, inputField, type Field } from './dom.js';
import type { Translate } from './forms.js';
import type { MessageKey } from './i18n.js';
import { INTERESTS, PREFERENCES } from './lists.js';

/** A new password under `name`, labelled `label`, with the rules as its hint and a show/hide button. */
const newPasswordField = (
  t: Translate,
  options: {
    readonly name: string;
    readonly label: string;
    readonly value: string;
    readonly onInput: (value: string) => void;
  },
): Field =>
  inputField({
    name: options.name,
    type: 'password',
    label: options.label,
    hint: t('create.passwordHint'),
    value: options.value,
    autocomplete: 'new-password',
    required: true,
    reveal: { show: t('showPassword'), hide: t('hidePassword') },
    onInput: options.onInput,
  });

/** The preferences (switches) and interests (ids) from the fixed lists; `values` is the form's kept state. */
const choiceFields = (
  t: Translate,
  values: { preferences: string[]; interests: string[] },
): { readonly preferences: Field; readonly interests: Field } => ({
  preferences: checkboxGroup({
    name: 'preferences',
    legend: t('create.preferences'),
    values: values.preferences,
    options: PREFERENCES.map((id) => ({ value: id, label: t(`pref.${id}` as MessageKey) })),
    onChange: (chosen) => (values.preferences = chosen),
  }),
  interests: checkboxGroup({
    name: 'interests',
    legend: t('create.interests'),
    values: values.interests,
    options: INTERESTS.map((id) => ({ value: id, label: t(`interest.${id}` as MessageKey) })),
    onChange: (chosen) => (values.interests = chosen),
  }),
});

export { choiceFields, newPasswordField };
