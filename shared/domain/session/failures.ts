// shared/domain/session: what may be logged about a failure in a session use case: its class name only.
// Provider messages can echo an address or a number, so they are never logged.

export const describeFailure = (error: unknown): { errorName: string } => ({
  errorName: error instanceof Error ? error.name : typeof error,
});
