/**
 * The permissions many accounts need, filled in from a replication policy: policies/*-accounts.json
 * for the functions' own roles (sts:AssumeRole on exactly the roles the function's rules reach, the
 * asynchronous invoke of the function itself) and policies/member/ for the role in each member
 * account (its permissions, and the trust in the functions' role). policies/README.md says what each
 * placeholder means; `npm run policies` (scripts/policies.ts) writes the result.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Account, Policy } from '../shared/contracts/policy';
import type { CloudKind } from '../shared/contracts/snapshot';

/** Where the functions run: the Alibaba account, FC region and the functions' RAM role; the Tencent account (uin) and SCF region. */
export interface Home {
  aliyun?: { accountId: string; region: string; roleName: string };
  tencent?: { uin: string; region: string };
}

export interface RenderedPolicy {
  /** Relative to the output directory: `ram-ecs-replicator-accounts.json`, `member/ram-member-trust.json`. */
  file: string;
  document: unknown;
}

interface FunctionFiles {
  cloud: CloudKind;
  home: 'aliyun' | 'tencent';
  accounts: string;
  member: string;
}

const FUNCTIONS: readonly FunctionFiles[] = [
  { cloud: 'aliyun-ecs', home: 'aliyun', accounts: 'ram-ecs-replicator-accounts.json', member: 'member/ram-member-ecs.json' },
  { cloud: 'aliyun-ens', home: 'aliyun', accounts: 'ram-ens-replicator-accounts.json', member: 'member/ram-member-ens.json' },
  { cloud: 'tencent-cbs', home: 'tencent', accounts: 'cam-cbs-replicator-accounts.json', member: 'member/cam-member-cbs.json' },
];
const TRUST = { aliyun: 'member/ram-member-trust.json', tencent: 'member/cam-member-trust.json' } as const;

/** `<NAME>`: a value the templates leave to the deployment. */
const PLACEHOLDER = /<[A-Z_]+>/g;

/** The accounts the rules of one cloud replicate, in the policy's order. */
export function accountsOf(policy: Policy, cloud: CloudKind): Account[] {
  const named = new Set(policy.rules.filter((r) => r.cloud === cloud).flatMap((r) => r.accounts ?? []));
  return (policy.accounts ?? []).filter((a) => named.has(a.name));
}

/**
 * A role as the statement granting sts:AssumeRole names it. RAM documents the resource as
 * `acs:ram:*:<account id>:role/<role name>` (the role's ARN with any region); CAM as the role's ARN.
 */
function assumableResource(account: Account): string {
  return account.cloud === 'aliyun' ? account.roleArn.replace(/^acs:ram::/, 'acs:ram:*:') : account.roleArn;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function fill(value: Json, values: Readonly<Record<string, string>>): Json {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (token) => {
      const v = values[token];
      if (v === undefined) throw new Error(`no value for ${token}`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, values));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, values)]));
  return value;
}

const isAssumeRole = (action: string): boolean => action.replace(/^name\//, '') === 'sts:AssumeRole';

/** The template with its member roles listed (the one statement granting sts:AssumeRole) and every placeholder filled. */
function renderAccountsTemplate(template: Json, roles: string[], values: Readonly<Record<string, string>>): Json {
  const doc = template as { [key: string]: Json };
  const key = 'Statement' in doc ? 'Statement' : 'statement';
  const statements = (doc[key] as Array<{ [key: string]: Json }>).map((s) => {
    const actionKey = 'Action' in s ? 'Action' : 'action';
    const resourceKey = 'Resource' in s ? 'Resource' : 'resource';
    const actions = ([] as Json[]).concat(s[actionKey] ?? []).map(String);
    return actions.some(isAssumeRole) ? { ...s, [resourceKey]: roles } : fill(s, values);
  });
  return { ...doc, [key]: statements };
}

function readTemplate(dir: string, file: string): Json {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Json;
}

/**
 * Every file the policy's accounts call for, filled in: for each function whose rules name accounts,
 * its accounts statements and the member role's permissions; per cloud with such accounts, the member
 * role's trust policy. Nothing when the policy names no accounts.
 */
export function renderAccountPolicies(policy: Policy, home: Home, templatesDir: string): RenderedPolicy[] {
  const out: RenderedPolicy[] = [];
  const homes = new Set<'aliyun' | 'tencent'>();
  for (const fn of FUNCTIONS) {
    const accounts = accountsOf(policy, fn.cloud);
    if (accounts.length === 0) continue;
    const where = home[fn.home];
    if (!where) throw new Error(`the ${fn.cloud} rules name accounts: give the ${fn.home === 'aliyun' ? 'Alibaba Cloud account id and FC region' : 'Tencent Cloud account id (uin) and SCF region'}`);
    const values: Record<string, string> = fn.home === 'aliyun' ? { '<ACCOUNT_ID>': home.aliyun?.accountId ?? '', '<REGION>': where.region } : { '<UIN>': home.tencent?.uin ?? '', '<REGION>': where.region };
    out.push({ file: fn.accounts, document: renderAccountsTemplate(readTemplate(templatesDir, fn.accounts), accounts.map(assumableResource), values) });
    out.push({ file: fn.member, document: readTemplate(templatesDir, fn.member) });
    homes.add(fn.home);
  }
  if (homes.has('aliyun')) out.push({ file: TRUST.aliyun, document: fill(readTemplate(templatesDir, TRUST.aliyun), { '<ACCOUNT_ID>': home.aliyun?.accountId ?? '', '<ROLE_NAME>': home.aliyun?.roleName ?? '' }) });
  if (homes.has('tencent')) out.push({ file: TRUST.tencent, document: fill(readTemplate(templatesDir, TRUST.tencent), { '<UIN>': home.tencent?.uin ?? '' }) });
  for (const p of out) {
    const left = JSON.stringify(p.document).match(PLACEHOLDER);
    if (left) throw new Error(`${p.file}: ${left.join(', ')} left unfilled`);
  }
  return out;
}
