// The steps of the main job: a person registers at the hub, logs in at the 广东省 portal,
// finds a 浙江省 service, applies with uploads; a 浙江省 clerk accepts and approves; the person
// finds the e-certificate in the wallet and verifies it.

import assert from 'node:assert/strict';

import { checkPage } from './page_checks.js';

/** A small PDF, as the type check reads the content and not the file name. */
export function samplePdf(name) {
  const body = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(body) };
}

/** The error summary or field errors of the page, for a failure message. */
export async function errorText(page) {
  const errors = page.locator('.error-summary, .field-error, [role=alert]');
  return (await errors.allInnerTexts()).join(' | ') || '(no error shown)';
}

/** Registers `person` at the hub. */
export async function register(walk, hubUrl, person) {
  const { page, actor } = walk;
  await page.goto(`${hubUrl}/register`);
  await checkPage(walk, 'hub-register');

  await actor.fill(page.locator('#name'), person.name);
  await actor.fill(page.locator('#resident_id'), person.residentId);
  await actor.fill(page.locator('#phone'), person.phone);
  await actor.fill(page.locator('#password'), person.password);
  await actor.fill(page.locator('#password_confirmation'), person.password);
  await actor.activate(page.locator('main form button[type=submit]'));
  assert.match(page.url(), /\/account(\?|$)/, `registration failed: ${await errorText(page)}`);
  await checkPage(walk, 'hub-account');
}

/** Opens the portal's home page and logs in through the hub. */
export async function logIn(walk, portalUrl, person) {
  const { page, actor } = walk;
  await page.goto(portalUrl);
  await checkPage(walk, 'portal-home');

  await actor.activate(page.locator('header nav.account a[href^="/login"]'));
  if (page.url().includes('/login') && (await page.locator('#identifier').count()) > 0) {
    await actor.fill(page.locator('#identifier'), person.residentId);
    await actor.fill(page.locator('#password'), person.password);
    await actor.activate(page.locator('main form button[type=submit]'));
  }
  assert.ok(page.url().startsWith(portalUrl), `back at the portal after login: ${page.url()}`);
  await assert.doesNotReject(
    page.locator('header .user').waitFor({ state: 'visible', timeout: 5000 }),
    'the portal shows the person logged in',
  );
  await checkPage(walk, 'portal-logged-in');
}

/** Searches the portal's services and opens the guide of `serviceId`. */
export async function findService(walk, query, serviceId) {
  const { page, actor } = walk;
  await actor.fill(page.locator('#q'), query);
  await actor.activate(page.locator('form[role=search] button[type=submit]'));
  await checkPage(walk, 'search-results');

  const hit = page.locator(`main a[href="/services/${serviceId}"]`).first();
  await actor.activate(hit);
  assert.match(page.url(), new RegExp(`/services/${serviceId}$`));
  assert.ok(await page.locator('#materials').count(), 'the guide lists the materials');
  await checkPage(walk, 'service-guide');
}

/** Fills the application form from `answers` and uploads a PDF for every material. */
export async function apply(walk, answers) {
  const { page, actor } = walk;
  await actor.activate(page.locator('#apply'));
  await checkPage(walk, 'application-form');

  for (const [name, value] of Object.entries(answers)) {
    const field = page.locator(`[name="field-${name}"]`);
    const tag = await field.evaluate((element) => element.tagName);
    if (tag === 'SELECT') {
      await actor.select(field, value);
    } else {
      await actor.fill(field, value);
    }
  }
  const uploads = page.locator('input[type=file][name^="material-"]');
  for (let index = 0; index < (await uploads.count()); index += 1) {
    await actor.attach(uploads.nth(index), samplePdf(`material-${index + 1}.pdf`));
  }
  await actor.activate(page.locator('#submit'));
  assert.match(page.url(), /\/cases\/[^/?]+/, `the case page after submitting: ${page.url()}`);
  await checkPage(walk, 'application-submitted');
}

/** Waits until the person's case list shows a case number, and returns it. */
export async function caseNumber(walk, portalUrl) {
  const { page } = walk;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    await page.goto(`${portalUrl}/cases`);
    const number = page.locator('main table tbody tr th a, main table tbody tr td a').first();
    if (await number.count()) {
      const text = (await number.innerText()).trim();
      if (/^[0-9A-Z]{10,}$/.test(text)) {
        await checkPage(walk, 'my-cases');
        return text;
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error('no case number appeared under my cases within 10 s');
}
