// Share a trace in headless Firefox ESR: Export HAR and Export JSON, opened in viewer.html (trace-flows.ts).
import { describe } from 'vitest';
import { launchFirefox } from './firefox';
import { useWorld } from './scenarios';
import { traceScenarios } from './trace-flows';

describe('Firefox: share a trace', () => {
  const world = useWorld((mock) => launchFirefox({ mockPort: mock.port, mockCert: mock.cert }));
  traceScenarios(world);
});
