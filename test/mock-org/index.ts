// One import for tests: `import { startMockOrg, DEMO_ORG_HOST, ... } from '../mock-org'`.
export * from './demo';
export { startMockOrg, defaultOrgSeeds, type MockOrg, type MockOrgOptions } from './server';
export { OrgState, ALL_SESSION_SCOPES, xsidOf, type OrgSeed, type TokenGrant, type DpopVerdict, type OktaSessionJson, type CreateSessionOptions, type MockUser, type OrgMode } from './state';
export type { Fault, FaultAction, FaultMatch } from './faults';
export type { RequestLogEntry, MockContext, Credential } from './http';
export { sendJson, sendOktaError, sendEmpty, sendHtml, sendText, redirect } from './http';
export { oktaErrorBody } from './errors';
export { Router, type Handler } from './router';
export { authorize, type Requirement } from './auth';
export { checkAgainstSchema, SESSIONS_SPEC } from './spec-check';
export { OAuthStore, demoOAuthClients, redirectUriAllowed, type OAuthClientSeed } from './oauth-store';
export { checkDpopProof, jwkThumbprint, type ProofCheck } from './dpop-proof';
