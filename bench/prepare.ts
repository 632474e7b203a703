// Builds what the bench measures from the working tree, then works on a snapshot of it: the shipped build for
// both browsers (build.mjs), copied to dist/bench-chrome (plus the bare page) and dist/bench-firefox, with the
// esbuild metafile beside them. Other work may rebuild dist/chrome at any moment; the snapshot keeps what is
// loaded, sized and zipped one consistent build. The copy keeps the manifest untouched (same key, so the same
// extension id; same host permissions and CSP), so the bare page's fetch is allowed exactly as the worker's is.
// Nothing from bench/ ever reaches dist/chrome or dist/firefox.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

export interface Prepared {
  root: string;
  /** Snapshot of dist/chrome, as shipped (the bare page added beside it). */
  benchChrome: string;
  /** Snapshot of dist/firefox. */
  benchFirefox: string;
  /** esbuild's metafile of the Chrome build; its output paths start with `dist/chrome/`. */
  metafile: string;
  /** bench/probe.ts as a classic script defining the global `__osiBenchProbe`. */
  probeScript: string;
}

async function snapshot(root: string, benchChrome: string, benchFirefox: string, metafile: string): Promise<boolean> {
  for (const dir of [benchChrome, benchFirefox]) await rm(dir, { recursive: true, force: true });
  try {
    await cp(join(root, 'dist', 'meta-chrome.json'), metafile);
    await cp(join(root, 'dist', 'chrome'), benchChrome, { recursive: true });
    await cp(join(root, 'dist', 'firefox'), benchFirefox, { recursive: true });
  } catch {
    return false; // a rebuild removed files under us
  }
  // Every file the metafile names must be in the copy, or the copy caught another build half-way.
  const outputs = Object.keys((JSON.parse(readFileSync(metafile, 'utf8')) as { outputs: object }).outputs);
  return (
    existsSync(join(benchChrome, 'manifest.json')) &&
    existsSync(join(benchFirefox, 'manifest.json')) &&
    outputs.every((o) => existsSync(join(benchChrome, o.replace(/^dist\/chrome\//, ''))))
  );
}

export async function prepare(root: string): Promise<Prepared> {
  const benchChrome = join(root, 'dist', 'bench-chrome');
  const benchFirefox = join(root, 'dist', 'bench-firefox');
  const metafile = join(root, 'dist', 'bench-meta-chrome.json');
  for (let attempt = 1; ; attempt++) {
    const built = spawnSync(process.execPath, ['build.mjs'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`node build.mjs failed (exit ${built.status ?? built.signal})`);
    if (await snapshot(root, benchChrome, benchFirefox, metafile)) break;
    if (attempt === 3) throw new Error('dist/ kept changing while the bench copied it (another build running?)');
  }
  await cp(join(root, 'bench', 'bare', 'bare.html'), join(benchChrome, 'bare.html'));
  // Built as the shipped entries are (build.mjs): minified ESM for the same Chrome target.
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(root, 'bench', 'bare', 'bare.ts')],
    outfile: join(benchChrome, 'bare.js'),
    bundle: true,
    format: 'esm',
    target: 'chrome116',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const probe = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(root, 'bench', 'probe.ts')],
    write: false,
    bundle: true,
    format: 'iife',
    globalName: '__osiBenchProbe',
    target: 'chrome116',
    logLevel: 'warning',
  });
  return { root, benchChrome, benchFirefox, metafile, probeScript: probe.outputFiles[0]!.text };
}
