// Screenshots of every step, written to e2e/screenshots/<walk>/NN-step.png for CI to keep.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SCREENSHOT_DIR =
  process.env.TONGBAN_WALK_SCREENSHOTS ?? resolve(import.meta.dirname, '..', 'screenshots');

export class Album {
  constructor(walk) {
    this.folder = join(SCREENSHOT_DIR, walk);
    this.count = 0;
    mkdirSync(this.folder, { recursive: true });
  }

  /** Saves a full-page screenshot named after `step`. */
  async take(page, step) {
    this.count += 1;
    const name = `${String(this.count).padStart(2, '0')}-${step}.png`;
    await page.screenshot({ path: join(this.folder, name), fullPage: true });
  }
}
