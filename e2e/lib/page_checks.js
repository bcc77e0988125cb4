// What every page of the walk must show: the expected language, a language switch, no
// accessibility violation and, on a phone, no sideways scrolling.

import assert from 'node:assert/strict';

import { assertAccessible } from './axe.js';

/** Names the elements that reach past the right edge of the viewport. */
function widest(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .filter((element) => !element.parentElement.closest('.table-wrap'))
      .slice(0, 5)
      .map((element) => `<${element.tagName.toLowerCase()} id="${element.id}" class="${element.className}">`)
      .join(', ');
  });
}

/** Checks the page as it is now and saves its screenshot under `step`. */
export async function checkPage(walk, step) {
  const { page, lang, album, scripts } = walk;

  assert.equal(await page.locator('html').getAttribute('lang'), lang, `language of "${step}"`);
  const switchLink = page.locator('header nav.account a[hreflang]');
  assert.equal(await switchLink.count(), 1, `a language switch on "${step}"`);

  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(overflow <= 1, `"${step}" scrolls sideways by ${overflow} px: ${await widest(page)}`);

  await album.take(page, step);
  if (scripts) {
    await assertAccessible(page, step);
  }
}
