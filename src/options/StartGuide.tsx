// Shown once, on the options page the extension opens after it is installed: the first minutes in three lines.
export function StartGuide() {
  return (
    <section class="start-guide" aria-labelledby="start-heading">
      <h2 id="start-heading">Start here</h2>
      <ol>
        <li>Sign in to your Okta org in a tab of this browser, as you normally would.</li>
        <li>
          Click the toolbar icon on that tab: it shows this browser’s Okta session, read with its own session cookie, no
          setup needed.
        </li>
        <li>
          To look sessions up by id and refresh or revoke them as an admin, add the org below with an API token, or with
          Sign in with Okta (or click <strong>Add this org</strong> in the popup).
        </li>
      </ol>
    </section>
  );
}
