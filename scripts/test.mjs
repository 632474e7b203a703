// `npm test`: every check the project has, in order, stopping at the first failure.
// typecheck -> unit and integration tests -> build -> web-ext lint -> end-to-end in Chromium and Firefox.
// Ends with one plain "N passed, N failed" line that counts every test that ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium, ensureFirefox } from './ensure-browser.mjs';

const bin = (name) => join('node_modules', '.bin', name);
const reports = mkdtempSync(join(tmpdir(), 'osi-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const timings = [];

function run(label, command, args, { env } = {}) {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) {
    countFromReports();
    console.error(`\n✖ ${label} failed (exit ${result.status ?? result.signal}).`);
    summary();
    process.exit(1);
  }
}

/** Runs under a loopback-only network namespace when we can make one (root on Linux): nothing can leak out. */
function isolated(command, args) {
  const canIsolate = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/unshare') && !process.env.OSI_NO_NETNS;
  if (!canIsolate) return [command, args];
  const quoted = [command, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  return ['unshare', ['-n', 'sh', '-c', `ip link set lo up && exec ${quoted}`]];
}

const vitestReports = [];
function vitest(label, config) {
  const out = join(reports, `${vitestReports.length}.json`);
  vitestReports.push(out);
  const [cmd, args] = isolated(bin('vitest'), ['run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  run(label, cmd, args);
}

function countFromReports() {
  totals.passed = totals.failed = totals.skipped = 0;
  for (const file of vitestReports) {
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    totals.passed += r.numPassedTests;
    // A suite that fails before its tests run (a browser that never started) has failed tests of its own: count it.
    totals.failed += r.numFailedTests + (r.numFailedTestSuites ?? 0);
    totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  }
}

function summary() {
  console.log(`\nsteps: ${timings.join(' · ')}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
}

run('typecheck (tsc --noEmit)', bin('tsc'), ['--noEmit']);
vitest('unit and integration tests (vitest)', 'vitest.config.ts');
run('build (dist/chrome, dist/firefox)', 'node', ['build.mjs']);
run('web-ext lint dist/firefox', 'node', ['scripts/lint-extension.mjs']);
ensureChromium();
ensureFirefox();
vitest('end-to-end in Chromium and Firefox (vitest; playwright-core, WebDriver BiDi)', 'vitest.e2e.config.ts');
countFromReports();
summary();
process.exit(totals.failed > 0 ? 1 : 0);
