// A trace exported in one browser opens in the other's viewer.html with the same view: Chromium records and
// exports, Firefox opens Chromium's files and exports its own, Chromium opens Firefox's (trace-flows.ts).
import { describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import { useWorld } from './scenarios';
import { expectViewerShows, recordAndExport, type Exported } from './trace-flows';

let fromChromium: Exported | undefined;
let fromFirefox: Exported | undefined;

describe('a trace from Chromium', () => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port }));
  it('is recorded and exported', async () => {
    fromChromium = await recordAndExport(world);
  });
});

describe('in Firefox', () => {
  const world = useWorld((mock) => launchFirefox({ mockPort: mock.port, mockCert: mock.cert }));
  it("opens Chromium's HAR and JSON with the same events and diagnosis, and exports its own", async () => {
    expect(fromChromium).toBeDefined();
    await expectViewerShows(world.driver, fromChromium!);
    fromFirefox = await recordAndExport(world);
  });
});

describe('back in Chromium', () => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port }));
  it("opens Firefox's HAR and JSON with the same events and diagnosis", async () => {
    expect(fromFirefox).toBeDefined();
    await expectViewerShows(world.driver, fromFirefox!);
  });
});
