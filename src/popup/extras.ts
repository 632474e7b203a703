// The views loaded on first use (dynamic import in App.tsx), so the first paint carries only the session view.
export { TimelinePanel } from './TimelinePanel';
export { AdvancedPanel } from './AdvancedPanel';
export { AddOrgForm } from './AddOrg';
export { BrowserCookies } from './BrowserCookies';
export { saveFile, siteAccess, watchTimeline } from './timeline-browser';
export { SessionProblems } from './session-diagnoses-lazy';
export { StatePanel } from './StatePanels';
export { sessionJson } from './session-json';
