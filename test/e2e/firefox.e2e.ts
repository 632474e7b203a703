// End to end in headless Firefox ESR with dist/firefox installed as a temporary add-on, driven over WebDriver
// BiDi: the same user scenarios as Chromium. Firefox runs the background as an event page, so "stopped" here
// means the event page was unloaded and a fresh one starts on the next message.
import { describe } from 'vitest';
import { launchFirefox } from './firefox';
import { sharedScenarios, useWorld } from './scenarios';

describe('Firefox: shared scenarios', () => {
  const world = useWorld((mock) => launchFirefox({ mockPort: mock.port, mockCert: mock.cert }));
  sharedScenarios(world);
});
