// `npm run package`: the three store archives, from a clean build, named by package.json's version.
//   web-ext-artifacts/okta-session-inspector-<version>-chrome.zip   Chrome Web Store: dist/chrome's files at the zip root,
//                                                                   the manifest without `key` (the store refuses it)
//   web-ext-artifacts/okta-session-inspector-<version>-firefox.zip  addons.mozilla.org: `web-ext build` of dist/firefox
//   web-ext-artifacts/okta-session-inspector-<version>-source.zip   AMO's source review: `git archive HEAD`
// The source archive is HEAD, so a working tree that differs from HEAD is refused (the packages would not be built
// from that source) unless --allow-dirty. Every archive is opened and checked (checkArchives) before it says done,
// and on a clean tree the source archive is unpacked and built, and must give dist/ byte for byte.
//   node scripts/package.mjs [--allow-dirty] [--out=<dir>]
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSZip from 'jszip';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PACKAGE_NAME = 'okta-session-inspector';

/** The three archive names for a version, by kind. */
export function artifactNames(version) {
  return {
    chrome: `${PACKAGE_NAME}-${version}-chrome.zip`,
    firefox: `${PACKAGE_NAME}-${version}-firefox.zip`,
    source: `${PACKAGE_NAME}-${version}-source.zip`,
  };
}

/** The manifest the Chrome Web Store takes: dist/chrome's, less `key` (kept in dist so unpacked builds keep their id). */
export function storeManifest(manifest) {
  const { key: _key, ...rest } = manifest;
  return rest;
}

/** Paths that must never be in the source archive: build output, installed packages, artifacts, test output. */
const NOT_SOURCE = /^(dist|node_modules|web-ext-artifacts|test-results)\//;

/**
 * Opens the three archives and lists what is wrong with them (empty when all is well): each must be a zip; the
 * browser packages hold manifest.json at their root with the version, and no path above it; the Chrome one no `key`;
 * the source one holds package.json (same version), package-lock.json, manifest.json, build.mjs and a README with
 * the build steps, and nothing built or installed.
 */
