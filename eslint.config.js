// @ts-check
// eslint.config.js: lint for the whole repository, and the layering of the README's architecture as rules
// (a boundary crossed is a lint error, so `npm test` fails on it).
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * Which folder may not load which, by resolved file path: `../http/route.js`, `../../http/route.js` and
 * `#shared/http/route.js` are one file to the rule, whatever the import's spelling. `target` is the
 * importing code, `from` what it may not import.
 */
const domainStaysPure = {
  target: 'shared/domain',
  from: ['shared/http', 'shared/adapters', 'functions', 'infra'],
  message: 'The domain depends on its ports only: no HTTP layer, adapters, handlers or infra.',
};
const adaptersServeTheDomain = {
  target: 'shared/adapters',
  from: ['shared/http', 'functions'],
  message: 'Adapters implement domain ports: they do not know the HTTP layer or the handlers.',
};
const configAndMessagesStandAlone = {
  target: ['shared/config', 'shared/messages'],
  from: ['shared/adapters', 'shared/http'],
  message: 'Configuration and message catalogues are read by every layer and load none of the outer ones.',
};
const runtimeNeverLoadsInfra = {
  target: ['functions', 'shared'],
  from: 'infra',
  message: 'Runtime code (functions/, shared/) never loads infra/: infra builds on it, not the reverse.',
};
const clientStandsAlone = {
  target: 'shared/client',
  from: [
    'shared/adapters',
    'shared/domain',
    'shared/http',
    'shared/config',
    'shared/observability',
    'functions',
    'infra',
  ],
  message:
    'The app client (signet/client) runs in browsers and React Native: it loads only its own files and generated types.',
};
const pageSpeaksThroughTheClient = {
  target: 'shared/page/src',
  from: [
    'shared/adapters',
    'shared/domain',
    'shared/http',
    'shared/config',
    'shared/observability',
    'shared/messages',
    'functions',
    'infra',
  ],
  message: 'The page (a browser bundle) talks to the API through the typed client (shared/client) only.',
};
const LAYER_ZONES = [
  domainStaysPure,
  clientStandsAlone,
  pageSpeaksThroughTheClient,
  adaptersServeTheDomain,
  configAndMessagesStandAlone,
  runtimeNeverLoadsInfra,
];

/** Packages the domain may not import, even for types: AWS lives behind the ports, in shared/adapters. */
const AWS_PACKAGES = {
  patterns: [
    {
      group: [
        '@aws-sdk/*',
        '@aws-crypto/*',
        '@aws-lambda-powertools/*',
        'aws-lambda',
        'aws-cdk-lib',
        'aws-cdk-lib/*',
        'constructs',
      ],
      message:
        'The domain imports no AWS package (not even types): declare a port and implement it in shared/adapters.',
    },
  ],
};

/** What the app client may not use besides Node's modules (import-x/no-nodejs-modules): Node's globals, AWS. */
const CLIENT_NODE_GLOBALS = ['process', 'Buffer', 'require', '__dirname', '__filename'].map((name) => ({
  name,
  message: 'The app client runs outside Node too: use fetch, atob, TextEncoder or globalThis.crypto.',
}));
const CLIENT_PACKAGES = {
  patterns: [
    { ...AWS_PACKAGES.patterns[0], message: 'The app client speaks HTTP to the API: no AWS package.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.signet/', 'bench/results/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Command-line entry points print to the terminal on purpose.
    files: ['infra/local/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // The layers. TypeScript sources import `./x.js` for `./x.ts`: the resolver maps the one to the other.
    files: ['functions/**/*.ts', 'shared/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: LAYER_ZONES }],
    },
  },
  {
    files: ['shared/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', AWS_PACKAGES] },
  },
  {
    files: ['shared/client/**/*.ts'],
    plugins: { 'import-x': importX },
    rules: {
      'no-restricted-imports': ['error', CLIENT_PACKAGES],
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-globals': ['error', ...CLIENT_NODE_GLOBALS],
    },
  },
);
