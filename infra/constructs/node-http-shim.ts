// infra/constructs: what the functions' bundles get for `node:http` (an esbuild alias in route-function.ts).
// An ESM import of `node:http` makes Node.js build the module's ESM facade, which reads every export, and
// `http.WebSocket`, `CloseEvent` and `MessageEvent` are lazy getters that load the whole of undici: about
// 40 ms of every cold start (a CPU profile of the confirm bundle; 5 ms through require). The AWS SDK
// imports `node:http` from ESM for its instance-metadata credentials, which Lambda never calls, and for
// plain-HTTP endpoints (the local stand-ins). Both take the module's default export, which this is.
import { createRequire } from 'node:module';
import type * as Http from 'node:http';

const http = createRequire(import.meta.url)('node:http') as typeof Http;

export default http;
