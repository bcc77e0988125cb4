// The 浙江省 clerk's part of the walk: staff login, the queue, and the steps that take the
// case from submitted to approved.

import assert from 'node:assert/strict';

import { checkPage } from './page_checks.js';

/** Logs `login` in at the node's staff login page. */
export async function staffLogIn(walk, nodeUrl, login, password) {
  const { page, actor } = walk;
  await page.goto(`${nodeUrl}/staff/login`);
  await checkPage(walk, 'staff-login');

  await actor.fill(page.locator('#login_name'), login);
  await actor.fill(page.locator('#password'), password);
  await actor.activate(page.locator('main form button[type=submit]'));
  assert.ok(!page.url().endsWith('/staff/login'), 'the staff login succeeded');
}

/** Opens case `number` from the queue of open cases. */
export async function openCase(walk, nodeUrl, number) {
  const { page, actor } = walk;
  await page.goto(`${nodeUrl}/staff/cases`);
  await checkPage(walk, 'staff-queue');

  await actor.activate(page.locator('#queue a', { hasText: number }));
  assert.equal((await page.locator('#fact-number').innerText()).trim(), number);
  await checkPage(walk, 'staff-case');
}

/** Takes step `action` on the open case with `reason`, and checks the new status. */
export async function act(walk, action, reason) {
  const { page, actor } = walk;
  const form = page.locator(`#act-${action}`);
  assert.ok(await form.count(), `the case offers the step ${action}`);

  const reasonField = form.locator('textarea[name=reason]');
  if (reason && (await reasonField.count())) {
    await actor.fill(reasonField, reason);
  }
  await actor.activate(form.locator('button[type=submit]'));
  const errors = await page.locator('.error-summary, .field-error, [role=alert]').allInnerTexts();
  assert.deepEqual(errors, [], `the step ${action} failed`);
  await checkPage(walk, `staff-${action.replaceAll('_', '-')}`);
}

