// Entry of options.html: the App with the real worker channel, the browser's permission prompt, the sign-in
// redirect URI and the clipboard.
import { render } from 'preact';
import { browser } from '../shared/page-browser';
import { send } from '../shared/messaging';
import { App } from './App';
import { browserNameOf, type HostAccess } from './host-access';

const root = document.getElementById('app');
if (root) {
  // Preact leaves existing text behind when mounting, so start from an empty element.
  root.replaceChildren();
  render(
    <App
      send={send}
      requestPermissions={(permissions) => browser.permissions.request(permissions)}
      redirectUri={redirectUri()}
      copyText={(text) => navigator.clipboard.writeText(text)}
      hostAccess={hostAccess()}
      welcome={new URLSearchParams(location.search).has('welcome')}
    />,
    root,
  );
}

/** The URI an Okta app must list for Sign in with Okta; undefined where the browser has no identity API. */
function redirectUri(): string | undefined {
  try {
    return browser.identity?.getRedirectURL();
  } catch {
    return undefined;
  }
}

/** The browser's permissions API as the banner uses it: the manifest's Okta sites, checks, and change events. */
function hostAccess(): HostAccess {
  const permissions = browser.permissions;
  return {
    required: browser.runtime.getManifest().host_permissions ?? [],
    contains: (origins) => permissions.contains({ origins }),
    watch(onChange) {
      permissions.onAdded.addListener(onChange);
      permissions.onRemoved.addListener(onChange);
      return () => {
        permissions.onAdded.removeListener(onChange);
        permissions.onRemoved.removeListener(onChange);
      };
    },
    browserName: browserNameOf(navigator.userAgent),
  };
}
