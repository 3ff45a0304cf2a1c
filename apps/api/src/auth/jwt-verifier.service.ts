import { CLASSIFICATIONS } from '@intelgraph/domain';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import { z } from 'zod';
import type { JwtSettings } from '../config/api.settings.js';
import type { ApiActor } from './actor.types.js';

const claimsSchema = z.object({
  sub: z.string().min(1),
  tid: z.string().min(1),
  roles: z.array(z.string()).default([]),
  clr: z.enum(CLASSIFICATIONS).default('internal'),
  mfa: z.boolean().default(false),
  approvals: z.array(z.string()).optional(),
});

/** Why a token was refused (never shown in detail to the caller beyond this). */
export class UnauthenticatedError extends Error {}

/**
 * Verifies bearer tokens with `jose`: HS256 with the configured secret (algorithm pinned), or
 * RS256/ES256 against a JWKS. `exp` is required; `nbf`, issuer and audience are checked when set.
 */
export class JwtVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly options: JWTVerifyOptions;

  constructor(settings: JwtSettings) {
    const base: JWTVerifyOptions = { requiredClaims: ['exp', 'sub'], clockTolerance: 5 };
    if (settings.issuer) base.issuer = settings.issuer;
    if (settings.audience) base.audience = settings.audience;
    if (settings.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(settings.jwksUrl));
      this.options = { ...base, algorithms: ['RS256', 'ES256'] };
    } else if (settings.secret) {
      this.key = new TextEncoder().encode(settings.secret);
      this.options = { ...base, algorithms: ['HS256'] };
    } else {
      throw new Error('JwtVerifier needs a secret or a JWKS URL');
    }
  }

  /** The actor of an `Authorization` header value; throws {@link UnauthenticatedError}. */
  async verify(authorization: string | undefined, requestId?: string): Promise<ApiActor> {
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(authorization ?? '');
    if (!match?.[1]) throw new UnauthenticatedError('missing bearer token');
    let payload: unknown;
    try {
      const key = this.key;
      payload = (typeof key === 'function' ? await jwtVerify(match[1], key, this.options) : await jwtVerify(match[1], key, this.options)).payload;
    } catch {
      throw new UnauthenticatedError('invalid token');
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new UnauthenticatedError('invalid token claims');
    const c = claims.data;
    return { subject: c.sub, tenantId: c.tid, roles: c.roles, clearance: c.clr, mfa: c.mfa, requestId, approvals: c.approvals };
  }
}
