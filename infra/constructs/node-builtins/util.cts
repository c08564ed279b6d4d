// infra/constructs/node-builtins: `node:util` as the functions' bundles get it (see route-function.ts).
export = globalThis.process.getBuiltinModule('node:util');
