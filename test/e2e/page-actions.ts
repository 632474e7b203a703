// What the Firefox driver does inside a page, as one self-contained function: it is sent to the page as source
// text (WebDriver BiDi `script.callFunction`), so it may use nothing from this module's scope.
// It mirrors what the Chromium driver gets from Playwright's getByLabel/getByRole/getByText: whitespace-normalised
// exact names, hidden elements ignored. Each call answers at once; the driver polls, so a page that navigates or
// re-renders between polls is simply looked at again.

export type PageAction =
  | { op: 'fill'; label: string; value: string }
  | { op: 'check'; label: string; on: boolean }
  /**
   * Returns the element itself (a BiDi node reference) so the driver can click it with real pointer input, and
   * from then on notes in the page when a click reaches it, under `mark`, for the driver to confirm (`clicked`).
   */
  | { op: 'clickable'; name: string; mark: string }
  | { op: 'clicked'; mark: string }
  | { op: 'text' }
  /** As Playwright's getByText: a string matches case-insensitively as a substring, a regex as is. */
  | { op: 'hasText'; text: string }
  | { op: 'hasText'; regex: { source: string; flags: string } }
  | { op: 'alert' }
  | { op: 'buttons' };

/** `{ ok: true, value }` when done; `{ ok: false, why }` when the page is not (yet) in a state to do it. */
export type ActionResult = { ok: true; value?: unknown } | { ok: false; why: string };

