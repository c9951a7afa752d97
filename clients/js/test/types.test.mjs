// The event and reply types are generated from docs/*.schema.json: regenerating must give the committed file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const script = new URL('../scripts/gen-types.mjs', import.meta.url);

test('generated wire types match the JSON Schemas in docs/', () => {
  const result = execFileSync(process.execPath, [script.pathname, '--check'], { encoding: 'utf8', stdio: 'pipe' });
  assert.equal(result, '');
});

test('generated wire types carry every event type and error code of the schemas', () => {
  const wire = readFileSync(new URL('../src/generated/wire.ts', import.meta.url), 'utf8');
  const event = JSON.parse(readFileSync(new URL('../../../docs/progress-event.schema.json', import.meta.url), 'utf8'));
  const reply = JSON.parse(readFileSync(new URL('../../../docs/control-reply.schema.json', import.meta.url), 'utf8'));
  for (const type of event.properties.type.enum) assert.ok(wire.includes(`"${type}"`), type);
  const codes = reply.oneOf.flatMap((branch) => branch.properties.code?.enum ?? []);
  assert.ok(codes.length > 0);
  for (const code of codes) assert.ok(wire.includes(`"${code}"`), code);
  for (const field of Object.keys(event.properties)) assert.match(wire, new RegExp(`\\b${field}\\??: `), field);
});
