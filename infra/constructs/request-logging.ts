// infra/constructs: the functions' logger variables for a stage's request-log sampling. No CDK import: the
// bench sets its runtime's logger the same way.
/**
 * The Powertools logger's level and sampling for a stage's `requestLogSampleRate`: at 1 every request
 * writes its INFO line; below it the level is WARN and Powertools' sampling puts that share of
 * invocations at DEBUG, so their INFO lines are written. Warnings, errors and the EMF metrics (written
 * apart from the logger) are complete either way, and API Gateway's access log holds every request.
 */
const requestLogging = (sampleRate: number): Record<string, string> =>
  sampleRate >= 1
    ? { POWERTOOLS_LOG_LEVEL: 'INFO' }
    : { POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_LOGGER_SAMPLE_RATE: String(sampleRate) };

export { requestLogging };
