/**
 * `npm run package [-- --policy FILE | --no-policy]`: builds the bundles, then lays out the code
 * packages the deploy files name (dist/deploy/<function>/index.js and policy.json). The policy is
 * ./policy.json unless --policy names another file; it is checked exactly as the functions check
 * it, and a bad one stops the deploy here. --no-policy ships none: then set REPLICATION_POLICY (or
 * REPLICATION_POLICY_FILE) in the functions' configuration yourself.
 */
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleFunctions } from './bundle';
import { DEPLOY_DIR, packageFunctions } from './code-package';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { policy: { type: 'string' }, 'no-policy': { type: 'boolean' } } });

const policyFile = values['no-policy'] ? undefined : resolve(root, values.policy ?? 'policy.json');
if (policyFile !== undefined && !existsSync(policyFile)) {
  console.error(`${policyFile} not found: write your policy there (see examples/), pass --policy FILE, or --no-policy to use REPLICATION_POLICY instead`);
  process.exit(2);
}

try {
  const distDir = resolve(root, 'dist');
  rmSync(distDir, { recursive: true, force: true });
  await bundleFunctions(resolve(root, 'functions'), distDir);
  for (const p of packageFunctions({ distDir, outDir: resolve(root, DEPLOY_DIR), functionsDir: resolve(root, 'functions'), ...(policyFile ? { policyFile } : {}) })) {
    console.log(`${p.name.padEnd(18)} ${p.dir.slice(root.length + 1)}/{${p.files.join(',')}}`);
  }
  if (policyFile === undefined) console.log('no policy shipped: set REPLICATION_POLICY or REPLICATION_POLICY_FILE in each function\'s configuration');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
