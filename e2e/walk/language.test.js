// The language switch: present on every page of the walk (checked there), and remembered
// from one page to the next and across the portals of one host.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { federationFixture } from '../lib/fixture.js';

const fixture = federationFixture();

/** The language of the page now. */
function pageLang(page) {
  return page.locator('html').getAttribute('lang');
}

test('chosen language is remembered', async () => {
  const context = await fixture.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${fixture.demo.urls.gd}/services`);
  assert.equal(await pageLang(page), 'zh-CN', 'a browser asking for Chinese gets Chinese');

  await page.locator('header nav.account a[hreflang="en"]').click();
  await page.waitForLoadState('load');
  assert.equal(await pageLang(page), 'en', 'the switch shows the page in English');
  assert.match(page.url(), /\/services/, 'the switch stays on the same page');

  await page.goto(`${fixture.demo.urls.gd}/verify`);
  assert.equal(await pageLang(page), 'en', 'the next page of the portal stays English');
  await page.goto(`${fixture.demo.urls.hub}/register`);
  assert.equal(await pageLang(page), 'en', 'the hub on the same host stays English');

  await page.locator('header nav.account a[hreflang="zh-CN"]').click();
  await page.waitForLoadState('load');
  await page.goto(`${fixture.demo.urls.gd}/`);
  assert.equal(await pageLang(page), 'zh-CN', 'switching back is remembered too');
  await context.close();
});
