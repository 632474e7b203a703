// `npm run package` (scripts/package.mjs): the version has one source, the archives are named by it, and what is
// in them is what each store takes. The last test runs the real packaging (a clean build, about 2 s) into a
// temporary folder; it rebuilds dist/ as `npm run build` would.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { artifactNames, checkArchives, packageAll, storeManifest } from '../../scripts/package.mjs';

const root = new URL('../../', import.meta.url);
const readJson = async (path: string | URL) => JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
const pkg = await readJson(new URL('package.json', root));
const manifest = await readJson(new URL('manifest.json', root));
const version = pkg.version as string;

const scratch = await mkdtemp(join(tmpdir(), 'osi-package-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function writeZip(name: string, files: Record<string, string>): Promise<string> {
  const zip = new JSZip();
  for (const [path, text] of Object.entries(files)) zip.file(path, text);
  const path = join(scratch, name);
  await writeFile(path, await zip.generateAsync({ type: 'nodebuffer' }));
  return path;
}
const openZip = async (path: string) => JSZip.loadAsync(await readFile(path));

describe('the version', () => {
  it('is package.json’s, and manifest.json says the same', () => {
    expect(version).toMatch(/^\d+(\.\d+){0,3}$/);
    expect(manifest.version).toBe(version);
  });
});

describe('archive names and contents', () => {
  it('names the three archives by the version', () => {
    expect(artifactNames('1.2.3')).toEqual({
      chrome: 'okta-session-inspector-1.2.3-chrome.zip',
      firefox: 'okta-session-inspector-1.2.3-firefox.zip',
      source: 'okta-session-inspector-1.2.3-source.zip',
    });
  });

  it('gives the Chrome Web Store the manifest without `key`, and nothing else changed', () => {
    const withKey = { manifest_version: 3, name: 'x', version: '1.0', key: 'MIIB…' };
    expect(storeManifest(withKey)).toEqual({ manifest_version: 3, name: 'x', version: '1.0' });
    expect(withKey.key).toBe('MIIB…');
  });

  it('finds what would make a store or a reviewer refuse the archives (the check can fail)', async () => {
    const good = { manifest_version: 3, version: '1.0', background: { service_worker: 'background.js' } };
    const paths = {
      // The build folder zipped from above: manifest.json is not at the root.
      chrome: await writeZip('bad-chrome.zip', { 'dist/chrome/manifest.json': JSON.stringify(good) }),
      firefox: await writeZip('bad-firefox.zip', { 'manifest.json': JSON.stringify({ ...good, version: '0.9', key: 'k' }), 'background.js': '' }),
      source: await writeZip('bad-source.zip', {
        'package.json': JSON.stringify({ version: '1.0' }),
        'README.md': 'no steps here',
        'dist/chrome/background.js': '',
        'node_modules/preact/package.json': '{}',
      }),
    };
    const problems = await checkArchives(paths, '1.0');
    expect(problems).toEqual(
      expect.arrayContaining([
        'chrome: no manifest.json at the archive root',
        'chrome: dist/chrome/manifest.json does not belong in a browser package',
        'firefox: manifest.json version 0.9, package.json 1.0',
        'firefox: manifest.json has no gecko id',
        'source: no build.mjs',
        'source: README.md does not give the build steps (npm ci, npm run build)',
        'source: dist/chrome/background.js is not source',
        'source: node_modules/preact/package.json is not source',
      ]),
    );
    const chromeWithKey = await writeZip('key-chrome.zip', { 'manifest.json': JSON.stringify({ ...good, key: 'k' }) });
    expect(await checkArchives({ ...paths, chrome: chromeWithKey }, '1.0')).toContain(
      'chrome: manifest.json has `key`, which the Chrome Web Store refuses',
    );
    const notZip = join(scratch, 'not-a-zip.zip');
    await writeFile(notZip, 'plain text');
    expect((await checkArchives({ ...paths, source: notZip }, '1.0')).some((p) => p.startsWith('source: ') && p.includes('not a readable zip'))).toBe(true);
  });
});

describe('npm run package', () => {
  // A whole build, web-ext build and three zips: 4 s on a quiet machine, 18 s in a full `npm test` beside other
  // load, where the suite's 15 s default failed it (issue 15's runs). It is bounded by work, not by a wait.
  it('builds cleanly and writes the three store archives, each as its store takes it', { timeout: 120_000 }, async () => {
    const out = join(scratch, 'artifacts');
    const lines: string[] = [];
    const paths = await packageAll({ out, allowDirty: true, log: (line) => lines.push(line) });
    const names = artifactNames(version);
    expect(Object.fromEntries(Object.entries(paths).map(([kind, path]) => [kind, basename(path)]))).toEqual(names);
    expect(lines.filter((l) => /okta-session-inspector-.+\.zip  [\d.]+ KB$/.test(l))).toHaveLength(3);

    // The build wrote package.json's version into both manifests.
    for (const browser of ['chrome', 'firefox']) expect((await readJson(new URL(`dist/${browser}/manifest.json`, root))).version).toBe(version);

    const chrome = await openZip(paths.chrome);
    const chromeManifest = JSON.parse(await chrome.file('manifest.json')!.async('string')) as Record<string, unknown>;
    expect(chromeManifest.version).toBe(version);
    expect(chromeManifest).not.toHaveProperty('key');
    expect(chromeManifest).not.toHaveProperty('browser_specific_settings');
    expect(Object.keys(chrome.files)).toEqual(expect.arrayContaining(['background.js', 'popup.html', 'popup.js', 'options.html', 'icons/icon-128.png']));

    const firefox = await openZip(paths.firefox);
    const firefoxManifest = JSON.parse(await firefox.file('manifest.json')!.async('string')) as { version: string; browser_specific_settings: { gecko: { data_collection_permissions: unknown } } };
    expect(firefoxManifest.version).toBe(version);
    expect(firefoxManifest.browser_specific_settings.gecko.data_collection_permissions).toEqual({ required: ['none'] });

    const source = await openZip(paths.source);
    const sourceFiles = Object.keys(source.files);
    expect(sourceFiles).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'manifest.json', 'build.mjs', 'README.md', 'src/background/background.ts']));
    expect(sourceFiles.filter((f) => /^(dist|node_modules)\//.test(f))).toEqual([]);
  });

  it('keeps the archives out of git', () => {
    const ignored = spawnSync('git', ['check-ignore', '-q', `web-ext-artifacts/${artifactNames(version).chrome}`], { cwd: fileURLToPath(root) });
    expect(ignored.status).toBe(0);
  });
});
