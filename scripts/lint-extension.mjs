// web-ext lint of the Firefox build: fails on any error, prints warnings so they stay visible.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const result = spawnSync(join('node_modules', '.bin', 'web-ext'), ['lint', '--source-dir', 'dist/firefox', '--output', 'json', '--no-config-discovery'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(result.stdout);
} catch {
  console.error(result.stdout, result.stderr);
  process.exit(1);
}
const show = (m) => `  ${m.code} ${m.file ?? ''}${m.line ? `:${m.line}` : ''} ${m.message}`;
for (const m of report.warnings) console.log(`warning${show(m)}`);
for (const m of report.errors) console.error(`error${show(m)}`);
console.log(`web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings, ${report.notices.length} notices`);
process.exit(report.errors.length === 0 ? 0 : 1);
