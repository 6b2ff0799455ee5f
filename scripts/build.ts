import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleFunctions } from './bundle';

/** `npm run build`: bundles every function into dist/ and prints each bundle's size. */
const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, 'dist');
rmSync(outDir, { recursive: true, force: true });
const results = await bundleFunctions(resolve(root, 'functions'), outDir);
if (results.length === 0) console.log('no functions to build (functions/*/index.ts)');
for (const r of results) console.log(`${r.name.padEnd(18)} ${(r.bytes / 1024).toFixed(1).padStart(7)} KB  ${r.outfile.slice(root.length + 1)}`);
