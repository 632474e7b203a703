// Builds the extension for Chromium and Firefox from one manifest and one set of sources.
//   node build.mjs                 both browsers, minified
//   node build.mjs --browser=chrome
//   node build.mjs --watch         rebuild on change (unminified, with source maps)
import * as esbuild from 'esbuild';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const watch = args.includes('--watch');
const only = args.find((a) => a.startsWith('--browser='))?.slice('--browser='.length);
const browsers = only ? [only] : ['chrome', 'firefox'];
for (const b of browsers) if (!['chrome', 'firefox'].includes(b)) fail(`unknown browser "${b}" (chrome or firefox)`);

/** Entry points and the static files each page needs, relative to the repo root. */
const entries = {
  background: 'src/background/background.ts',
  popup: 'src/popup/popup.tsx',
  options: 'src/options/options.tsx',
  // The trace viewer: its own entry, so the popup's bundle is unchanged by it.
  viewer: 'src/viewer/viewer.tsx',
};
const staticFiles = [
  ['src/popup/popup.html', 'popup.html'],
  ['src/popup/popup.css', 'popup.css'],
  ['src/options/options.html', 'options.html'],
  // The side panel is the popup's entry on another page (popup.tsx tells them apart): one bundle, one budget.
  ['src/panel/panel.html', 'panel.html'],
  ['src/panel/panel.css', 'panel.css'],
  ['src/options/options.css', 'options.css'],
  ['src/viewer/viewer.html', 'viewer.html'],
  ['src/viewer/viewer.css', 'viewer.css'],
  ['icons', 'icons'],
];

/**
 * The version is package.json's (one source of truth; test/unit/package.test.ts holds manifest.json's equal to it).
 * Both stores take only 1 to 4 dot-separated integers (0 to 65535, no leading zeros), so a semver pre-release such as
 * 0.2.0-beta.1 stops the build.
 */
async function packageVersion() {
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const parts = String(version).split('.');
  if (parts.length > 4 || !parts.every((p) => /^(0|[1-9]\d{0,4})$/.test(p) && Number(p) <= 65535)) {
    fail(`package.json version "${version}" is not 1 to 4 dot-separated integers (0 to 65535), as the stores require`);
  }
  return version;
}

/** One manifest for both browsers: each build drops the keys the other browser alone understands. */
function manifestFor(browser, manifest, version) {
  const m = structuredClone(manifest);
  m.version = version;
  if (browser === 'chrome') {
    delete m.browser_specific_settings;
    m.background = { service_worker: m.background.service_worker, type: m.background.type };
    delete m.sidebar_action;
  } else {
    // Firefox runs background scripts as an event page; `key` and Chrome's minimum version mean nothing there.
    delete m.key;
    delete m.minimum_chrome_version;
    m.background = { scripts: m.background.scripts, type: m.background.type };
    // Firefox's side panel is its sidebar, and the shortcut its built-in command that toggles it (no code).
    delete m.side_panel;
    m.permissions = m.permissions.filter((p) => p !== 'sidePanel');
    const { 'open-side-panel': shortcut, ...commands } = m.commands;
    m.commands = { ...commands, _execute_sidebar_action: shortcut };
  }
  return m;
}

/**
 * Each entry is bundled on its own, with splitting on: the popup's Timeline and Advanced views (`import()`) become
 * a chunk loaded on first use, and what they share with the first paint a second one. Bundled together, the
 * entries would also share chunks with each other, and the popup's first paint would wait on half a dozen files.
 */
function options(browser, name) {
  return {
    absWorkingDir: root,
    entryPoints: { [name]: join(root, entries[name]) },
    outdir: join(root, 'dist', browser),
    bundle: true,
    format: 'esm',
    splitting: true,
    chunkNames: `chunks/${name}-[name]-[hash]`,
    target: browser === 'chrome' ? 'chrome116' : 'firefox142',
    minify: !watch,
    sourcemap: watch ? 'linked' : false,
    metafile: true,
    legalComments: 'none',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': watch ? '"development"' : '"production"' },
    logLevel: 'warning',
  };
}

async function copyStatic(browser) {
  const out = join(root, 'dist', browser);
  const manifest = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8'));
  await writeFile(join(out, 'manifest.json'), JSON.stringify(manifestFor(browser, manifest, await packageVersion()), null, 2) + '\n');
  for (const [from, to] of staticFiles) await cp(join(root, from), join(out, to), { recursive: true });
}

/**
 * A page's entry imports its shared chunk statically, which the browser would only discover after fetching and
 * parsing the entry; a modulepreload link lets both load at once (the popup's first paint waits on both).
 */
async function preloadChunks(browser, metafile) {
  const out = join(root, 'dist', browser);
  for (const [page, script] of [['popup', 'popup'], ['options', 'options'], ['panel', 'popup'], ['viewer', 'viewer']]) {
    const entry = metafile.outputs[`dist/${browser}/${script}.js`];
    const chunks = (entry?.imports ?? []).filter((i) => i.kind === 'import-statement').map((i) => i.path.slice(`dist/${browser}/`.length));
    if (chunks.length === 0) continue;
    const html = join(out, `${page}.html`);
    const links = chunks.map((c) => `<link rel="modulepreload" href="${c}" />`).join('\n    ');
    const text = await readFile(html, 'utf8');
    const tag = `<script type="module" src="${script}.js"></script>`;
    if (!text.includes(tag)) fail(`${page}.html does not load ${script}.js as a module script`);
    await writeFile(html, text.replace(tag, `${links}\n    ${tag}`));
  }
}

function fail(message) {
  console.error(`build failed: ${message}`);
  process.exit(1);
}

try {
  for (const browser of browsers) {
    const out = join(root, 'dist', browser);
    await rm(out, { recursive: true, force: true });
    await mkdir(out, { recursive: true });
    const names = Object.keys(entries);
    if (watch) {
      for (const name of names) {
        const ctx = await esbuild.context({
          ...options(browser, name),
          plugins: name === names[0] ? [{ name: 'static', setup: (b) => b.onEnd(() => copyStatic(browser)) }] : [],
        });
        await ctx.watch();
      }
      console.log(`watching: dist/${browser}`);
    } else {
      const results = await Promise.all(names.map((name) => esbuild.build(options(browser, name))));
      // One metafile for the browser, as before: the entries' inputs and outputs side by side.
      const metafile = { inputs: {}, outputs: {} };
      for (const r of results) {
        Object.assign(metafile.inputs, r.metafile.inputs);
        Object.assign(metafile.outputs, r.metafile.outputs);
      }
      await copyStatic(browser);
      await preloadChunks(browser, metafile);
      await writeFile(join(root, 'dist', `meta-${browser}.json`), JSON.stringify(metafile));
      const sizes = Object.entries(metafile.outputs)
        .map(([file, o]) => `${file.split('/').pop()} ${(o.bytes / 1024).toFixed(1)} KB`)
        .join(', ');
      console.log(`built dist/${browser}: ${sizes}`);
    }
  }
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
