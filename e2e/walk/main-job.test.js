// The main job of tongban in Chromium: on a desktop in both languages (English by keyboard
// alone), on a phone 390 px wide, and without JavaScript.

import { test } from 'node:test';

import { Actor } from '../lib/actor.js';
import { VIEWPORTS } from '../lib/browser.js';
import { downloadPdf, openCertificate, verifyPdf } from '../lib/certificates.js';
import { act, openCase, staffLogIn } from '../lib/clerk.js';
import { federationFixture } from '../lib/fixture.js';
import { syntheticPerson } from '../lib/people.js';
import { rateCase } from '../lib/rating.js';
import { Album } from '../lib/shots.js';
import { apply, caseNumber, findService, logIn, register } from '../lib/steps.js';

const fixture = federationFixture();

/** Opens a new browser context for one walk and returns what the steps need. */
async function newWalk(name, { lang, viewport, mode, scripts }) {
  const context = await fixture.browser.newContext({
    locale: lang,
    viewport,
    javaScriptEnabled: scripts,
    // axe-core is injected as a script, which the portals' Content-Security-Policy forbids.
    bypassCSP: true,
  });
  const page = await context.newPage();
  return { context, page, lang, scripts, actor: new Actor(page, mode), album: new Album(name) };
}

/** Walks the main job with one person and the 浙江省 clerk, both set up by `options`. */
async function mainJob(name, options) {
  const person = syntheticPerson('林晓燕', '440106', 1990, true);
  const walk = await newWalk(name, options);
  await register(walk, fixture.demo.urls.hub, person);
  await logIn(walk, fixture.demo.urls.gd, person);
  // The catalog's service names are Chinese in both languages of the portal.
  await findService(walk, '体育设施', 'gd-zj-fitness-facility');
  await apply(walk, {
    facility_name: '天河体育中心游泳馆',
    change_kind: '改变用途',
    reason: '改建为全民健身中心。',
  });
  const number = await caseNumber(walk, fixture.demo.urls.gd);

  const clerk = await newWalk(`${name}-clerk`, options);
  await staffLogIn(clerk, fixture.demo.urls.zj, 'zj-clerk', fixture.demo.passwords['zj-clerk']);
  await openCase(clerk, fixture.demo.urls.zj, number);
  await act(clerk, 'accept', '材料齐全，予以受理。');
  await act(clerk, 'start_review', '');
  await act(clerk, 'approve', '同意改变用途。');
  await act(clerk, 'close', '');

  await openCertificate(walk, fixture.demo.urls.gd, number);
  const pdf = await downloadPdf(walk);
  await verifyPdf(walk, fixture.demo.urls.gd, pdf, number);
  await rateCase(walk, fixture.demo.urls.gd, number, '1', '办理很快，网上全程办好。');

  await walk.context.close();
  await clerk.context.close();
}

test('main job, desktop, zh-CN', async () => {
  await mainJob('desktop-zh-CN', { lang: 'zh-CN', viewport: VIEWPORTS.desktop, mode: 'pointer', scripts: true });
});

test('main job, desktop, en, keyboard only', async () => {
  await mainJob('desktop-en-keyboard', { lang: 'en', viewport: VIEWPORTS.desktop, mode: 'keyboard', scripts: true });
});

test('main job, phone 390 px, zh-CN', async () => {
  await mainJob('mobile-zh-CN', { lang: 'zh-CN', viewport: VIEWPORTS.mobile, mode: 'pointer', scripts: true });
});

test('main job, phone 390 px, en', async () => {
  await mainJob('mobile-en', { lang: 'en', viewport: VIEWPORTS.mobile, mode: 'pointer', scripts: true });
});

test('main job without JavaScript', async () => {
  await mainJob('no-javascript', { lang: 'zh-CN', viewport: VIEWPORTS.desktop, mode: 'pointer', scripts: false });
});
