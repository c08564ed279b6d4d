// shared/adapters/secrets: the error the secrets sources throw. Its message names where the secret
// lives (a file path, a secret ARN), never what it holds.

/** A secrets source could not be read, is exposed, or holds something other than the expected format. */
class SecretsSourceError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SecretsSourceError';
  }
}

export { SecretsSourceError };
