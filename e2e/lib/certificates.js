// The person's part after the decision: the e-certificate in the wallet, its PDF, and the
// verification page that confirms it.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { checkPage } from './page_checks.js';

/**
 * Opens the wallet at `portalUrl`, waits for the certificate of case `number` and opens it.
 * The certificate may live at another node's portal: the wallet links there.
 */
export async function openCertificate(walk, portalUrl, number) {
  const { page, actor } = walk;
  const link = page.locator(`main table a[href*="${number}"]`);
  for (let attempt = 0; attempt < 40; attempt += 1) {
    await page.goto(`${portalUrl}/certificates`);
    if (await link.count()) {
      break;
    }
    await page.waitForTimeout(250);
  }
  assert.ok(await link.count(), `the wallet lists the certificate of case ${number}`);
  await checkPage(walk, 'wallet');

  await actor.activate(link.first());
  assert.match(page.url(), /\/certificates\/1\.2\.156\./, 'the certificate page opened');
  await checkPage(walk, 'certificate');
}

/** Downloads the certificate's PDF from its page and returns the file's bytes. */
export async function downloadPdf(walk) {
  const { page, actor } = walk;
  const download = page.waitForEvent('download');
  await actor.activate(page.locator('#pdf'), { navigates: false });
  const path = await (await download).path();
  const bytes = await readFile(path);
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'the download is a PDF');
  return bytes;
}

/** Uploads `pdf` on the verification page of `portalUrl` and checks that it is valid. */
export async function verifyPdf(walk, portalUrl, pdf, number) {
  const { page, actor } = walk;
  await page.goto(`${portalUrl}/verify`);
  await checkPage(walk, 'verify-form');

  await actor.attach(page.locator('#file'), { name: 'certificate.pdf', mimeType: 'application/pdf', buffer: pdf });
  await actor.activate(page.locator('#verify-form button[type=submit]'));
  const verdict = page.locator('#outcome-result');
  assert.equal(await verdict.getAttribute('data-result'), 'valid', await verdict.innerText());
  assert.ok(
    (await page.locator('#outcome').innerText()).includes(number),
    `the verdict names the certificate of case ${number}`,
  );
  await checkPage(walk, 'verify-result');
}
