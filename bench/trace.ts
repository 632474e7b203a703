// `npx tsx bench/trace.ts`: Chrome traces of single openings, for finding out where the time of `npm run bench`
// goes (not part of `npm run bench`). Traces one opening each of: the popup with the worker stopped, the popup
// with it warm, the bare page; writes each to dist/bench-trace-<name>.json (load them in chrome://tracing or
// https://ui.perfetto.dev) and prints, per thread, the time spent in the main kinds of work.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession } from 'playwright-core';
import { ensureChromium } from '../scripts/ensure-browser.mjs';
import { launchChromium } from '../test/e2e/chromium';
import { startMockOrg } from '../test/mock-org/server';
import { Bench } from './openings';
import { prepare } from './prepare';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink',
  'loading',
  'navigation',
  'ServiceWorker',
  'extensions',
  'toplevel',
  'ipc',
  'mojom',
];

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, any>;
}

async function traced(cdp: CDPSession, work: () => Promise<void>): Promise<TraceEvent[]> {
  const done = new Promise<string>((r) => cdp.once('Tracing.tracingComplete', (e) => r(e.stream!)));
  await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: CATEGORIES } });
  await work();
  await cdp.send('Tracing.end');
  const handle = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle });
  const parsed = JSON.parse(text) as { traceEvents: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

const KINDS: Record<string, string> = {
  'v8.compile': 'compile',
  'v8.compileModule': 'compile',
  'V8.CompileCode': 'compile',
  'v8.produceModuleCache': 'compile',
  'v8.evaluateModule': 'evaluate',
  'v8.run': 'evaluate',
  EvaluateScript: 'evaluate',
  FunctionCall: 'js calls',
  'V8.GC_SCAVENGER': 'gc',
  MinorGC: 'gc',
  MajorGC: 'gc',
  ParseHTML: 'parse html',
  ParseAuthorStyleSheet: 'css',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  Paint: 'paint',
  RunTask: 'tasks (total)',
  'ThreadControllerImpl::RunTask': 'tasks (total)',
};

function summarize(events: TraceEvent[]): string[] {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name);
  const perThread = new Map<string, Map<string, number>>();
  for (const e of events) {
    const kind = KINDS[e.name];
    if (!kind || e.ph !== 'X' || !e.dur) continue;
    const thread = names.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`;
    if (!/CrRendererMain|ServiceWorker|Worker/.test(thread)) continue;
    const key = `${thread} (pid ${e.pid})`;
    const m = perThread.get(key) ?? new Map<string, number>();
    m.set(kind, (m.get(kind) ?? 0) + e.dur / 1000);
    perThread.set(key, m);
  }
  const lines: string[] = [];
  for (const [thread, kinds] of perThread) {
    const parts = [...kinds].filter(([, v]) => v >= 0.1).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(1)}`);
    if (parts.length) lines.push(`  ${thread}: ${parts.join(', ')} ms`);
  }
  // The worker's start, as the browser logs it: from the first ServiceWorker event to its script evaluated.
  const sw = events.filter((e) => e.cat.includes('ServiceWorker') && (e.ph === 'X' || e.ph === 'b' || e.ph === 'B' || e.ph === 'n' || e.ph === 'I'));
  if (sw.length) {
    const t0 = Math.min(...sw.map((e) => e.ts));
    const seen = new Map<string, number>();
    for (const e of sw) if (!seen.has(e.name)) seen.set(e.name, (e.ts - t0) / 1000);
    lines.push(`  ServiceWorker events (first occurrence, ms after the first): ${[...seen].sort((a, b) => a[1] - b[1]).slice(0, 25).map(([n, t]) => `${n} +${t.toFixed(1)}`).join('; ')}`);
  }
  return lines;
}

async function main(): Promise<void> {
  ensureChromium();
  const prepared = await prepare(ROOT);
  const mock = await startMockOrg();
  const driver = await launchChromium({ mockPort: mock.port, dist: prepared.benchChrome });
  try {
    const bench = new Bench(driver, mock, prepared.probeScript);
    await bench.setUp();
    for (let i = 0; i < 3; i++) {
      const id = await bench.newSession();
      await bench.open('popup', bench.popupUrl());
      await bench.open('bare', bench.bareUrl(id));
    }
    const cdp = await driver.context.browser()!.newBrowserCDPSession();
    const cases: [string, (id: string) => Promise<unknown>][] = [
      ['popup-stopped-worker', async () => {
        await driver.stopBackground();
        return undefined;
      }],
      ['popup-warm-worker', async () => undefined],
      ['bare', async () => undefined],
    ];
    for (const [name, before] of cases) {
      const id = await bench.newSession();
      await before(id);
      let figure = '';
      const events = await traced(cdp, async () => {
        const o = name === 'bare' ? await bench.open('bare', bench.bareUrl(id)) : await bench.open('popup', bench.popupUrl());
        figure = `login on screen at ${o.frame.toFixed(1)} ms; ${o.messages.map((m) => `${m.type} ${m.sent.toFixed(1)}→${m.replied?.toFixed(1)}`).join(', ')}`;
      });
      const file = join(ROOT, 'dist', `bench-trace-${name}.json`);
      writeFileSync(file, JSON.stringify({ traceEvents: events }));
      console.log(`\n${name}: ${figure}\n  trace: ${file}`);
      for (const l of summarize(events)) console.log(l);
    }
  } finally {
    await driver.close();
    await mock.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
