// shared/page/views: the privacy policy as a page, in the page's language, with the version in force and the
// day it took effect from GET /v1/privacy-policy.
import { heading, ROUTES, type App, type View } from '../app.js';
import { h } from '../dom.js';
import { POLICY_TEXT } from '../policy-text.js';

/** The policy in force, fetched once per page load; unknown when the API cannot be reached. */
const loadPolicy = async (app: App): Promise<void> => {
  if (app.state.policy !== undefined) return;
  try {
    app.state.policy = await app.api.privacyPolicy();
  } catch {
    // The page shows the text without its version; registration records the version in force anyway.
  }
};

const privacyView: View = async (app) => {
  const { t, state } = app;
  await loadPolicy(app);
  const text = POLICY_TEXT[state.locale];
  const policy = state.policy;
  const effective =
    policy === undefined
      ? null
      : h(
          'p',
          { class: 'lead' },
          t('privacy.version', {
            version: policy.version,
            effectiveAt: new Intl.DateTimeFormat(state.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
              new Date(policy.effectiveAt),
            ),
          }),
        );
  const block = (section: (typeof text.sections)[number]) =>
    h(
      'section',
      { class: 'policy' },
      h('h2', {}, section.heading),
      section.paragraphs.map((p) => h('p', {}, p)),
    );
  return [
    heading(t('privacy.title')),
    effective,
    h('p', {}, text.intro),
    text.sections.map(block),
    block(text.rights),
    h('p', { class: 'aside' }, h('a', { href: ROUTES.create }, t('privacy.back'))),
  ];
};

export { loadPolicy, privacyView };
