// infra/constructs/node-builtins: `node:fs` as the functions' bundles get it (see route-function.ts).
export = globalThis.process.getBuiltinModule('node:fs');
