// What a page pays: core + any one adapter stays under the budget (minified + gzip, peers excluded). The build
// records the figures in sizes.json; this test measures again so a growth cannot go unnoticed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ADAPTERS, BUDGET_BYTES, ENTRIES, measureAll } from '../scripts/sizes.mjs';

test('sizes_CorePlusAnyOneAdapter_UnderBudget', async () => {
  const sizes = await measureAll();
  for (const name of ADAPTERS) {
    assert.ok(sizes.coreWith[name].gzip < BUDGET_BYTES, `core + ${name}: ${sizes.coreWith[name].gzip} B gzip >= ${BUDGET_BYTES} B`);
  }
});

test('sizes_RecordedFile_HasEveryEntryAsBuilt', async () => {
  const recorded = JSON.parse(readFileSync(new URL('../sizes.json', import.meta.url), 'utf8'));
  const measured = await measureAll();
  assert.deepEqual(Object.keys(recorded.entries), ENTRIES);
  assert.deepEqual(recorded, measured);
});
