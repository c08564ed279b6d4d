// shared/observability: the one Powertools Logger of a container. Callers log ids, outcomes and error
// names; never a request body, an address, a number, a code, a password, a token or a key.
import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logger (service name from POWERTOOLS_SERVICE_NAME, default `signet`). */
const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'signet' });

/**
 * What may be logged about an error: its class name and, for AWS SDK errors, the HTTP status.
 * Error messages are left out on purpose: provider messages can echo a phone number or an address.
 */
const describeError = (error: unknown): { errorName: string; httpStatus?: number } => {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === undefined ? { errorName: error.name } : { errorName: error.name, httpStatus: status };
};

export { describeError, logger };
