// The package as issue 19 part 1 sets it out: one ES module + .d.ts per entry point, strict TypeScript, no runtime
// dependency (the core and the WebSocket adapters import nothing; SignalR and React are optional peers), and the
// public API as the issue writes it, type-checked against the emitted declarations.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const ENTRIES = { '.': 'index', './signalr': 'signalr', './apigateway': 'apigateway', './appsync': 'appsync', './react': 'react' };

test('package_NameTypeAndExports_OneEsModuleAndDtsPerEntry', () => {
  assert.equal(pkg.name, '@progresskit/client');
  assert.equal(pkg.type, 'module');
  assert.deepEqual(Object.keys(pkg.exports).filter((k) => k !== './package.json'), Object.keys(ENTRIES));
  for (const [entry, file] of Object.entries(ENTRIES)) {
    assert.deepEqual(pkg.exports[entry], { types: `./dist/${file}.d.ts`, import: `./dist/${file}.js` }, entry);
    assert.ok(existsSync(new URL(`dist/${file}.js`, root)), `${file}.js`);
    assert.ok(existsSync(new URL(`dist/${file}.d.ts`, root)), `${file}.d.ts`);
  }
});

test('package_Dependencies_NoneAtRuntimeSignalRAndReactOptionalPeers', () => {
  assert.equal(pkg.dependencies, undefined);
  assert.deepEqual(Object.keys(pkg.peerDependencies).sort(), ['@microsoft/signalr', 'react']);
  assert.deepEqual(pkg.peerDependenciesMeta, { '@microsoft/signalr': { optional: true }, react: { optional: true } });
});

test('package_TypeScript_Strict', () => {
  const { compilerOptions } = JSON.parse(readFileSync(new URL('tsconfig.json', root), 'utf8'));
  assert.equal(compilerOptions.strict, true);
  assert.equal(compilerOptions.declaration, true);
});

test('entries_Imports_CoreAndSocketsNothingSignalRAndReactOnlyTheirPeer', async () => {
  const expected = { index: [], apigateway: [], appsync: [], signalr: ['@microsoft/signalr'], react: ['react'] };
  for (const [file, peers] of Object.entries(expected)) {
    const result = await build({
      entryPoints: [new URL(`dist/${file}.js`, root).pathname], bundle: true, write: false, metafile: true,
      format: 'esm', packages: 'external', logLevel: 'silent',
    });
    const external = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    assert.deepEqual([...new Set(external)].sort(), peers, file);
  }
});

test('api_AsTheIssueWritesIt_TypeChecksAgainstTheDeclarations', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const fixture = new URL('test/fixtures/api.ts', root).pathname;
  const args = [tsc, '--noEmit', '--strict', '--noUncheckedIndexedAccess', '--target', 'ES2022', '--module', 'NodeNext',
    '--moduleResolution', 'NodeNext', '--lib', 'ES2022,DOM', '--jsx', 'react-jsx', '--skipLibCheck', '--types', 'node', fixture];
  try {
    execFileSync(process.execPath, args, { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`tsc: ${e.stdout}${e.stderr}`);
  }
});
