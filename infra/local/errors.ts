// infra/local: errors of the local runtime (npm start, the test global setup, the benchmark). Their messages name
// the port, variable or file at fault and never carry a secret.

/** Base of every local-runtime error. */
class LocalRuntimeError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalRuntimeError';
  }
}

/** A port value that is not an integer in 0..65535 (0 = any free port). */
class InvalidPortError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidPortError';
  }
}

/** A port something else already listens on. */
class PortInUseError extends LocalRuntimeError {
  readonly port: number;

  constructor(port: number, label: string, options?: ErrorOptions) {
    super(`Port ${port} (${label}) is already in use`, options);
    this.name = 'PortInUseError';
    this.port = port;
  }
}

/** A part that did not start, or did not answer in time. */
class StartupError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** The local secrets file is unsafe or malformed. */
class LocalSecretsError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalSecretsError';
  }
}

/** The SIGNET_SETTINGS_FILE is missing, not JSON, or holds an unknown or invalid setting. */
class LocalSettingsError extends LocalRuntimeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalSettingsError';
  }
}

export {
  LocalSettingsError, InvalidPortError, LocalRuntimeError, LocalSecretsError, PortInUseError, StartupError };
