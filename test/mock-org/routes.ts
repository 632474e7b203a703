import { authnRoutes } from './authn';
import { idxRoutes } from './idx';
import { oauthRoutes } from './oauth';
import { oidcAppRoutes } from './oidc-apps';
import type { Router } from './router';
import { sessionRoutes } from './sessions';
import { signInRoutes } from './signin';

/**
 * Every route module of the mock org. To add endpoints (OAuth, /api/v1/authn, ...), write a module exporting
 * `(router: Router) => void` and list it here; tests can also add routes on a running mock with `mock.route`.
 */
export const ROUTE_MODULES: ReadonlyArray<(router: Router) => void> = [sessionRoutes, signInRoutes, authnRoutes, idxRoutes, oauthRoutes, oidcAppRoutes];
