// The side panel in both browsers: the live scenarios (panel-scenarios.ts), each against its own browser.
import { describe } from 'vitest';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import { panelScenarios } from './panel-scenarios';
import { useWorld } from './scenarios';

describe('Chromium: the side panel, live', () => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port }));
  panelScenarios(world);
});

describe('Firefox: the side panel, live', () => {
  const world = useWorld((mock) => launchFirefox({ mockPort: mock.port, mockCert: mock.cert }));
  panelScenarios(world);
});
