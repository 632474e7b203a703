// `npx tsx bench/trace.ts`: Chrome traces of single openings, for finding out where the time of `npm run bench`
// goes (not part of `npm run bench`). Traces TRACE_COLD (5) openings of the popup with the worker stopped, one
// with it warm and one of the bare page; writes each to dist/bench-trace-<name>.json (load them in
// https://ui.perfetto.dev) and prints the time spent per kind of work on the extension's threads, and the
// stopped worker's start step by step (browser start-up, compile, top-level evaluation, handler).
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession } from 'playwright-core';
import { ensureChromium } from '../scripts/ensure-browser.mjs';
import { launchChromium } from '../test/e2e/chromium';
import { startMockOrg } from '../test/mock-org/server';
import { Bench } from './openings';
import { prepare } from './prepare';
import { median } from './stats';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COLD_TRACES = Number(process.env.TRACE_COLD ?? 5);
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

/** Time per kind of work on the threads of the extension's renderer (the page and the worker). */
function workByThread(events: TraceEvent[]): string[] {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name);
  const extensionPid = events.find((e) => e.name === 'v8.compileModule' && /(popup|bare)\.js/.test(e.args?.data?.url ?? e.args?.fileName ?? ''))?.pid;
  const perThread = new Map<string, Map<string, number>>();
  for (const e of events) {
    const kind = KINDS[e.name];
    if (!kind || e.ph !== 'X' || !e.dur || e.pid !== extensionPid) continue;
    const thread = names.get(`${e.pid}:${e.tid}`) ?? String(e.tid);
    const m = perThread.get(thread) ?? new Map<string, number>();
    m.set(kind, (m.get(kind) ?? 0) + e.dur / 1000);
    perThread.set(thread, m);
  }
  return [...perThread].map(([thread, kinds]) => {
    const parts = [...kinds].filter(([, v]) => v >= 0.1).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(1)}`);
    return `  ${thread}: ${parts.join(', ')} ms`;
  });
}

export interface WorkerStart {
  /** StartWorker (the browser decides to start it) to the worker thread compiling background.js. */
  toCompile: number;
  compile: number;
  /** background.js top-level evaluation. */
  evaluate: number;
  /** Worker started to its first Okta request leaving (the message handler before the fetch). */
  toFetch: number;
  /** StartWorker to the Okta request. */
  total: number;
}

/** The stopped worker's start, from the browser's own trace events; undefined when the worker was running. */
function workerStart(events: TraceEvent[]): WorkerStart | undefined {
  const first = (pred: (e: TraceEvent) => boolean) => events.filter(pred).sort((a, b) => a.ts - b.ts)[0];
  const start = first((e) => e.name === 'ServiceWorkerVersion::StartWorker');
  const compile = first((e) => e.name === 'v8.compileModule' && String(e.args?.data?.url ?? e.args?.fileName ?? '').endsWith('/background.js'));
  if (!start || !compile) return undefined;
  const onWorker = (e: TraceEvent) => e.pid === compile.pid && e.tid === compile.tid;
  const evaluate = first((e) => onWorker(e) && e.name === 'v8.evaluateModule' && e.ts >= compile.ts);
  const started = first((e) => onWorker(e) && e.name === 'ServiceWorkerContextClient::SendWorkerStarted');
  const fetch = first((e) => onWorker(e) && e.name === 'ResourceSendRequest' && String(e.args?.data?.url).includes('/api/v1/sessions/'));
  if (!evaluate || !started || !fetch) return undefined;
  const ms = (us: number) => Math.round(us / 100) / 10;
  return {
    toCompile: ms(compile.ts - start.ts),
    compile: ms(compile.dur ?? 0),
    evaluate: ms(evaluate.dur ?? 0),
    toFetch: ms(fetch.ts - started.ts),
    total: ms(fetch.ts - start.ts),
  };
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
    const starts: WorkerStart[] = [];
    const cases = [...Array.from({ length: COLD_TRACES }, () => 'popup-stopped-worker'), 'popup-warm-worker', 'bare'];
    for (const [i, name] of cases.entries()) {
      const id = await bench.newSession();
      if (name === 'popup-stopped-worker') await driver.stopBackground();
      let figure = '';
      const events = await traced(cdp, async () => {
        const o = name === 'bare' ? await bench.open('bare', bench.bareUrl(id)) : await bench.open('popup', bench.popupUrl());
        const sent = o.messages.map((m) => `${m.type} ${m.sent.toFixed(1)}→${m.replied?.toFixed(1)}`).join(', ');
        figure = `login in the page at ${o.dom.toFixed(1)} ms, painted ${o.frame.toFixed(1)} ms${sent ? `; ${sent}` : ''}`;
      });
      const file = join(ROOT, 'dist', `bench-trace-${name}${name === 'popup-stopped-worker' ? `-${i + 1}` : ''}.json`);
      writeFileSync(file, JSON.stringify({ traceEvents: events }));
      console.log(`\n${name}: ${figure}\n  trace: ${file}`);
      for (const l of workByThread(events)) console.log(l);
      const start = workerStart(events);
      if (start) {
        starts.push(start);
        console.log(`  worker start (ms): ${Object.entries(start).map(([k, v]) => `${k} ${v}`).join(', ')}`);
      }
    }
    if (starts.length) {
      const med = (k: keyof WorkerStart) => median([...starts.map((s) => s[k])].sort((a, b) => a - b)).toFixed(1);
      console.log(`\nStopped worker, medians of ${starts.length}: StartWorker → compile ${med('toCompile')} ms, compile ${med('compile')} ms, ` +
        `evaluate background.js ${med('evaluate')} ms, started → Okta request ${med('toFetch')} ms; StartWorker → Okta request ${med('total')} ms`);
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