export function pageAction(action: PageAction): ActionResult | Element {
  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  // Hidden as assistive technology sees it (as Playwright's role and label queries filter by default).
  const visible = (el: Element) =>
    el.isConnected && el.checkVisibility({ visibilityProperty: true }) && el.closest('[aria-hidden="true"]') === null;
  const textOf = (el: Element) => norm(el instanceof HTMLElement ? el.innerText || el.textContent : el.textContent);
  const ariaName = (el: Element): string | undefined => {
    const label = el.getAttribute('aria-label');
    if (label !== null && norm(label)) return norm(label);
    const ids = el.getAttribute('aria-labelledby');
    if (ids) return norm(ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    return undefined;
  };
  const labelled = (label: string): Element[] => {
    const found: Element[] = [];
    for (const l of Array.from(document.querySelectorAll('label'))) {
      if (textOf(l) === label && l.control) found.push(l.control);
    }
    for (const el of Array.from(document.querySelectorAll('[aria-label], [aria-labelledby]'))) {
      if (ariaName(el) === label) found.push(el);
    }
    return found.filter(visible);
  };
  const isDisabled = (el: Element) =>
    (el as HTMLButtonElement).disabled === true || el.getAttribute('aria-disabled') === 'true' || el.closest('fieldset[disabled]') !== null;
  // An explicit role wins over the element's own (a <button role="radio"> is a radio, not a button).
  const roleOf = (el: Element): string | undefined => {
    const explicit = el.getAttribute('role')?.trim().split(/\s+/)[0];
    if (explicit) return explicit;
    if (el instanceof HTMLButtonElement) return 'button';
    if (el instanceof HTMLInputElement && ['button', 'submit', 'reset', 'image'].includes(el.type)) return 'button';
    if (el instanceof HTMLAnchorElement && el.hasAttribute('href')) return 'link';
    return undefined;
  };
  const withRole = (role: string) =>
    Array.from(document.querySelectorAll('button, input, a[href], [role]')).filter((el) => roleOf(el) === role && visible(el));
  const buttonsOf = () => withRole('button');
  const clickMarks = () => ((window as unknown as { __osiClicks?: Set<string> }).__osiClicks ??= new Set<string>());
  const nameOf = (el: Element) =>
    ariaName(el) ?? ((el instanceof HTMLInputElement ? norm(el.value) : textOf(el)) || norm(el.getAttribute('title')));

  switch (action.op) {
    case 'fill': {
      const [el] = labelled(action.label);
      if (!el) return { ok: false, why: `no visible field labelled "${action.label}"` };
      const textual =
        el instanceof HTMLTextAreaElement ||
        (el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'image'].includes(el.type));
      if (!textual) return { ok: false, why: `"${action.label}" labels a <${el.localName}>, not a text field` };
      const field = el as HTMLInputElement | HTMLTextAreaElement;
      if (field.disabled || field.readOnly) return { ok: false, why: `the field "${action.label}" is disabled or read-only` };
      field.focus();
      // The prototype's setter, as typing would: frameworks that wrap `value` on the element still see the change.
      const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(field, action.value);
      field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: action.value }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
      return { ok: true };
    }
    case 'check': {
      const [el] = labelled(action.label);
      if (!el) return { ok: false, why: `no visible checkbox or radio labelled "${action.label}"` };
      if (!(el instanceof HTMLInputElement) || !['checkbox', 'radio'].includes(el.type)) {
        return { ok: false, why: `"${action.label}" labels a <${el.localName}>, not a checkbox or radio` };
      }
      if (el.disabled) return { ok: false, why: `"${action.label}" is disabled` };
      if (el.checked !== action.on) el.click();
      if (el.checked !== action.on) return { ok: false, why: `"${action.label}" did not become ${action.on ? 'checked' : 'unchecked'}` };
      return { ok: true };
    }
    case 'clickable': {
      const el = Array.from(document.querySelectorAll('button, input, a[href], [role]')).find(
        (e) => (roleOf(e) === 'button' || roleOf(e) === 'link') && visible(e) && nameOf(e) === action.name,
      );
      if (!el) return { ok: false, why: `no visible button or link named "${action.name}"` };
      if (isDisabled(el)) return { ok: false, why: `the button "${action.name}" is disabled` };
      el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' }); // not smooth: the click comes next
      const marks = clickMarks();
      // By name as well as by identity: a re-render may replace the element before the click lands, and that
      // click still did the user's thing (clicking again would do it twice).
      const heard = (event: Event) => {
        const target = event.target instanceof Element ? event.target.closest('button, input, a[href], [role]') : null;
        if (!(event.target instanceof Node && el.contains(event.target)) && !(target && nameOf(target) === action.name)) return;
        marks.add(action.mark);
        document.removeEventListener('click', heard, true);
      };
      document.addEventListener('click', heard, true);
      return el;
    }
    case 'clicked': {
      // No marks at all: this is a new document, which the click itself may have navigated to.
      const marks = (window as unknown as { __osiClicks?: Set<string> }).__osiClicks;
      return { ok: true, value: marks === undefined ? 'other document' : marks.has(action.mark) ? 'yes' : 'no' };
    }
    case 'text':
      return { ok: true, value: document.body?.innerText ?? '' };
    case 'hasText': {
      // Element by element, whitespace-normalised, as Playwright's text engine: an anchored regex such as
      // /^Saved/ matches the element whose text starts so, not the whole page. An element counts when its own
      // text matches and none of its children's does (the deepest match), and it must be visible.
      const test =
        'regex' in action
          ? ((re: RegExp) => (t: string) => re.test(t))(new RegExp(action.regex.source, action.regex.flags.replace(/[gy]/g, '')))
          : ((needle: string) => (t: string) => t.toLowerCase().includes(needle))(norm(action.text).toLowerCase());
      const skip = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
      const matches = (el: Element) => !skip.has(el.tagName) && test(norm(el.textContent));
      const body = document.body;
      if (!body) return { ok: false, why: 'the page has no body yet' };
      const deepest = [body, ...Array.from(body.querySelectorAll('*'))].filter((el) => matches(el) && !Array.from(el.children).some(matches));
      return deepest.some(visible) ? { ok: true } : { ok: false, why: deepest.length ? 'the text is there but hidden' : 'the text is not on the page' };
    }
    case 'alert': {
      const el = Array.from(document.querySelectorAll('[role="alert"]')).find(visible);
      return { ok: true, value: el ? (el as HTMLElement).innerText : null };
    }
    case 'buttons':
      return { ok: true, value: buttonsOf().map((b) => (b as HTMLElement).innerText.trim()) };
  }
}
