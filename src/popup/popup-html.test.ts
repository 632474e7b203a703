// The popup page under the extension's strict CSP: no inline script, the bundle as a module, an empty mount point.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const html = readFileSync(new URL('./popup.html', import.meta.url), 'utf8');

describe('popup.html', () => {
  it('loads popup.js as a module and popup.css, and has no inline script or handler', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]![1]).toMatch(/type="module"/);
    expect(scripts[0]![1]).toMatch(/src="popup\.js"/);
    expect(scripts[0]![2]!.trim()).toBe('');
    expect(html).toMatch(/<link rel="stylesheet" href="popup\.css"/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('mounts into an empty #app', () => {
    expect(html).toMatch(/<div id="app"><\/div>/);
  });
});
