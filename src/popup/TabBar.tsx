// The popup's views as ARIA tabs: Session (the tab's session), Timeline (what happened to sessions), Advanced
// (create a session from a session token). Arrow keys, Home and End move between tabs, as the pattern expects.
import { useRef } from 'preact/hooks';

export type PopupTab = 'session' | 'timeline' | 'advanced';

const TABS: readonly [PopupTab, string][] = [
  ['session', 'Session'],
  ['timeline', 'Timeline'],
  ['advanced', 'Advanced'],
];

export function TabBar({ selected, onSelect }: { selected: PopupTab; onSelect: (tab: PopupTab) => void }) {
  const list = useRef<HTMLDivElement>(null);

  const onKeyDown = (e: KeyboardEvent) => {
    const i = TABS.findIndex(([id]) => id === selected);
    const to =
      e.key === 'ArrowRight' ? (i + 1) % TABS.length
      : e.key === 'ArrowLeft' ? (i - 1 + TABS.length) % TABS.length
      : e.key === 'Home' ? 0
      : e.key === 'End' ? TABS.length - 1
      : -1;
    if (to < 0) return;
    e.preventDefault();
    onSelect(TABS[to]![0]);
    list.current?.querySelector<HTMLElement>(`#tab-${TABS[to]![0]}`)?.focus();
  };

  return (
    <div class="tabs" role="tablist" aria-label="Views" ref={list} onKeyDown={onKeyDown}>
      {TABS.map(([id, label]) => (
        <button
          key={id}
          type="button"
          role="tab"
          id={`tab-${id}`}
          aria-selected={id === selected}
          aria-controls={`panel-${id}`}
          tabIndex={id === selected ? 0 : -1}
          onClick={() => onSelect(id)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
