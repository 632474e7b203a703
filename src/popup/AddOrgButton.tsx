// Offered on an Okta tab whose org is not set up yet: opens the inline Add this org form.
/** Shown where the view says `configured: false`. */
export function AddOrgButton({ onAddOrg }: { onAddOrg: () => void }) {
  return (
    <button type="button" onClick={onAddOrg}>
      Add this org
    </button>
  );
}
