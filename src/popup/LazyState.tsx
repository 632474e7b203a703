// A view that is not a live session, drawn by StatePanels.tsx once the Timeline's chunk is in; the skeleton until then.
import { useExtras } from './lazy-extras';
import { Loading } from './Loading';
import type { StatePanelProps } from './StatePanels';

export function LazyState(props: StatePanelProps) {
  const mod = useExtras(true);
  return mod ? <mod.StatePanel {...props} /> : <Loading org={props.view.state === 'not-okta' ? undefined : props.view.org.origin} />;
}
