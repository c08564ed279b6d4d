// infra/constructs/node-builtins: `node:http` as the functions' bundles get it (see route-function.ts).
export = globalThis.process.getBuiltinModule('node:http');
