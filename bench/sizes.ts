// Bytes the user downloads and the browser parses: each shipped entry raw and gzip (level 9), the zip that
// `web-ext build` makes of the Firefox build, and, from esbuild's metafile, what each entry is made of (the
// first place to look when an entry is over budget).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const ENTRIES = { popup: 'popup.js', worker: 'background.js', options: 'options.js' } as const;
export type EntryName = keyof typeof ENTRIES;

export interface EntrySize {
  file: string;
  raw: number;
  gzip: number;
  /** Largest inputs of the bundle by bytes kept in the output (before gzip), from esbuild's metafile. */
  largestInputs: { input: string; bytes: number }[];
  /** Bytes in the output per npm package (or "src" for the project's own code). */
  byPackage: Record<string, number>;
}

export interface Sizes {
  entries: Record<EntryName, EntrySize>;
  zip: { file: string; bytes: number } | { error: string };
}

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

function packageOf(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return m ? m[1]! : input.startsWith('src/') ? 'src' : input;
}

export function entrySizes(dist: string, metafilePath: string): Record<EntryName, EntrySize> {
  const meta = JSON.parse(readFileSync(metafilePath, 'utf8')) as Metafile;
  const out = {} as Record<EntryName, EntrySize>;
  for (const [name, file] of Object.entries(ENTRIES) as [EntryName, string][]) {
    const bytes = readFileSync(join(dist, file));
    const output = Object.entries(meta.outputs).find(([path]) => path.endsWith(`/${file}`))?.[1];
    const inputs = Object.entries(output?.inputs ?? {}).map(([input, v]) => ({ input, bytes: v.bytesInOutput }));
    const byPackage: Record<string, number> = {};
    for (const i of inputs) byPackage[packageOf(i.input)] = (byPackage[packageOf(i.input)] ?? 0) + i.bytes;
    out[name] = {
      file,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      largestInputs: inputs.sort((a, b) => b.bytes - a.bytes).slice(0, 8),
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
