// shared/adapters/wiring: the container's Powertools logger (shared/observability/logger.ts) behind the
// domain's Logger port. Callers pass ids, outcomes and error names, never values.
import type { Logger } from '../../domain/ports.js';
import { logger as powertoolsLogger } from '../../observability/logger.js';

const functionLogger: Logger = {
  info: (message, attributes) => powertoolsLogger.info(message, { ...attributes }),
  warn: (message, attributes) => powertoolsLogger.warn(message, { ...attributes }),
  error: (message, attributes) => powertoolsLogger.error(message, { ...attributes }),
};

export { functionLogger };
