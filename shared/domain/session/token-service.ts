// shared/domain/session: the TokenService port. Sign-in and password changes issue access tokens;
// authenticate() verifies them. Implemented by shared/adapters/crypto/jose-token-service.ts.
import type { AccountId } from '../types.js';

/** What POST /v1/sessions and POST /v1/me/password answer with. */
export interface AccessToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds until the token stops working. */
  readonly expiresIn: number;
}

/** What a valid token says: whose it is, and of which token generation of that account. */
export interface TokenClaims {
  readonly accountId: AccountId;
  readonly generation: number;
}

/** Issues and verifies short-lived signed access tokens. */
export interface TokenService {
  issue(accountId: AccountId, generation: number): Promise<AccessToken>;
  /** Throws UnauthorizedError for a malformed, expired, forged or foreign token. */
  verify(token: string): Promise<TokenClaims>;
}
