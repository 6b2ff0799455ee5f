/**
 * The code packages the platforms deploy: `dist/deploy/<function>/` holds the function's bundle (and
 * its lazy parts) and, when a policy file is given, that policy as `policy.json` beside it (read by
 * shared/policy/policy-source.ts). `s.yaml` and `serverless.yml` point their `code` / `src` here.
 *
 * Kept apart from `dist/<function>/`, which tests load with REPLICATION_POLICY set: a shipped
 * policy.json there would make every such run a two-source conflict.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../shared/contracts/errors';
import { loadPolicy, MAX_POLICY_BYTES } from '../shared/policy/load';
import { SHIPPED_POLICY_FILE } from '../shared/policy/policy-source';
import { findFunctionEntries, LAZY_PARTS } from './bundle';

/** Relative to the repository root; the deploy files name `./dist/deploy/<function>`. */
export const DEPLOY_DIR = 'dist/deploy';

export interface PackageOptions {
  /** Where `npm run build` put the bundles (`dist`). */
  distDir: string;
  /** Where the packages go (`dist/deploy`). */
  outDir: string;
  /** `functions/`, to know which bundles there are. */
  functionsDir: string;
  /** The policy to ship, checked first; without one the functions need REPLICATION_POLICY. */
  policyFile?: string;
}

export interface PackagedFunction {
  name: string;
  dir: string;
  files: string[];
}

/** Checks the policy as the functions will (every rule, every template), so a bad one never ships. */
function checkedPolicyText(path: string): string {
  const bytes = statSync(path).size;
  if (bytes > MAX_POLICY_BYTES) throw new Error(`${path}: ${bytes} bytes, more than the ${MAX_POLICY_BYTES} a function reads`);
  const text = readFileSync(path, 'utf8');
  try {
    loadPolicy(text);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const problems = error.problems.map((p) => `  ${InputError.describe(p)}`).join('\n');
    throw new Error(`${path} is not a valid policy:\n${problems}`);
  }
  return text;
}

export function packageFunctions(options: PackageOptions): PackagedFunction[] {
  const policy = options.policyFile === undefined ? undefined : checkedPolicyText(options.policyFile);
  rmSync(options.outDir, { recursive: true, force: true });
  const packaged: PackagedFunction[] = [];
  for (const { name } of findFunctionEntries(options.functionsDir)) {
    const dir = join(options.outDir, name);
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(options.distDir, name, 'index.js'), join(dir, 'index.js'));
    const files = ['index.js'];
    // The lazy parts the bundle requires from beside it (scripts/bundle.ts).
    for (const part of LAZY_PARTS) {
      if (!existsSync(join(options.distDir, name, part.file))) continue;
      copyFileSync(join(options.distDir, name, part.file), join(dir, part.file));
      files.push(part.file);
    }
    if (policy !== undefined) {
      copyFileSync(options.policyFile as string, join(dir, SHIPPED_POLICY_FILE));
      files.push(SHIPPED_POLICY_FILE);
    }
    packaged.push({ name, dir, files });
  }
  return packaged;
}
