// Share a trace in headless Chromium: Export HAR and Export JSON, opened in viewer.html (trace-flows.ts).
import { describe } from 'vitest';
import { launchChromium } from './chromium';
import { useWorld } from './scenarios';
import { traceScenarios } from './trace-flows';

describe('Chromium: share a trace', () => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port }));
  traceScenarios(world);
});
