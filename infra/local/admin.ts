// infra/local: `npm run admin -- …`, the operators' tools against the local runtime (see admin-cli.ts).
import { runAdminCli } from './admin-cli.js';

process.exitCode = await runAdminCli(process.argv.slice(2));
