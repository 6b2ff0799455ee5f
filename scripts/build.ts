import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleCli, bundleFunctions } from './bundle';

/** `npm run build`: bundles every function into dist/ and the command line into dist/cli/, and prints their sizes. */
const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, 'dist');
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1).padStart(7)} KB`;
rmSync(outDir, { recursive: true, force: true });
const results = await bundleFunctions(resolve(root, 'functions'), outDir);
if (results.length === 0) console.log('no functions to build (functions/*/index.ts)');
for (const r of results) console.log(`${r.name.padEnd(18)} ${kb(r.bytes)}  ${r.outfile.slice(root.length + 1)}`);
const cli = await bundleCli(resolve(root, 'cli', 'main.ts'), resolve(outDir, 'cli'));
console.log(`${'command line'.padEnd(18)} ${kb(cli.bytes)}  ${cli.entry.slice(root.length + 1)} and ${cli.files.length - 1} chunks (${kb(cli.startBytes).trim()} read at start)`);
