// shared/page: building the page's DOM without a framework: h() for elements, and the labelled fields every
// form uses (hint and error tied with aria-describedby, the error announced through aria-live).

type Child = Node | string | null | undefined | false;
type Attributes = Readonly<Record<string, string | number | boolean | undefined | ((event: Event) => void)>>;

/** An element with attributes (`true` sets an empty one, `false`/`undefined` none; functions listen) and children. */
const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: readonly (Child | readonly Child[])[]
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
};

let lastId = 0;
/** A fresh element id with a readable prefix. */
const uid = (prefix: string): string => `${prefix}-${String((lastId += 1))}`;

/** One labelled control with its hint and its error. */
interface Field {
  /** The API's name of the field (`accountName`, `password`, `email`, `code`, …). */
  readonly name: string;
  readonly element: HTMLElement;
  readonly control: HTMLInputElement | HTMLSelectElement;
  setError(text: string | undefined): void;
}

interface InputOptions {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly type?: 'text' | 'email' | 'tel' | 'password';
  readonly hint?: string;
  readonly autocomplete?: string;
  readonly inputmode?: string;
  readonly required?: boolean;
  readonly maxlength?: number;
  /** Renders a Show/Hide button that switches a password to plain text and back. */
  readonly reveal?: { readonly show: string; readonly hide: string };
}

/** The hint and error paragraphs of a control, and the aria wiring between them. */
const describe = (
  control: HTMLInputElement | HTMLSelectElement | HTMLFieldSetElement,
  hint: string | undefined,
): { hintNode: HTMLElement | null; errorNode: HTMLElement; setError: (text: string | undefined) => void } => {
  const base = control.id || uid('field');
  const hintNode = hint === undefined ? null : h('p', { class: 'hint', id: `${base}-hint` }, hint);
  const errorNode = h('p', { class: 'error', id: `${base}-error`, 'aria-live': 'polite' });
  const setError = (text: string | undefined): void => {
    errorNode.textContent = text ?? '';
    const ids = [hintNode?.id, text === undefined ? undefined : errorNode.id].filter(
      (id) => id !== undefined,
    );
    if (ids.length > 0) control.setAttribute('aria-describedby', ids.join(' '));
    else control.removeAttribute('aria-describedby');
    if (text === undefined) control.removeAttribute('aria-invalid');
    else control.setAttribute('aria-invalid', 'true');
  };
  setError(undefined);
  return { hintNode, errorNode, setError };
};

/** A text, email, tel or password input with its label, hint and error. */
const inputField = (options: InputOptions): Field => {
  const id = uid(`f-${options.name}`);
  const input = h('input', {
    id,
    name: options.name,
    type: options.type ?? 'text',
    autocomplete: options.autocomplete,
    inputmode: options.inputmode,
    required: options.required ?? false,
    maxlength: options.maxlength,
    spellcheck:
      options.type === 'email' || options.type === 'password' || options.name === 'accountName'
        ? 'false'
        : undefined,
    autocapitalize: options.type === 'text' ? 'none' : undefined,
  });
  input.value = options.value;
  input.addEventListener('input', () => options.onInput(input.value));
  const { hintNode, errorNode, setError } = describe(input, options.hint);
  const row: Child[] = [input];
  if (options.reveal !== undefined) {
    const { show, hide } = options.reveal;
    const toggle = h(
      'button',
      { type: 'button', class: 'reveal', 'aria-controls': id, 'aria-pressed': 'false' },
      show,
    );
    toggle.addEventListener('click', () => {
      const shown = input.type === 'password';
      input.type = shown ? 'text' : 'password';
      toggle.setAttribute('aria-pressed', String(shown));
      toggle.textContent = shown ? hide : show;
    });
    row.push(toggle);
  }
  const element = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, options.label),
    hintNode,
    h('div', { class: 'control-row' }, row),
    errorNode,
  );
  return { name: options.name, element, control: input, setError };
};

interface ChoiceOptions {
  readonly name: string;
  readonly legend: string;
  readonly hint?: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
}

/** A group of radio buttons (one choice) in a fieldset. */
const radioGroup = (
  options: ChoiceOptions & { readonly value: string; readonly onChange: (value: string) => void },
): Field => {
  const fieldset = h('fieldset', { class: 'choices', id: uid(`f-${options.name}`) });
  const inputs = options.options.map((option) => {
    const id = uid(`f-${options.name}-${option.value}`);
    const input = h('input', { type: 'radio', id, name: options.name, value: option.value });
    input.checked = option.value === options.value;
    input.addEventListener('change', () => {
      if (input.checked) options.onChange(option.value);
    });
    return h('div', { class: 'choice' }, input, h('label', { for: id }, option.label));
  });
  const first = inputs[0]?.querySelector('input') as HTMLInputElement;
  const { hintNode, errorNode, setError } = describe(fieldset, options.hint);
  fieldset.append(h('legend', {}, options.legend), ...(hintNode ? [hintNode] : []), ...inputs, errorNode);
  return { name: options.name, element: fieldset, control: first, setError };
};

