// shared/page: the page's state and its views' frame: the header (name, navigation, language switch), the
// main region each step renders into, focus on each new step's heading, and the hash route of each step.
import type { PageApi } from './api.js';
import { h, type Child } from './dom.js';
import type { Translate } from './forms.js';
import { localeFor, translate, type MessageKey, type PageLocale } from './i18n.js';

type ViewName = 'create' | 'code' | 'sign-in' | 'forgot' | 'reset' | 'data' | 'privacy';

/** The policy in force, from GET /v1/privacy-policy. */
interface Policy {
  readonly version: string;
  readonly effectiveAt: string;
}

/** A registration waiting for its code; the password stays here, in memory, until the sign-in after it. */
interface PendingRegistration {
  readonly accountName: string;
  readonly destination: string;
  password: string | undefined;
}

interface AppState {
  locale: PageLocale;
  view: ViewName;
  policy: Policy | undefined;
  pending: PendingRegistration | undefined;
  reset: { readonly accountName: string; readonly resetId: string } | undefined;
  /** A message the next view shows once (signed out, erased, …). */
  notice: MessageKey | undefined;
  /** What each form holds, by form id: kept across re-renders (a language switch) and errors. */
  readonly forms: Record<string, Record<string, unknown>>;
}

interface App {
  readonly api: PageApi;
  readonly state: AppState;
  readonly t: Translate;
  /** The values of one form, created on first use. */
  form<T extends Record<string, unknown>>(id: string, initial: () => T): T;
  /** Forgets a form's values (after it succeeded). */
  forget(id: string): void;
  go(view: ViewName): void;
  render(): void;
}

/** What a view renders into the main region. */
type ViewNodes = readonly (Child | readonly Child[])[];

type View = (app: App) => ViewNodes | Promise<ViewNodes>;

const ROUTES: Readonly<Record<ViewName, string>> = {
  create: '#/create',
  code: '#/code',
  'sign-in': '#/sign-in',
  forgot: '#/forgot',
  reset: '#/reset',
  data: '#/data',
  privacy: '#/privacy',
};

/** The view and language a hash names: `#/privacy/zh-CN` opens the policy in Chinese. */
const routeOf = (hash: string): { view: ViewName | undefined; locale: PageLocale | undefined } => {
  const [, path = '', lang] = /^#\/([a-z-]*)(?:\/([A-Za-z-]+))?$/.exec(hash) ?? [];
  const view = (Object.keys(ROUTES) as ViewName[]).find((name) => name === path);
  const locale = lang === 'zh-CN' || lang === 'en' ? lang : undefined;
  return { view, locale };
};

const createApp = (api: PageApi, views: Readonly<Record<ViewName, View>>, root: HTMLElement): App => {
  const initialRoute = routeOf(window.location.hash);
  const state: AppState = {
    locale: initialRoute.locale ?? localeFor(navigator.languages ?? [navigator.language]),
    view: initialRoute.view ?? 'create',
    policy: undefined,
    pending: undefined,
    reset: undefined,
    notice: undefined,
    forms: {},
  };
  let generation = 0;

  const app: App = {
    api,
    state,
    t: (key, values) => translate(state.locale, key, values),
    form: <T extends Record<string, unknown>>(id: string, initial: () => T): T =>
      (state.forms[id] ??= initial()) as T,
    forget: (id) => {
      delete state.forms[id];
    },
    go: (view) => {
      state.view = view;
      const route = ROUTES[view];
      if (window.location.hash !== route) history.pushState(null, '', route);
      app.render();
    },
    render: () => {
      void renderNow(true);
    },
  };

  const header = (): HTMLElement => {
    const { t } = app;
    const other: PageLocale = state.locale === 'en' ? 'zh-CN' : 'en';
    // The visible name is in the other language (its lang set); the hidden rest says what it does in this one.
    const switchButton = h(
      'button',
      { type: 'button', class: 'lang' },
      h('span', { lang: other }, t('lang.switch')),
      h('span', { class: 'visually-hidden' }, ` (${t('lang.switchLabel')})`),
    );
    switchButton.addEventListener('click', () => {
      state.locale = other;
      void renderNow(false).then(() => document.querySelector<HTMLButtonElement>('button.lang')?.focus());
    });
    const link = (view: ViewName, key: MessageKey) =>
      h('a', { href: ROUTES[view], 'aria-current': state.view === view ? 'page' : undefined }, t(key));
    return h(
      'header',
      { class: 'top' },
      h('a', { class: 'skip', href: '#main' }, t('skip')),
      h('p', { class: 'brand' }, t('app.name')),
      h(
        'nav',
        { 'aria-label': t('app.name') },
        link('create', 'nav.create'),
        link('sign-in', 'nav.signIn'),
        link('privacy', 'nav.privacy'),
      ),
      switchButton,
    );
  };

  /** Renders the current view; `moveFocus` puts focus on its heading (a new step), else it stays put. */
  const renderNow = async (moveFocus: boolean): Promise<void> => {
    const mine = (generation += 1);
    document.documentElement.lang = state.locale;
    const children = await views[state.view](app);
    if (mine !== generation) return;
    const main = h('main', { id: 'main', tabindex: '-1' }, ...children);
    root.replaceChildren(header(), main);
    document.title = `${main.querySelector('h1')?.textContent ?? ''} · ${app.t('app.name')}`;
    if (moveFocus) main.querySelector<HTMLElement>('h1')?.focus();
  };

  // The skip link targets the main region without changing the route.
  root.addEventListener('click', (event) => {
    const skip = (event.target as Element | null)?.closest('a.skip');
    if (skip !== null && skip !== undefined) {
      event.preventDefault();
      document.getElementById('main')?.focus();
    }
  });
  // Back, forward and a link to another step (`#/sign-in`, `#/privacy/zh-CN`) open that step.
  const followRoute = (): void => {
    const route = routeOf(window.location.hash);
    const locale = route.locale ?? state.locale;
    const view = route.view ?? state.view;
    if (view === state.view && locale === state.locale) return;
    state.view = view;
    state.locale = locale;
    app.render();
  };
  window.addEventListener('hashchange', followRoute);
  window.addEventListener('popstate', followRoute);
  return app;
};

/** A step's heading: focus lands on it when the step opens (tabindex -1: focusable, not in the tab order). */
const heading = (text: string): HTMLElement => h('h1', { tabindex: '-1' }, text);

export { createApp, heading, ROUTES, routeOf };
export type { App, AppState, PendingRegistration, Policy, View, ViewName };
