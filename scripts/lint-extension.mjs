// web-ext lint of the Firefox build: fails on any error and on any warning from our own code. A warning inside a
// library we ship unchanged is allowed only when it is one listed in LIBRARY, recognised by the code at the
// reported place; those are printed, so they stay visible.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Library findings, each with the minified code it points at and why it is not ours. Preact's DOM diff sets
 * innerHTML only for a `dangerouslySetInnerHTML` prop (node_modules/preact/src/diff/index.js), which no component
 * of ours passes: `npm run lint` fails if src/ ever uses it, since the exemption would then cover our code.
 */
const LIBRARY = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    code_at: /\.innerHTML=\w+\.__html/,
    what: "Preact's diff applying dangerouslySetInnerHTML (unused by our components)",
  },
];

const result = spawnSync(join('node_modules', '.bin', 'web-ext'), ['lint', '--source-dir', 'dist/firefox', '--output', 'json', '--no-config-discovery'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(result.stdout);
} catch {
  console.error(result.stdout, result.stderr);
  process.exit(1);
}

const usesRawHtml = spawnSync('git', ['grep', '--untracked', '-nE', 'dangerouslySetInnerHTML|\\.(inner|outer)HTML\\s*=|insertAdjacentHTML', '--', 'src', ':!*.test.ts', ':!*.test.tsx'], { encoding: 'utf8' }).stdout.trim();

/** The library finding a warning is, if it is one: the code around the reported column must be the listed code. */
function libraryFinding(m) {
  if (usesRawHtml || !m.file || m.line === undefined || m.column === undefined) return undefined;
  let line;
  try {
    line = readFileSync(join('dist', 'firefox', m.file), 'utf8').split('\n')[m.line - 1] ?? '';
  } catch {
    return undefined;
  }
  const around = line.slice(Math.max(0, m.column - 80), m.column + 80);
  return LIBRARY.find((l) => l.code === m.code && l.code_at.test(around));
}

const show = (m) => `  ${m.code} ${m.file ?? ''}${m.line ? `:${m.line}` : ''}${m.column ? `:${m.column}` : ''} ${m.message}`;
const ours = [];
for (const m of report.warnings) {
  const library = libraryFinding(m);
  if (library) console.log(`warning (library: ${library.what})${show(m)}`);
  else ours.push(m);
}
for (const m of ours) console.error(`warning (our code)${show(m)}`);
for (const m of report.errors) console.error(`error${show(m)}`);
if (usesRawHtml) console.error(`src/ writes raw HTML, so no innerHTML warning can be put down to Preact:\n${usesRawHtml}`);
console.log(
  `web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings (${ours.length} from our code, ` +
    `${report.warnings.length - ours.length} in library code), ${report.notices.length} notices`,
);
process.exit(report.errors.length === 0 && ours.length === 0 ? 0 : 1);
