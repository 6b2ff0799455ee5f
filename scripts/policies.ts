/**
 * `npm run policies [-- --policy FILE --account-id ID --region REGION --role-name NAME --uin UIN --tencent-region REGION --out DIR]`:
 * the permissions for the accounts your replication policy names (policies/README.md, "Many
 * accounts"), written to dist/policies/. The policy is ./policy.json unless --policy names another;
 * it is checked as the functions check it. The Alibaba account id defaults to
 * ALIBABA_CLOUD_ACCOUNT_ID (as s.yaml reads it), the FC region to s.yaml's `vars.region`, the FC
 * functions' role to the one its `vars.role` names, the SCF region to serverless.yml's
 * `inputs.region`; the Tencent account id (uin) has no default.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { InputError } from '../shared/contracts/errors';
import { loadPolicy } from '../shared/policy/load';
import { renderAccountPolicies, type Home } from './account-policies';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    policy: { type: 'string' }, 'account-id': { type: 'string' }, region: { type: 'string' }, 'role-name': { type: 'string' },
    uin: { type: 'string' }, 'tencent-region': { type: 'string' }, out: { type: 'string' },
  },
});

/** A value of a deploy file, or undefined when the file or the value is missing. */
function deployValue(file: string, ...path: string[]): string | undefined {
  try {
    let node: unknown = parse(readFileSync(resolve(root, file), 'utf8'));
    for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
    return typeof node === 'string' ? node : undefined;
  } catch {
    return undefined;
  }
}

function checked(value: string | undefined, name: string, pattern: RegExp): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!pattern.test(value)) throw new Error(`${name} ${JSON.stringify(value)} does not look right (${pattern.source})`);
  return value;
}

try {
  const policyFile = resolve(root, values.policy ?? 'policy.json');
  const policy = loadPolicy(readFileSync(policyFile, 'utf8'));
  const accountId = checked(values['account-id'] ?? process.env.ALIBABA_CLOUD_ACCOUNT_ID, '--account-id', /^\d{1,32}$/);
  const region = checked(values.region ?? deployValue('s.yaml', 'vars', 'region'), '--region', /^[a-z]+(-[a-z0-9]+)+$/);
  const roleName = checked(values['role-name'] ?? /:role\/([^/]+)$/.exec(deployValue('s.yaml', 'vars', 'role') ?? '')?.[1], '--role-name', /^[A-Za-z0-9.-]{1,64}$/);
  const uin = checked(values.uin, '--uin', /^\d{1,32}$/);
  const tencentRegion = checked(values['tencent-region'] ?? deployValue('serverless.yml', 'inputs', 'region'), '--tencent-region', /^[a-z]+(-[a-z0-9]+)+$/);
  const home: Home = {
    ...(accountId && region && roleName ? { aliyun: { accountId, region, roleName } } : {}),
    ...(uin && tencentRegion ? { tencent: { uin, region: tencentRegion } } : {}),
  };
  const rendered = renderAccountPolicies(policy, home, resolve(root, 'policies'));
  const outDir = resolve(root, values.out ?? 'dist/policies');
  rmSync(outDir, { recursive: true, force: true });
  if (rendered.length === 0) console.log(`${policyFile} names no accounts: the roles need only policies/ram-*-replicator.json and policies/cam-cbs-replicator.json`);
  for (const p of rendered) {
    const file = join(outDir, p.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(p.document, null, 2)}\n`);
    console.log(file.slice(root.length + 1));
  }
} catch (error) {
  if (error instanceof InputError) console.error(`the policy is not valid:\n${error.problems.map((p) => `  ${InputError.describe(p)}`).join('\n')}`);
  else console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