/** A group of checkboxes (any number of choices) in a fieldset. */
const checkboxGroup = (
  options: ChoiceOptions & {
    readonly values: readonly string[];
    readonly onChange: (values: string[]) => void;
  },
): Field => {
  const fieldset = h('fieldset', { class: 'choices', id: uid(`f-${options.name}`) });
  const chosen = new Set(options.values);
  const inputs = options.options.map((option) => {
    const id = uid(`f-${options.name}-${option.value}`);
    const input = h('input', { type: 'checkbox', id, name: options.name, value: option.value });
    input.checked = chosen.has(option.value);
    input.addEventListener('change', () => {
      if (input.checked) chosen.add(option.value);
      else chosen.delete(option.value);
      options.onChange(options.options.map((o) => o.value).filter((value) => chosen.has(value)));
    });
    return h('div', { class: 'choice' }, input, h('label', { for: id }, option.label));
  });
  const first = inputs[0]?.querySelector('input') as HTMLInputElement;
  const { hintNode, errorNode, setError } = describe(fieldset, options.hint);
  fieldset.append(h('legend', {}, options.legend), ...(hintNode ? [hintNode] : []), ...inputs, errorNode);
  return { name: options.name, element: fieldset, control: first, setError };
};

/** One checkbox with its label (the consent line) and an error. */
const checkboxField = (options: {
  readonly name: string;
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}): Field => {
  const id = uid(`f-${options.name}`);
  const input = h('input', { type: 'checkbox', id, name: options.name });
  input.checked = options.checked;
  input.addEventListener('change', () => options.onChange(input.checked));
  const { errorNode, setError } = describe(input, undefined);
  const element = h(
    'div',
    { class: 'field choice' },
    input,
    h('label', { for: id }, options.label),
    errorNode,
  );
  return { name: options.name, element, control: input, setError };
};

/** A select with its label and error. */
const selectField = (options: {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly options: readonly { readonly value: string; readonly label: string; readonly lang?: string }[];
  readonly onChange: (value: string) => void;
}): Field => {
  const id = uid(`f-${options.name}`);
  const select = h(
    'select',
    { id, name: options.name },
    options.options.map((option) => h('option', { value: option.value, lang: option.lang }, option.label)),
  );
  select.value = options.value;
  select.addEventListener('change', () => options.onChange(select.value));
  const { errorNode, setError } = describe(select, undefined);
  const element = h('div', { class: 'field' }, h('label', { for: id }, options.label), select, errorNode);
  return { name: options.name, element, control: select, setError };
};

/**
 * The contact that gets a code: which kind (a radio group named `radioName`), then an email and a phone field
 * of which only the chosen kind's is shown. `values` is the form's kept state, updated as the person types.
 */
const contactChooser = (options: {
  readonly radioName: string;
  readonly labels: {
    readonly legend: string;
    readonly byEmail: string;
    readonly bySms: string;
    readonly email: string;
    readonly phone: string;
    readonly phoneHint: string;
  };
  readonly values: { channel: 'email' | 'sms'; email: string; phone: string };
}): { readonly channel: Field; readonly email: Field; readonly phone: Field } => {
  const { labels, values } = options;
  const email = inputField({
    name: 'email',
    type: 'email',
    label: labels.email,
    value: values.email,
    autocomplete: 'email',
    onInput: (value) => (values.email = value),
  });
  const phone = inputField({
    name: 'phone',
    type: 'tel',
    label: labels.phone,
    hint: labels.phoneHint,
    value: values.phone,
    autocomplete: 'tel',
    onInput: (value) => (values.phone = value),
  });
  const show = (): void => {
    email.element.hidden = values.channel !== 'email';
    phone.element.hidden = values.channel !== 'sms';
  };
  const channel = radioGroup({
    name: options.radioName,
    legend: labels.legend,
    value: values.channel,
    options: [
      { value: 'email', label: labels.byEmail },
      { value: 'sms', label: labels.bySms },
    ],
    onChange: (value) => {
      values.channel = value === 'sms' ? 'sms' : 'email';
      show();
    },
  });
  show();
  return { channel, email, phone };
};

export { checkboxField, checkboxGroup, contactChooser, h, inputField, radioGroup, selectField, uid };
export type { Child, Field };
