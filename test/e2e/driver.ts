// What an end-to-end scenario may do with a browser, in a user's terms. Chromium (Playwright) and Firefox
// (WebDriver BiDi) each implement it, so the scenarios are written once and run in both.
export interface ExtPage {
  url(): string;
  /** Types into the input or textarea whose label text is `label` (exact match, trimmed). */
  fill(label: string, value: string): Promise<void>;
  /** Sets a checkbox or radio, found by its label text. */
  check(label: string, on?: boolean): Promise<void>;
  /** Clicks the button or link whose accessible name (text) is `name` (exact match, trimmed). */
  click(name: string): Promise<void>;
  press(key: 'Escape' | 'Enter' | 'Tab'): Promise<void>;
  /** The page's visible text. */
  text(): Promise<string>;
  waitForText(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Text of the first element with role="alert", or null when there is none. */
  alertText(): Promise<string | null>;
  /** Names of the page's enabled and disabled buttons, in document order. */
  buttons(): Promise<string[]>;
  screenshot(path: string): Promise<void>;
  evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  close(): Promise<void>;
}

/** Which tab or org an opened popup inspects instead of its own tab. */
export interface PopupTarget {
  tabId?: number;
  org?: string;
}

/** The popup's page path for a target, in the `?tab=` / `?org=` parameters popup.html reads. */
export function popupPath(target: PopupTarget = {}, page = 'popup.html'): string {
  const query = new URLSearchParams();
  if (target.tabId !== undefined) query.set('tab', String(target.tabId));
  if (target.org) query.set('org', target.org);
  return `${page}${query.size ? `?${query}` : ''}`;
}

export interface ExtensionDriver {
  readonly browser: 'chromium' | 'firefox';
  /** chrome-extension://<id> or moz-extension://<uuid> */
  readonly extensionBase: string;
  /** Everything the extension's contexts printed to the console (worker/background and pages). */
  readonly logs: string[];
  /** Opens a web page in a new tab and waits for it to load. */
  openPage(url: string): Promise<ExtPage>;
  tabIdFor(url: string): Promise<number>;
  /** Opens popup.html as a tab that inspects the given target (it is the active tab itself otherwise). */
  openPopup(target?: PopupTarget): Promise<ExtPage>;
  openOptions(): Promise<ExtPage>;
  /**
   * Opens panel.html as a tab of the window (the drivers cannot reach the browser's own side panel): pinned to a
   * target, or, without one, following the window's active tab as the side panel does.
   */
  openPanel(target?: PopupTarget): Promise<ExtPage>;
  /** Brings a page's tab to the front of its window, as the user's click on the tab does. */
  activate(page: ExtPage): Promise<void>;
  /** Sends one protocol message from an extension page, exactly as the popup does. */
  message(request: unknown): Promise<any>;
  /** Stops the background (service worker or event page) so the next message starts a fresh one. */
  stopBackground(): Promise<void>;
  close(): Promise<void>;
}
