// The warning shown while the browser withholds a site the inspector needs, with the one fix: Grant access,
// which asks the browser straight from the click (browsers grant host permissions only during a user gesture).
// It looks again on load, when the saved orgs change, and whenever the browser adds or removes a permission.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { OrgSettingsView } from '../shared/protocol';
import type { PermissionRequester } from './App';
import { missingOrigins, wantedOrigins, withdrawnText, type HostAccess } from './host-access';

interface Props {
  access: HostAccess;
  /** Until the list loads, only the Okta sites are checked. */
  orgs: readonly OrgSettingsView[] | undefined;
  request: PermissionRequester;
}

export function HostAccessBanner({ access, orgs, request }: Props) {
  const [missing, setMissing] = useState<string[]>([]);
  const [problem, setProblem] = useState('');
  const [asking, setAsking] = useState(false);
  const wanted = wantedOrigins(access.required, orgs ?? []);
  const key = wanted.join(' ');
  // Answers can arrive out of order (an onRemoved during a check): only the latest question's answer counts.
  const generation = useRef(0);
  const check = useRef<() => void>(() => {});
  check.current = () => {
    const gen = ++generation.current;
    missingOrigins(access, wanted).then(
      (found) => {
        if (gen !== generation.current) return;
        setMissing(found);
        if (found.length === 0) setProblem('');
      },
      () => undefined, // a browser that cannot tell leaves the page as it was
    );
  };

  useEffect(() => {
    check.current();
    return access.watch(() => check.current());
  }, [access, key]);

  if (missing.length === 0) return null;

  function grant(): void {
    setProblem('');
    setAsking(true);
    let asked: Promise<boolean>;
    try {
      asked = request({ origins: missing });
    } catch (error) {
      asked = Promise.reject(error);
    }
    asked
      .then(
        (granted) => {
          if (!granted) setProblem('The browser did not grant access. Choose Grant access again and allow it when the browser asks.');
        },
        (error: unknown) => setProblem(`The browser could not ask for access (${error instanceof Error ? error.message : String(error)}).`),
      )
      .finally(() => {
        setAsking(false);
        check.current();
      });
  }

  return (
    <div role="alert" class="alert host-access">
      <p>{withdrawnText(access.browserName, missing, access.required)}</p>
      {problem && <p>{problem}</p>}
      <button type="button" class="primary" disabled={asking} onClick={grant}>
        Grant access
      </button>
    </div>
  );
}
