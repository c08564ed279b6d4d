// functions/admin: the operators' tools in AWS. Invoked directly with IAM (lambda:InvokeFunction), never
// through the HTTP API: its event is an AdminCommand (shared/domain/admin/command.ts) →
// runAdminCommand → AdminResult, or {error, message, details?} when the command is refused.
// The event is never logged: it names an account and carries operator text.
import type { Context } from 'aws-lambda';
import { runAdminCommandDeps } from '../../shared/adapters/wiring/run-admin-command.js';
import type { AdminInvocation, AdminResult } from '../../shared/domain/admin/command.js';
import { AdminError } from '../../shared/domain/admin/errors.js';
import { runAdminCommand } from '../../shared/domain/admin/run-admin-command.js';
import { describeError, logger } from '../../shared/observability/logger.js';

// Once per container.
const run = runAdminCommand(await runAdminCommandDeps());

/** What the caller of Invoke reads back. */
export type AdminResponse = AdminResult | ReturnType<AdminError['toJSON']>;

/**
 * Who acted. Lambda does not hand a function its caller's IAM principal (context.identity is a Cognito
 * identity; clientContext is whatever the caller chose to send, so it proves nothing). The actor is
 * therefore 'lambda', and the audit entry carries the request id: CloudTrail's data event for the Invoke
 * call records the caller's principal ARN with it.
 */
const ACTOR = 'lambda';

export const handler = async (event: unknown, context?: Context): Promise<AdminResponse> => {
  const invocation: AdminInvocation = {
    actor: ACTOR,
    ...(context?.awsRequestId === undefined ? {} : { requestId: context.awsRequestId }),
  };
  try {
    const result = await run(event, invocation);
    logger.info('admin command done', { command: result.command });
    return result;
  } catch (error) {
    if (error instanceof AdminError) {
      logger.info('admin command refused', { errorCode: error.code });
      return error.toJSON();
    }
    logger.error('admin command failed', describeError(error));
    // A function error for the caller (and the Errors metric). Lambda answers errorType and errorMessage
    // only, so nothing of the cause reaches the caller.
    throw new Error('Internal error', { cause: error });
  }
};
