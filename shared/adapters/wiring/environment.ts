// shared/adapters/wiring: what a container reads from its environment, once: the app settings, the key
// mode and the table name; and the system clock and randomness every use case takes.
import { ENV, readAppSettings, requireEnv } from '../../config/env.js';
import type { AppSettings } from '../../config/settings.js';
import type { Clock, Random } from '../../domain/ports.js';
import { nodeRandom } from '../crypto/node-random.js';
import { once } from './once.js';

const settings = /* @__PURE__ */ once((): AppSettings => readAppSettings());

const keyMode = /* @__PURE__ */ once((): 'kms' | 'local' => {
  const mode = requireEnv(ENV.keyMode);
  if (mode !== 'kms' && mode !== 'local') {
    throw new Error(`Environment variable ${ENV.keyMode} must be 'kms' or 'local'`);
  }
  return mode;
});

const tableName = /* @__PURE__ */ once(() => requireEnv(ENV.tableName));

const systemClock: Clock = { now: () => new Date() };

const random: Random = nodeRandom;

export { keyMode, random, settings, systemClock, tableName };
