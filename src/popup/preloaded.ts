// A click handler whose code is not part of the first paint: it loads right after, beside the first reply, and is
// there long before any click. A click before it arrives does nothing (it would be within milliseconds of opening).
// It must still run synchronously once loaded: the side panel opens only inside the user's click.
export function preloaded<A extends unknown[]>(load: () => Promise<(...args: A) => void>): (...args: A) => void {
  let handler: ((...args: A) => void) | undefined;
  load().then(
    (h) => {
      handler = h;
    },
    () => undefined,
  );
  return (...args) => handler?.(...args);
}
