// shared/adapters/crypto: the errors the crypto adapters throw. None is client-visible (the HTTP layer
// answers a bare 500 for them), and no message ever holds a key, a plaintext, a code or a ciphertext.

/** Base class of the crypto adapters' errors. */
class CryptoError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CryptoError';
  }
}

/** A key, a master key or a root secret has the wrong size. The message names the input, never its value. */
class InvalidKeyMaterialError extends CryptoError {
  public constructor(message: string) {
    super(message);
    this.name = 'InvalidKeyMaterialError';
  }
}

/**
 * A sealed field could not be opened: malformed, tampered with, or opened with another key,
 * account id or field name. Deliberately says nothing about which.
 */
class DecryptionFailedError extends CryptoError {
  public constructor(options?: ErrorOptions) {
    super('The sealed value could not be decrypted', options);
    this.name = 'DecryptionFailedError';
  }
}

/** A new per-account data key could not be made (KMS unreachable or refused, keyring failure). */
class KeyGenerationFailedError extends CryptoError {
  public constructor(options?: ErrorOptions) {
    super('A data key could not be generated', options);
    this.name = 'KeyGenerationFailedError';
  }
}

/**
 * A wrapped data key could not be unwrapped: malformed, tampered with, bound to another account,
 * wrapped under another master key, or KMS refused or failed.
 */
class KeyUnwrapFailedError extends CryptoError {
  public constructor(options?: ErrorOptions) {
    super('The wrapped data key could not be unwrapped', options);
    this.name = 'KeyUnwrapFailedError';
  }
}

/** A token could not be signed: KMS refused or failed, or answered a signature that is not ECDSA P-256 DER. */
class SigningFailedError extends CryptoError {
  public constructor(options?: ErrorOptions) {
    super('The token could not be signed', options);
    this.name = 'SigningFailedError';
  }
}

export {
  CryptoError,
  DecryptionFailedError,
  InvalidKeyMaterialError,
  KeyGenerationFailedError,
  KeyUnwrapFailedError,
  SigningFailedError,
};
