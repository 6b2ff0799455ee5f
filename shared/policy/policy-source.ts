/**
 * Where a function's policy text comes from. Exactly one of these may be present:
 *
 * - `REPLICATION_POLICY`: the policy as JSON text in an environment variable;
 * - `REPLICATION_POLICY_FILE`: the path of a policy file (relative paths are read from the code
 *   package, the directory of the bundle);
 * - `policy.json` shipped in the code package beside the bundle (`npm run package` puts it there).
 *
 * Function Compute caps all of a function's environment variables together at 4 KB
 * (https://www.alibabacloud.com/help/en/functioncompute/fc/user-guide/environment-variables), so a
 * real policy soon needs the file. Two sources at once are refused (InvalidConfiguration naming
 * both) rather than ranked: a variable left over from an older deploy must never silently win over
 * the file that was shipped, nor the other way round. A blank variable counts as unset.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../contracts/errors';
import { POLICY_VARIABLE } from './load';

export const POLICY_FILE_VARIABLE = 'REPLICATION_POLICY_FILE';
export const SHIPPED_POLICY_FILE = 'policy.json';

type Env = Record<string, string | undefined>;

/**
 * The directory of the running bundle. Each function is one CommonJS file, so every module in it
 * shares the bundle's `__dirname`; run from source as an ES module there is none.
 */
function bundleDirectory(): string | undefined {
  return typeof __dirname === 'string' ? __dirname : undefined;
}

/** A code package does not change under a running instance, so each file is read once. */
const filesRead = new Map<string, string>();

function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function conflict(first: string, second: string): InputError {
  return new InputError('InvalidConfiguration', [
    { field: first, rule: `must not be set together with ${second}: the policy comes from exactly one place (remove one of them)` },
  ]);
}

/** The text of a policy file; loadPolicy then checks it, naming `field` (the file or its variable). */
function readPolicyFile(path: string, field: string): PolicySource {
  let text = filesRead.get(path);
  if (text === undefined) {
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new InputError('InvalidConfiguration', [{ field, rule: `names a policy file that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): ${path}` }]);
    }
    filesRead.set(path, text);
  }
  return { text, field };
}

/** The policy's text and the name problems with it are reported under. */
export interface PolicySource {
  text: string;
  field: string;
}

/**
 * The policy for `loadPolicy`, from the one source present. `codeDir` is where the bundle runs from
 * (its `__dirname`); without it only the variables are read.
 */
export function policySource(env: Env, codeDir: string | undefined = bundleDirectory()): PolicySource {
  const variable = nonBlank(env[POLICY_VARIABLE]);
  const named = nonBlank(env[POLICY_FILE_VARIABLE]);
  const shipped = codeDir === undefined ? undefined : join(codeDir, SHIPPED_POLICY_FILE);
  const shippedPresent = shipped !== undefined && existsSync(shipped);

  if (variable !== undefined && named !== undefined) throw conflict(POLICY_VARIABLE, POLICY_FILE_VARIABLE);
  if (named !== undefined) {
    const path = isAbsolute(named) ? named : resolve(codeDir ?? process.cwd(), named);
    if (shippedPresent && path !== shipped) throw conflict(POLICY_FILE_VARIABLE, `the ${SHIPPED_POLICY_FILE} shipped beside the function (${shipped})`);
    return readPolicyFile(path, POLICY_FILE_VARIABLE);
  }
  if (variable !== undefined) {
    if (shippedPresent) throw conflict(POLICY_VARIABLE, `the ${SHIPPED_POLICY_FILE} shipped beside the function (${shipped})`);
    return { text: variable, field: POLICY_VARIABLE };
  }
  if (shippedPresent) return readPolicyFile(shipped, SHIPPED_POLICY_FILE);
  throw new InputError('InvalidPolicy', [
    { field: POLICY_VARIABLE, rule: `must be set to the policy as JSON, unless the code package ships ${SHIPPED_POLICY_FILE} or ${POLICY_FILE_VARIABLE} names a policy file` },
  ]);
}
