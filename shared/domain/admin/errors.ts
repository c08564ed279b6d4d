// shared/domain/admin: the errors an operator can see, from the CLI (stderr, non-zero exit) or from the
// admin Lambda ({error, message} result). Each carries a stable code; no message holds an account name,
// a contact or any other value the operator typed.
import type { ErrorDetail } from '../errors.js';

/** Base class of every refusal of an admin command. */
class AdminError extends Error {
  public readonly code: string;
  public readonly details?: readonly ErrorDetail[];

  public constructor(code: string, message: string, details?: readonly ErrorDetail[], options?: ErrorOptions) {
    super(message, options);
    this.name = 'AdminError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }

  /** `{error, message, details?}`, as the admin Lambda answers and the CLI prints. */
  public toJSON(): { error: string; message: string; details?: readonly ErrorDetail[] } {
    return this.details === undefined
      ? { error: this.code, message: this.message }
      : { error: this.code, message: this.message, details: this.details };
  }
}

/** The command is malformed: unknown command, missing or invalid field, unknown key. */
class InvalidAdminCommandError extends AdminError {
  public constructor(details: readonly ErrorDetail[]) {
    super('invalid_command', 'The command is invalid; see details.', details);
    this.name = 'InvalidAdminCommandError';
  }
}

/** No live account has this name (never registered, lapsed before confirmation, or erased). */
class UnknownAccountError extends AdminError {
  public constructor() {
    super('unknown_account', 'No account has this name (it may never have existed, have lapsed, or have been erased).');
    this.name = 'UnknownAccountError';
  }
}

/** Holds and disclosures apply to confirmed accounts only. */
class AccountNotActiveError extends AdminError {
  public constructor() {
    super('account_not_active', 'The account is not active (its registration is not confirmed, or it was erased).');
    this.name = 'AccountNotActiveError';
  }
}

class HoldAlreadyActiveError extends AdminError {
  public constructor() {
    super('hold_active', 'The account is already under a legal hold; lift it before placing another.');
    this.name = 'HoldAlreadyActiveError';
  }
}

class NoActiveHoldError extends AdminError {
  public constructor() {
    super('no_active_hold', 'The account is not under a legal hold.');
    this.name = 'NoActiveHoldError';
  }
}

/** Lifting names the hold it lifts: a reference other than the active hold's is refused. */
class HoldReferenceMismatchError extends AdminError {
  public constructor() {
    super('reference_mismatch', "The reference does not match the active hold's reference; nothing was lifted.");
    this.name = 'HoldReferenceMismatchError';
  }
}

export {
  AccountNotActiveError,
  AdminError,
  HoldAlreadyActiveError,
  HoldReferenceMismatchError,
  InvalidAdminCommandError,
  NoActiveHoldError,
  UnknownAccountError,
};
