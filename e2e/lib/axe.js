// Runs axe-core in a page and fails on any violation of WCAG 2.0 and 2.1 at levels A and AA.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Describes one violation with the selectors of its first nodes. */
function describe(violation) {
  const targets = violation.nodes
    .slice(0, 5)
    .map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.split('\n').join(' ')}`)
    .join('\n');
  return `  ${violation.id} (${violation.impact}): ${violation.help}\n${targets}`;
}

/** Asserts that axe finds no WCAG 2.1 AA violation in the page as it is now. */
export async function assertAccessible(page, step) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    TAGS,
  );
  const report = result.violations.map(describe).join('\n');
  assert.equal(
    result.violations.length,
    0,
    `axe found ${result.violations.length} WCAG 2.1 AA violations at step "${step}" (${page.url()}):\n${report}`,
  );
}
