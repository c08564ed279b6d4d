// infra/constructs/node-builtins: `node:process` as the functions' bundles get it (see route-function.ts).
export = globalThis.process.getBuiltinModule('node:process');
