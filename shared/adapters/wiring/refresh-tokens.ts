// shared/adapters/wiring: the refresh token codec (HMAC and grace seal keys derived from the root secret).
import type { RefreshTokenCodec } from '../../domain/session/session-families.js';
import { createRefreshTokenCodec } from '../crypto/refresh-token-codec.js';
import { once } from './once.js';
import { keyMaterial } from './secrets.js';

const refreshTokenCodec = /* @__PURE__ */ once(async (): Promise<RefreshTokenCodec> => {
  const keys = await keyMaterial();
  return createRefreshTokenCodec({ hashKey: keys.refreshTokenKey, sealKey: keys.refreshSealKey });
});

export { refreshTokenCodec };
