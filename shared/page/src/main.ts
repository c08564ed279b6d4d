// shared/page: the page's entry point (bundled by shared/page/build.ts into app.js): the API through the typed
// client, the views by step, and the first render into #app.
import { createPageApi } from './api.js';
import { createApp, type View, type ViewName } from './app.js';
import { codeView } from './views/code.js';
import { createView } from './views/create.js';
import { dataView } from './views/data.js';
import { privacyView } from './views/privacy.js';
import { forgotView, resetView, signInView } from './views/sign-in.js';

const VIEWS: Readonly<Record<ViewName, View>> = {
  create: createView,
  code: codeView,
  'sign-in': signInView,
  forgot: forgotView,
  reset: resetView,
  data: dataView,
  privacy: privacyView,
};

const start = async (): Promise<void> => {
  const root = document.getElementById('app');
  if (root === null) return;
  const api = createPageApi();
  const app = createApp(api, VIEWS, root);
  // A kept session (a reload) opens the data page unless the address names another step.
  if (window.location.hash === '' && (await api.hasSession())) app.state.view = 'data';
  app.render();
};

void start();
