// shared/domain/password: the password rules as the use cases that take a new password see them
// (registration, reset, change). Implemented by shared/domain/password/password-policy.ts.

export interface PasswordPolicy {
  /**
   * Returns the NFKC form of an acceptable password, the form that is hashed.
   *
   * @throws WeakPasswordError naming the first rule the password breaks.
   */
  check(password: string, accountName: string): string;
}
