// Builds what the bench measures from the working tree: the shipped build for both browsers (build.mjs) and a
// bench-only copy of dist/chrome with the bare page added. The copy keeps the manifest untouched (same key, so
// the same extension id; same host permissions and CSP), so the bare page's fetch is allowed exactly as the
// worker's is. Nothing from bench/ ever reaches dist/chrome or dist/firefox.
import { spawnSync } from 'node:child_process';
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

export interface Prepared {
  root: string;
  chrome: string;
  firefox: string;
  benchChrome: string;
  /** bench/probe.ts as a classic script defining the global `__osiBenchProbe`. */
  probeScript: string;
}

export async function prepare(root: string): Promise<Prepared> {
  const built = spawnSync(process.execPath, ['build.mjs'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`node build.mjs failed (exit ${built.status ?? built.signal})`);
  const chrome = join(root, 'dist', 'chrome');
  const benchChrome = join(root, 'dist', 'bench-chrome');
  await rm(benchChrome, { recursive: true, force: true });
  await cp(chrome, benchChrome, { recursive: true });
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
  return { root, chrome, firefox: join(root, 'dist', 'firefox'), benchChrome, probeScript: probe.outputFiles[0]!.text };
}
