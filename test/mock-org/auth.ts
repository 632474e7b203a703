import { SESSION_SCOPES } from './demo';
import { sendOktaError, type MockContext } from './http';
import type { DpopVerdict, TokenGrant } from './state';

/**
 * What an endpoint requires:
 * - 'read' / 'manage': an SSWS API token, or an access token with okta.sessions.read (read) or
 *   okta.sessions.manage (both; manage includes read);
 * - 'api-token': an SSWS API token only (POST /api/v1/sessions; OAuth is not accepted there).
 */
export type Requirement = 'read' | 'manage' | 'api-token';

const grants = (g: TokenGrant, need: Requirement): boolean =>
  g.scopes.includes(SESSION_SCOPES.manage) || (need === 'read' && g.scopes.includes(SESSION_SCOPES.read));

const requiredScope = (need: Requirement): string => (need === 'read' ? SESSION_SCOPES.read : SESSION_SCOPES.manage);

/** Okta's challenge on failed OAuth calls to its management API. */
function challenge(ctx: MockContext, scheme: 'Bearer' | 'DPoP', error: string, description: string, scope?: string): string {
  const parts = [
    `authorization_uri="${ctx.org.origin}/oauth2/v1/authorize"`,
    'realm="IdpError"',
    ...(scope ? [`scope="${scope}"`] : []),
    `error="${error}"`,
    `error_description="${description}"`,
    `resource="${ctx.path}"`,
  ];
  return `${scheme} ${parts.join(', ')}`;
}

/**
 * Checks the request's credential against this org. On failure sends Okta's reply and returns false:
 * missing, unknown or expired token -> 401 E0000011; a valid token without the right -> 403 E0000006.
 */
export function authorize(ctx: MockContext, need: Requirement): boolean {
  const cred = ctx.credential;
  if (!cred) {
    sendOktaError(ctx.res, 'E0000011');
    return false;
  }
  const now = ctx.now();
  const live = (g: TokenGrant | undefined): g is TokenGrant => !!g && (g.expiresAt === undefined || g.expiresAt > now);

  if (cred.scheme === 'SSWS') {
    const g = ctx.org.apiTokens.get(cred.token);
    if (!live(g)) {
      sendOktaError(ctx.res, 'E0000011');
      return false;
    }
    if (need !== 'api-token' && !grants(g, need)) {
      sendOktaError(ctx.res, 'E0000006');
      return false;
    }
    return true;
  }

  const g = ctx.org.accessTokens.get(cred.token);
  const proof = ctx.req.headers['dpop'];
  // The proof is only looked at for a live DPoP-bound token, so junk requests do not use up jti values.
  const verdict: DpopVerdict =
    cred.scheme === 'DPoP' && live(g) && g.dpop && typeof proof === 'string'
      ? (ctx.org.verifyDpopProof?.(proof, { method: ctx.method, path: ctx.path, host: ctx.host, token: cred.token }) ?? true)
      : true;
  if (typeof verdict === 'object') {
    sendOktaError(ctx.res, 'E0000011', {
      headers: {
        'WWW-Authenticate': challenge(ctx, 'DPoP', 'use_dpop_nonce', 'Resource server requires nonce in DPoP proof.'),
        'DPoP-Nonce': verdict.nonce,
      },
    });
    return false;
  }
  if (verdict === false) {
    sendOktaError(ctx.res, 'E0000011', {
      headers: { 'WWW-Authenticate': challenge(ctx, 'DPoP', 'invalid_dpop_proof', 'The DPoP proof JWT is invalid.') },
    });
    return false;
  }
  const boundOk = cred.scheme === 'Bearer' ? !g?.dpop : !!g?.dpop && typeof proof === 'string';
  if (!live(g) || !boundOk) {
    sendOktaError(ctx.res, 'E0000011', {
      headers: { 'WWW-Authenticate': challenge(ctx, cred.scheme, 'invalid_token', 'The access token is invalid.') },
    });
    return false;
  }
  if (need === 'api-token' || !grants(g, need)) {
    sendOktaError(ctx.res, 'E0000006', {
      headers: {
        'WWW-Authenticate': challenge(
          ctx,
          cred.scheme,
          'insufficient_scope',
          'The access token provided does not contain the required scopes.',
          requiredScope(need),
        ),
      },
    });
    return false;
  }
  return true;
}
