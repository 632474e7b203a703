// zod builds a schema's whole parser when the schema is made. Made at a module's top level, every schema of the
// worker is built on each cold start, whichever message woke it (issue 15: about half of a stopped worker's extra
// time). Behind `lazy`, a schema is built the first time something parses with it, and only then.

/**
 * The value `build` returns, built on the first call and kept. Call sites mark it `/* @__PURE__ *\/` so that a
 * bundle which never reads the value drops it (esbuild does not carry this function's purity across modules).
 */
export function lazy<T>(build: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: build() }).value;
}
