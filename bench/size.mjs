// Prints the size of the built worker: raw and gzipped, and the size of the wasm names section
// (worker-build keeps it for named stack frames; scripts/build.sh strips it, so 0 is expected).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../tests/support/gateway.mjs';

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const rows = [];
for (const file of ['build/index_bg.wasm', 'build/index.js']) {
  const bytes = readFileSync(path.join(ROOT, file));
  rows.push({ file, raw: kib(bytes.length), gzip: kib(gzipSync(bytes, { level: 9 }).length) });
}
const wasm = readFileSync(path.join(ROOT, 'build/index_bg.wasm'));
const names = WebAssembly.Module.customSections(new WebAssembly.Module(wasm), 'name');
console.log('worker size');
console.table(rows);
console.log(`wasm names section: ${kib(names.reduce((sum, s) => sum + s.byteLength, 0))}`);
