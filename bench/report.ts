// The bench's verdicts and its one table: markdown, so the terminal output can go into README.md as it is.
import type { Machine } from './machine';

export interface Row {
  measure: string;
  figure: string;
  target?: string;
  pass?: boolean;
}

export function ms(x: number | undefined): string {
  return x === undefined || Number.isNaN(x) ? 'n/a' : `${x.toFixed(1)} ms`;
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function machineLine(m: Machine, date: string): string {
  return `Measured ${date} on ${m.os} (${m.kernel}), ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}; ${m.chromium} headless; ${m.playwright}; commit ${m.commit}.`;
}

export function table(rows: Row[]): string {
  const cells = rows.map((r) => [r.measure, r.figure, r.target ?? '', r.pass === undefined ? '' : r.pass ? 'PASS' : '**MISS**']);
  const head = ['measure', 'figure', 'target', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
