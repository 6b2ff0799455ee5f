#!/usr/bin/env node
// The command as `npm run build` bundled it (dist/cli): nothing is compiled when it starts.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/snapshot-replicator.mjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(`snapshot-replicator is not built yet: run \`npm run build\` in ${fileURLToPath(new URL('..', import.meta.url))}\n`);
  process.exit(2);
}
await import(entry.href);
