// The last step of the walk: the person rates the service of the closed case (好差评).

import assert from 'node:assert/strict';

import { checkPage } from './page_checks.js';
import { errorText } from './steps.js';

/** Opens case `number` under my cases at `portalUrl` and rates it `satisfaction` (1–5). */
export async function rateCase(walk, portalUrl, number, satisfaction, comment) {
  const { page, actor } = walk;
  await page.goto(`${portalUrl}/cases`);
  await actor.activate(page.locator('main table a', { hasText: number }));
  await checkPage(walk, 'closed-case');

  await actor.activate(page.locator('#rate-link'));
  await checkPage(walk, 'rating-form');
  await actor.check(page.locator(`#rating-form input[name=satisfaction][value="${satisfaction}"]`));
  await actor.fill(page.locator('#rating-comment'), comment);
  await actor.activate(page.locator('#rating-form button[type=submit]'));

  assert.equal(await page.locator('.error-summary').count(), 0, `rating failed: ${await errorText(page)}`);
  assert.ok(await page.locator('#ratings').count(), 'the page lists the rating given');
  await checkPage(walk, 'rating-given');
}
