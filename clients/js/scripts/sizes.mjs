// Measures what each entry point costs a page: bundled with esbuild, minified, gzip level 9, peer dependencies
// (@microsoft/signalr, react) left out. Writes sizes.json; test/sizes.test.mjs holds core + any one adapter under
// the budget.  node scripts/sizes.mjs [--print]
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ENTRIES = ['index', 'signalr', 'apigateway', 'appsync', 'react'];
export const ADAPTERS = ['signalr', 'apigateway', 'appsync', 'react'];
// "Under 5 KB" read strictly: 5,000 bytes, not 5,120.
export const BUDGET_BYTES = 5_000;

async function measure(contents) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true, minify: true, format: 'esm', write: false, target: 'es2022',
    external: ['@microsoft/signalr', 'react'], logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

export async function measureAll() {
  const entries = {};
  for (const name of ENTRIES) entries[name] = await measure(`export * from './dist/${name}.js';`);
  const coreWith = {};
  for (const name of ADAPTERS) {
    coreWith[name] = await measure(`export * from './dist/index.js'; export * as adapter from './dist/${name}.js';`);
  }
  return { tool: 'esbuild --bundle --minify, gzip -9, peers external', budgetBytes: BUDGET_BYTES, entries, coreWith };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await measureAll();
  writeFileSync(join(root, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
  for (const [name, s] of Object.entries(sizes.coreWith)) console.log(`core + ${name}: ${s.gzip} B gzip (${s.minified} B minified)`);
}