export async function checkArchives(paths, version) {
  const problems = [];
  const open = async (kind) => {
    try {
      return await JSZip.loadAsync(await readFile(paths[kind]));
    } catch (error) {
      problems.push(`${kind}: ${paths[kind]} is not a readable zip (${error instanceof Error ? error.message : error})`);
      return undefined;
    }
  };
  const json = async (zip, kind, name) => {
    const file = zip.file(name);
    if (!file) return void problems.push(`${kind}: no ${name} at the archive root`);
    try {
      return JSON.parse(await file.async('string'));
    } catch {
      return void problems.push(`${kind}: ${name} is not JSON`);
    }
  };

  for (const kind of ['chrome', 'firefox']) {
    const zip = await open(kind);
    if (!zip) continue;
    const manifest = await json(zip, kind, 'manifest.json');
    if (manifest && manifest.version !== version) problems.push(`${kind}: manifest.json version ${manifest.version}, package.json ${version}`);
    if (manifest && kind === 'chrome' && 'key' in manifest) problems.push('chrome: manifest.json has `key`, which the Chrome Web Store refuses');
    if (manifest && kind === 'firefox' && !manifest.browser_specific_settings?.gecko?.id) problems.push('firefox: manifest.json has no gecko id');
    for (const name of Object.keys(zip.files)) {
      if (name.startsWith('/') || name.split('/').includes('..')) problems.push(`${kind}: unsafe path ${name}`);
      if (/(^|\/)(dist|node_modules|src)\//.test(name) || name.endsWith('.map')) problems.push(`${kind}: ${name} does not belong in a browser package`);
    }
    for (const file of [manifest?.background?.service_worker, ...(manifest?.background?.scripts ?? []), manifest?.action?.default_popup, manifest?.options_ui?.page]) {
      if (file && !zip.file(file)) problems.push(`${kind}: manifest.json names ${file}, which is not in the archive`);
    }
  }

  const source = await open('source');
  if (source) {
    const pkg = await json(source, 'source', 'package.json');
    if (pkg && pkg.version !== version) problems.push(`source: package.json version ${pkg.version}, expected ${version}`);
    for (const name of ['package-lock.json', 'manifest.json', 'build.mjs']) if (!source.file(name)) problems.push(`source: no ${name}`);
    const readme = await source.file('README.md')?.async('string');
    if (!readme) problems.push('source: no README.md');
    else if (!/npm ci/.test(readme) || !/npm run (build|package)/.test(readme)) problems.push('source: README.md does not give the build steps (npm ci, npm run build)');
    for (const name of Object.keys(source.files)) if (NOT_SOURCE.test(name)) problems.push(`source: ${name} is not source`);
  }
  return problems;
}

function run(command, args, opts = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: opts.capture ? 'pipe' : 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})${opts.capture ? `: ${result.stderr}` : ''}`);
  return result.stdout;
}

async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/')).sort();
}

/** dist/chrome's files into a zip, the manifest as the store takes it; dates fixed so one build gives one zip. */
async function zipChrome(dist, to) {
  const zip = new JSZip();
  const date = new Date('2000-01-01T00:00:00Z');
  for (const name of await filesUnder(dist)) {
    let data = await readFile(join(dist, name));
    if (name === 'manifest.json') data = JSON.stringify(storeManifest(JSON.parse(data.toString('utf8'))), null, 2) + '\n';
    zip.file(name, data, { date, createFolders: false });
  }
  await writeFile(to, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'UNIX' }));
}

/**
 * What an AMO reviewer does with the source archive, checked: unpack it, build, and compare with dist/ file by
 * file. node_modules is this one, hard-linked in (the reviewer's `npm ci` installs the same lockfile), so the
 * check needs no network. Returns the files that differ, or undefined when it could not be run here.
 */
async function rebuildDiffers(sourceZip) {
  const dir = await mkdtemp(join(tmpdir(), 'osi-source-'));
  try {
    const zip = await JSZip.loadAsync(await readFile(sourceZip));
    for (const [name, entry] of Object.entries(zip.files)) {
      if (entry.dir) continue;
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), await entry.async('nodebuffer'), { mode: entry.unixPermissions ?? undefined });
    }
    const linked = spawnSync('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')]);
    if (linked.status !== 0) return undefined;
    const built = spawnSync('node', ['build.mjs'], { cwd: dir, encoding: 'utf8' });
    if (built.status !== 0) return [`the build failed: ${built.stderr.trim()}`];
    const differ = [];
    for (const browser of ['chrome', 'firefox']) {
      const ours = await filesUnder(join(root, 'dist', browser));
      const theirs = await filesUnder(join(dir, 'dist', browser));
      for (const name of new Set([...ours, ...theirs])) {
        const a = await readFile(join(root, 'dist', browser, name)).catch(() => undefined);
        const b = await readFile(join(dir, 'dist', browser, name)).catch(() => undefined);
        if (!a || !b || !a.equals(b)) differ.push(`dist/${browser}/${name}`);
      }
    }
    return differ;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Builds cleanly, writes the three archives into `out` and checks them; returns their paths by kind. */
export async function packageAll({ out = join(root, 'web-ext-artifacts'), allowDirty = false, log = console.log } = {}) {
  const dirty = run('git', ['status', '--porcelain'], { capture: true }).trim();
  if (dirty && !allowDirty) {
    throw new Error(`the working tree differs from HEAD, so the source archive (git archive HEAD) would not be what the packages are built from:\n${dirty}\nCommit first, or pass --allow-dirty for a trial run.`);
  }
  if (dirty) log('warning: the working tree differs from HEAD; the source archive is HEAD, the packages are the working tree');

  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const names = artifactNames(version);
  const paths = Object.fromEntries(Object.entries(names).map(([kind, name]) => [kind, join(out, name)]));

  await rm(join(root, 'dist'), { recursive: true, force: true });
  log(run('node', ['build.mjs'], { capture: true }).trim());
  await mkdir(out, { recursive: true });
  for (const path of Object.values(paths)) await rm(path, { force: true });

  await zipChrome(join(root, 'dist', 'chrome'), paths.chrome);
  const webExt = (await import('web-ext')).default;
  await webExt.cmd.build({ sourceDir: join(root, 'dist', 'firefox'), artifactsDir: out, filename: names.firefox, overwriteDest: true }, { showReadyMessage: false });
  run('git', ['archive', '--format=zip', `--output=${paths.source}`, 'HEAD']);

  const problems = await checkArchives(paths, version);
  if (problems.length > 0) throw new Error(`the archives are not store-ready:\n  ${problems.join('\n  ')}`);
  if (dirty) log('skipped: rebuilding from the source archive (it is HEAD, not the working tree)');
  else {
    const differ = await rebuildDiffers(paths.source);
    if (differ === undefined) log('skipped: rebuilding from the source archive (cp -al is not available here)');
    else if (differ.length > 0) throw new Error(`a build from the source archive differs from dist/:\n  ${differ.join('\n  ')}`);
    else log('checked: a build from the source archive is identical to dist/chrome and dist/firefox');
  }
  for (const path of Object.values(paths)) {
    const { size } = await stat(path);
    log(`${relative(process.cwd(), path)}  ${(size / 1024).toFixed(1)} KB`);
  }
  return paths;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const out = args.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  try {
    await packageAll({ out: out ? resolve(out) : undefined, allowDirty: args.includes('--allow-dirty') });
  } catch (error) {
    console.error(`package failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
