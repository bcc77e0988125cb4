// Launches Debian's Chromium headless through playwright-core, with the flags that keep it
// from reaching out to any host: the walk only talks to the demo on 127.0.0.1.

import { chromium } from 'playwright-core';

const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];

/** Launches the browser. */
export function launch() {
  return chromium.launch({ executablePath: EXECUTABLE, headless: true, args: QUIET_FLAGS });
}

/** The viewports the walk runs at. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  mobile: { width: 390, height: 844 },
};
