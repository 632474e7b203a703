/** The `error` parameter of a WWW-Authenticate challenge (`DPoP error="use_dpop_nonce", ...`). */
export function challengeError(wwwAuthenticate: string | null): string | undefined {
  return wwwAuthenticate ? /(?:^|[\s,])error="([^"]*)"/.exec(wwwAuthenticate)?.[1] : undefined;
}
