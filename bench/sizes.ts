// Bytes the browser reads and parses: each shipped entry raw and gzip (level 9), the zip that `web-ext build`
// makes of the Firefox build, and, from esbuild's metafile, what each entry is made of (the first place to look
// when an entry is over budget).
// An entry may be split (build.mjs bundles with splitting): its size is the entry file plus every chunk it
// imports statically, which all load before it runs; chunks behind import() load on first use and are
// reported apart as `lazy`. gzip of a split entry is the sum of its files' gzip sizes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const ENTRIES = { popup: 'popup.js', worker: 'background.js', options: 'options.js' } as const;
export type EntryName = keyof typeof ENTRIES;

export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
}

export interface EntrySize {
  file: string;
  /** The entry and its static imports: what opening the page loads. */
  raw: number;
  gzip: number;
  files: FileSize[];
  /** Chunks behind import(), loaded on first use of a view. */
  lazy: { raw: number; gzip: number; files: FileSize[] };
  /** Largest inputs by bytes kept in the output (minified, before gzip), over the entry and its static imports. */
  largestInputs: { input: string; bytes: number }[];
  /** Output bytes per npm package, or per top folder of the project's own code (src/okta, src/background…). */
  byPackage: Record<string, number>;
}

export interface Sizes {
  entries: Record<EntryName, EntrySize>;
  zip: { file: string; bytes: number } | { error: string };
}

interface MetaOutput {
  bytes: number;
  inputs: Record<string, { bytesInOutput: number }>;
  imports?: { path: string; kind: string }[];
}

function packageOf(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (m) return m[1]!;
  const parts = input.split('/');
  return parts[0] === 'src' && parts.length > 2 ? `${parts[0]}/${parts[1]}` : input;
}

/** Output paths reachable from `start` through imports of the given kinds (start included). */
function closure(outputs: Record<string, MetaOutput>, start: string, kinds: string[]): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || !outputs[path]) return;
    seen.add(path);
    for (const i of outputs[path].imports ?? []) if (kinds.includes(i.kind)) visit(i.path);
  };
  visit(start);
  return [...seen];
}

export function entrySizes(dist: string, metafilePath: string, outPrefix = 'dist/chrome/'): Record<EntryName, EntrySize> {
  const outputs = (JSON.parse(readFileSync(metafilePath, 'utf8')) as { outputs: Record<string, MetaOutput> }).outputs;
  const sizeOf = (path: string): FileSize => {
    const file = path.slice(outPrefix.length);
    const bytes = readFileSync(join(dist, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  const sum = (files: FileSize[]) => ({ raw: files.reduce((a, f) => a + f.raw, 0), gzip: files.reduce((a, f) => a + f.gzip, 0), files });
  const out = {} as Record<EntryName, EntrySize>;
  for (const [name, file] of Object.entries(ENTRIES) as [EntryName, string][]) {
    const entryPath = `${outPrefix}${file}`;
    if (!outputs[entryPath]) throw new Error(`the metafile has no output ${entryPath}`);
    const loaded = closure(outputs, entryPath, ['import-statement']);
    const lazy = closure(outputs, entryPath, ['import-statement', 'dynamic-import']).filter((p) => !loaded.includes(p));
    const inputs = new Map<string, number>();
    for (const path of loaded) {
      for (const [input, v] of Object.entries(outputs[path]!.inputs)) inputs.set(input, (inputs.get(input) ?? 0) + v.bytesInOutput);
    }
    const byPackage: Record<string, number> = {};
    for (const [input, bytes] of inputs) byPackage[packageOf(input)] = (byPackage[packageOf(input)] ?? 0) + bytes;
    out[name] = {
      file,
      ...sum(loaded.map(sizeOf)),
      lazy: sum(lazy.map(sizeOf)),
      largestInputs: [...inputs].map(([input, bytes]) => ({ input, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 10),
      byPackage: Object.fromEntries(Object.entries(byPackage).sort((a, b) => b[1] - a[1])),
    };
  }
  return out;
}

/** `web-ext build` of the Firefox build into a temporary directory; the size of the zip it writes. */
export function webExtZip(root: string, sourceDir: string): Sizes['zip'] {
  const artifacts = mkdtempSync(join(tmpdir(), 'osi-bench-zip-'));
  try {
    const run = spawnSync(
      join(root, 'node_modules', '.bin', 'web-ext'),
      ['build', '--source-dir', sourceDir, '--artifacts-dir', artifacts, '--overwrite-dest', '--no-input'],
      { cwd: root, encoding: 'utf8' },
    );
    const zip = readdirSync(artifacts).find((f) => f.endsWith('.zip'));
    if (run.status !== 0 || !zip) return { error: `web-ext build failed (exit ${run.status}): ${(run.stderr || run.stdout).trim().slice(0, 400)}` };
    return { file: zip, bytes: statSync(join(artifacts, zip)).size };
  } finally {
    rmSync(artifacts, { recursive: true, force: true });
  }
}
