// One demo federation and one browser per test file, started before its tests and stopped
// after them.

import { after, before } from 'node:test';

import { launch } from './browser.js';
import { startDemo } from './demo.js';

/** Registers the hooks and returns the object whose `demo` and `browser` they fill. */
export function federationFixture() {
  const fixture = { demo: undefined, browser: undefined };
  before(async () => {
    fixture.demo = await startDemo();
    fixture.browser = await launch();
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.demo?.stop();
  });
  return fixture;
}
