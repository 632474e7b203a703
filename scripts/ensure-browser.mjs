// Finds Debian's Chromium, installing it with apt-get when we are root and it is missing.
// Never downloads a browser build of its own (Playwright's `install` cannot work offline here).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

function ensure(path, pkg) {
  if (existsSync(path)) return path;
  const root = process.platform === 'linux' && process.getuid?.() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log(`${path} is missing: installing Debian's ${pkg} (apt-get install -y ${pkg})…`);
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const install = update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (install && install.status === 0 && existsSync(path)) return path;
  }
  console.error(`${path} not found. Install it with:  sudo apt-get install -y ${pkg}   (or set ${pkg === 'chromium' ? 'CHROMIUM_PATH' : 'FIREFOX_PATH'})`);
  process.exit(1);
}

export const ensureChromium = () => ensure(CHROMIUM, 'chromium');
export const ensureFirefox = () => ensure(FIREFOX, 'firefox-esr');
