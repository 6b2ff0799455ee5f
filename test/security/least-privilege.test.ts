/**
 * The shipped RAM and CAM policies grant exactly what each function needs and no more:
 * - the API actions its bundle can call: derived from the sources (api-actions.ts says how and why),
 *   present in the bundle or its lazy parts, and seen on the wire when the bundles run every path
 *   against the local cloud, in the function's own account and, through the fan-out and the roles,
 *   in member accounts;
 * - split by who needs them: the snapshot service's actions in the function's own policy
 *   (policies/<ram|cam>-<fn>.json) and in the member role's (policies/member/); the actions that reach
 *   other accounts (STS AssumeRole, the asynchronous invoke of the function itself) in
 *   policies/<ram|cam>-<fn>-accounts.json, attached only when the replication policy names accounts;
 * - the platform's actions on its behalf: FC delivers events that fail after the retries to the
 *   destination in s.yaml (rendered by Serverless Devs itself) as the function's role;
 * - each action on the resource type its service documents, `*` only where none is documented, the
 *   values that depend on the deployment as placeholders that `npm run policies` fills from the
 *   replication policy (policies/README.md cites each).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvocationRequest } from '../../local-cloud/index';
import { accountsOf, renderAccountPolicies } from '../../scripts/account-policies';
import { LAZY_PARTS } from '../../scripts/bundle';
import type { Policy } from '../../shared/contracts/policy';
import { loadPolicy } from '../../shared/policy/load';
import { buffer, captureLogs, ensureBuilt, fcContext, loadBundle, scfContext, startLocalCloud, useLocalCloud, type LocalCloud } from '../functions/harness';
import { loadServerlessYml, previewSYaml } from '../support/deploy-tools';
import { apiCallsOfFunction, factsOfFile, permissionOf } from './api-actions';
import { EVERY_PATH_ACCOUNTS_POLICY, EVERY_PATH_IDS, EVERY_PATH_POLICY, EVERY_PATH_ROLES, everyPathAccountsSeed, everyPathSeed } from './every-path-fixture';

const root = resolve(import.meta.dirname, '../..');
const ACCOUNT = '1234567890123456';
const UIN = '100000000001';

interface Shipped {
  fn: 'ecs-replicator' | 'ens-replicator' | 'cbs-replicator';
  cloud: 'aliyun-ecs' | 'aliyun-ens' | 'tencent-cbs';
  /** The snapshot service: what the function does in whichever account it acts. */
  service: 'ecs' | 'ens' | 'cbs';
  policy: string;
  accounts: string;
  member: string;
  trust: string;
}

const SHIPPED: Shipped[] = [
  { fn: 'ecs-replicator', cloud: 'aliyun-ecs', service: 'ecs', policy: 'policies/ram-ecs-replicator.json', accounts: 'policies/ram-ecs-replicator-accounts.json', member: 'policies/member/ram-member-ecs.json', trust: 'policies/member/ram-member-trust.json' },
  { fn: 'ens-replicator', cloud: 'aliyun-ens', service: 'ens', policy: 'policies/ram-ens-replicator.json', accounts: 'policies/ram-ens-replicator-accounts.json', member: 'policies/member/ram-member-ens.json', trust: 'policies/member/ram-member-trust.json' },
  { fn: 'cbs-replicator', cloud: 'tencent-cbs', service: 'cbs', policy: 'policies/cam-cbs-replicator.json', accounts: 'policies/cam-cbs-replicator-accounts.json', member: 'policies/member/cam-member-cbs.json', trust: 'policies/member/cam-member-trust.json' },
];

interface Statement {
  actions: string[];
  resources: string[];
  principals: Record<string, string[]>;
}

type Doc = Record<string, unknown>;
const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);
/** CAM also writes an API's permission as `name/<service>:<Action>` (its documents' form for sts:AssumeRole). */
const action = (a: string): string => a.replace(/^name\//, '');

/** RAM writes Statement/Effect/Action/Resource, CAM statement/effect/action/resource; each may be one string or a list. */
function statementsOf(doc: Doc): Statement[] {
  return ((doc.Statement ?? doc.statement) as Doc[]).map((s) => {
    expect(String(s.Effect ?? s.effect).toLowerCase()).toBe('allow');
    expect(s.Condition ?? s.condition).toBeUndefined();
    const principal = (s.Principal ?? s.principal ?? {}) as Record<string, unknown>;
    return {
      actions: list(s.Action ?? s.action).map(action),
      resources: list(s.Resource ?? s.resource),
      principals: Object.fromEntries(Object.entries(principal).map(([k, v]) => [k, list(v)])),
    };
  });
}

const read = (path: string): Doc => JSON.parse(readFileSync(resolve(root, path), 'utf8')) as Doc;

function grantedActions(doc: Doc): string[] {
  return statementsOf(doc).flatMap((s) => s.actions).sort();
}

/** Every resource each action is granted on. */
function grants(doc: Doc): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const s of statementsOf(doc)) for (const a of s.actions) map.set(a, [...(map.get(a) ?? []), ...s.resources].sort());
  return map;
}

/** Every permission the function's code can need, from the derivation. */
const derived = (s: Shipped): string[] => [...new Set([...apiCallsOfFunction(s.fn)].map(permissionOf))].sort();
/** Of those, what it does in the account it acts in (its own, or a member's through the role). */
const snapshotActions = (s: Shipped): string[] => derived(s).filter((p) => p.startsWith(`${s.service}:`));
/** And what reaching other accounts takes: STS, the invoke of itself. */
const accountActions = (s: Shipped): string[] => derived(s).filter((p) => !p.startsWith(`${s.service}:`));

/**
 * The resource each API action may be granted on, as its service documents it (policies/README.md
 * links each page), with region and account left open where the replication policy decides them, and
 * as placeholders where the deployment does. `*` means the service documents no resource type.
 */
const DOCUMENTED_SCOPE: Record<string, string> = {
  'ecs:CopySnapshot': 'acs:ecs:*:*:snapshot/*',
  'ecs:DescribeSnapshots': 'acs:ecs:*:*:snapshot/*',
  'ens:CopySnapshot': '*',
  'ens:CreateSnapshot': '*',
  'ens:DeleteSnapshot': '*',
  'ens:DescribeSnapshots': '*',
  'cbs:CopySnapshotCrossRegions': '*',
  'cbs:DescribeSnapshots': '*',
  'cbs:ModifySnapshotAttribute': '*',
  'cbs:DeleteSnapshots': '*',
};

/** The member roles, one entry for each (`npm run policies` lists them). */
const ASSUMABLE = { aliyun: 'acs:ram:*:<MEMBER_ACCOUNT_ID>:role/<MEMBER_ROLE_NAME>', tencent: 'qcs::cam::uin/<MEMBER_UIN>:roleName/<MEMBER_ROLE_NAME>' } as const;

/**
 * The permission FC uses, as the function's role, to deliver to an asynchronous destination
 * (queue, topic, function or event bus), with the destination's region and account left open.
 */
function destinationPermission(arn: string): { action: string; resource: string } {
  const mns = /^acs:mns:[^:]+:[^:]+:\/(queues|topics)\/([^/]+)\/messages$/.exec(arn);
  if (mns) return { action: mns[1] === 'queues' ? 'mns:SendMessage' : 'mns:PublishMessage', resource: `acs:mns:*:*:/${mns[1]}/${mns[2]}/messages` };
  const fc = /^acs:fc:[^:]+:[^:]+:(.+)$/.exec(arn);
  if (fc) return { action: 'fc:InvokeFunction', resource: `acs:fc:*:*:${fc[1]}` };
  const bus = /^acs:eventbridge:[^:]+:[^:]+:(.+)$/.exec(arn);
  if (bus) return { action: 'eventbridge:PutEvents', resource: `acs:eventbridge:*:*:${bus[1]}` };
  throw new Error(`no known permission for the destination ${arn}`);
}

/** What the platform does as each FC function's role, from s.yaml as Serverless Devs renders it. */
let platform: Record<string, Array<{ action: string; resource: string }>> = {};
/** Where each function runs and as which role, from the deploy files as their tools render them. */
let deployed: Record<string, { name: string; region: string; role: string; namespace?: string }> = {};

beforeAll(() => {
  const run = previewSYaml({ ALIBABA_CLOUD_ACCOUNT_ID: ACCOUNT });
  expect(run.status, run.stdout + run.stderr).toBe(0);
  const resources = run.rendered?.resources as Record<string, { props: { functionName: string; region: string; role: string; asyncInvokeConfig?: { destinationConfig?: Record<string, { destination?: string }> } } }>;
  platform = {};
  deployed = {};
  for (const [name, resource] of Object.entries(resources)) {
    const destinations = Object.values(resource.props.asyncInvokeConfig?.destinationConfig ?? {}).map((d) => d.destination).filter((d): d is string => d !== undefined);
    platform[name] = destinations.map(destinationPermission);
    deployed[name] = { name: resource.props.functionName, region: resource.props.region, role: resource.props.role };
  }
  const scf = loadServerlessYml({});
  expect(scf.status, scf.stdout + scf.stderr).toBe(0);
  const inputs = scf.instance?.inputs as { name: string; region: string; role: string; namespace?: string };
  deployed['cbs-replicator'] = { name: inputs.name, region: inputs.region, role: inputs.role, namespace: inputs.namespace ?? 'default' };
});

/** The name of the role s.yaml gives the FC functions. */
const fcRoleName = (): string => /:role\/([^/]+)$/.exec(deployed['ecs-replicator']?.role ?? '')?.[1] ?? '';

describe.each(SHIPPED)('$policy for $fn', (shipped) => {
  beforeAll(() => ensureBuilt());

  it('grants exactly what the function does in its own account and the platform\'s actions on its behalf, and no wildcard action', () => {
    const granted = grantedActions(read(shipped.policy));
    expect(granted.every((a) => !a.includes('*'))).toBe(true);
    expect(snapshotActions(shipped).length).toBeGreaterThan(0);
    const onBehalf = (platform[shipped.fn] ?? []).map((p) => p.action);
    expect(granted).toEqual([...new Set([...snapshotActions(shipped), ...onBehalf])].sort());
  });

  it('grants each action only on the resource type its service documents, and * only where none is documented', () => {
    const byAction = grants(read(shipped.policy));
    for (const a of snapshotActions(shipped)) {
      expect(DOCUMENTED_SCOPE[a], `${a} has no documented scope in this test`).toBeDefined();
      expect(byAction.get(a), a).toEqual([DOCUMENTED_SCOPE[a]]);
    }
    for (const { action: a, resource } of platform[shipped.fn] ?? []) expect(byAction.get(a), a).toEqual([resource]);
  });

  it('names only actions the built bundle (with its lazy parts) really contains', () => {
    const parts = ['index.js', ...LAZY_PARTS.map((p) => p.file)].map((f) => resolve(root, 'dist', shipped.fn, f)).filter((f) => existsSync(f));
    const bundle = parts.map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const call of apiCallsOfFunction(shipped.fn)) {
      const api = call.split(':')[1] ?? '';
      expect(bundle, call).toMatch(new RegExp(`["'\`]${api}["'\`]`));
    }
  });
});

describe.each(SHIPPED)('$accounts for $fn', (shipped) => {
  const doc = (): Doc => read(shipped.accounts);
  const home = shipped.service === 'cbs' ? 'tencent' : 'aliyun';

  it('grants exactly what reaching other accounts takes: STS AssumeRole and the asynchronous invoke of the function itself', () => {
    expect(accountActions(shipped)).toEqual([shipped.service === 'cbs' ? 'scf:InvokeFunction' : 'fc:InvokeFunction', 'sts:AssumeRole'].sort());
    expect(grantedActions(doc())).toEqual(accountActions(shipped));
  });

  it('grants sts:AssumeRole on the member roles only, and the invoke on this function only', () => {
    const byAction = grants(doc());
    expect(byAction.get('sts:AssumeRole')).toEqual([ASSUMABLE[home]]);
    const fn = deployed[shipped.fn];
    expect(fn).toBeDefined();
    const self = home === 'aliyun'
      ? `acs:fc:<REGION>:<ACCOUNT_ID>:functions/${fn?.name}`
      : `qcs::scf:<REGION>:uin/<UIN>:namespace/${fn?.namespace}/function/${fn?.name}`;
    expect(byAction.get(home === 'aliyun' ? 'fc:InvokeFunction' : 'scf:InvokeFunction')).toEqual([self]);
  });

  it('filled in from a replication policy, names exactly the roles of the accounts this function\'s rules replicate, and this function where it runs', () => {
    const policy = EVERY_PATH_ACCOUNTS_POLICY as unknown as Policy;
    const rendered = renderAccountPolicies(policy, { aliyun: { accountId: ACCOUNT, region: 'cn-hangzhou', roleName: fcRoleName() }, tencent: { uin: UIN, region: 'ap-guangzhou' } }, resolve(root, 'policies'));
    const mine = rendered.find((p) => `policies/${p.file}` === shipped.accounts);
    expect(mine).toBeDefined();
    const byAction = grants(mine?.document as Doc);
    const roles = accountsOf(policy, shipped.cloud).map((a) => a.roleArn);
    expect(roles).toEqual([home === 'aliyun' ? EVERY_PATH_ROLES.aliyun : EVERY_PATH_ROLES.tencent]);
    // RAM documents the resource with any region: acs:ram:*:<account id>:role/<role name>.
    expect(byAction.get('sts:AssumeRole')).toEqual(home === 'aliyun' ? roles.map((r) => r.replace('acs:ram::', 'acs:ram:*:')) : roles);
    const fn = deployed[shipped.fn];
    expect(byAction.get(home === 'aliyun' ? 'fc:InvokeFunction' : 'scf:InvokeFunction')).toEqual([home === 'aliyun'
      ? `acs:fc:${fn?.region}:${ACCOUNT}:functions/${fn?.name}`
      : `qcs::scf:${fn?.region}:uin/${UIN}:namespace/${fn?.namespace}/function/${fn?.name}`]);
  });
});

describe.each(SHIPPED)('$member, the member role\'s permissions for $fn', (shipped) => {
  it('grant what the function does in its own account, on the same resources, without the platform\'s actions', () => {
    const member = read(shipped.member);
    expect(grantedActions(member)).toEqual(snapshotActions(shipped));
    const own = grants(read(shipped.policy));
    for (const [a, resources] of grants(member)) expect(resources, a).toEqual(own.get(a));
  });
});

describe('the member roles\' trust policies', () => {
  it('RAM: let the functions\' own role assume the member role, and nothing else', () => {
    const [statement, ...more] = statementsOf(read('policies/member/ram-member-trust.json'));
    expect(more).toEqual([]);
    expect(statement?.actions).toEqual(['sts:AssumeRole']);
    expect(statement?.resources).toEqual([]);
    // A role of the functions' account, filled in with the one s.yaml gives both FC functions.
    expect(deployed['ecs-replicator']?.role).toBe(deployed['ens-replicator']?.role);
    expect(statement?.principals).toEqual({ RAM: ['acs:ram::<ACCOUNT_ID>:role/<ROLE_NAME>'] });
  });

  it('CAM: let the function\'s account (uin) assume the member role; its own CAM policy names the member roles', () => {
    const [statement, ...more] = statementsOf(read('policies/member/cam-member-trust.json'));
    expect(more).toEqual([]);
    expect(statement?.actions).toEqual(['sts:AssumeRole']);
    expect(statement?.principals).toEqual({ qcs: ['qcs::cam::uin/<UIN>:root'] });
  });

  it('are filled in with the functions\' account, one per cloud whose rules name accounts', () => {
    const rendered = renderAccountPolicies(EVERY_PATH_ACCOUNTS_POLICY as unknown as Policy, { aliyun: { accountId: ACCOUNT, region: 'cn-hangzhou', roleName: fcRoleName() }, tencent: { uin: UIN, region: 'ap-guangzhou' } }, resolve(root, 'policies'));
    expect(rendered.map((p) => p.file).sort()).toEqual([...SHIPPED.flatMap((s) => [s.accounts, s.member]), 'policies/member/ram-member-trust.json', 'policies/member/cam-member-trust.json'].map((f) => f.replace('policies/', '')).sort());
    const trust = (file: string): Statement[] => statementsOf(rendered.find((p) => p.file === file)?.document as Doc);
    expect(trust('member/ram-member-trust.json')[0]?.principals).toEqual({ RAM: [deployed['ecs-replicator']?.role] });
    expect(trust('member/cam-member-trust.json')[0]?.principals).toEqual({ qcs: [`qcs::cam::uin/${UIN}:root`] });
  });

  it('nothing is filled in for a policy without accounts, and a missing account id is refused', () => {
    expect(renderAccountPolicies(EVERY_PATH_POLICY as unknown as Policy, {}, resolve(root, 'policies'))).toEqual([]);
    expect(() => renderAccountPolicies(EVERY_PATH_ACCOUNTS_POLICY as unknown as Policy, { aliyun: { accountId: ACCOUNT, region: 'cn-hangzhou', roleName: fcRoleName() } }, resolve(root, 'policies'))).toThrow(/Tencent Cloud account id/);
  });
});

describe('README, "Deploying for many accounts"', () => {
  it('shows a policy the functions accept, whose accounts files name its roles', () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Deploying for many accounts'));
    const example = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const policy = loadPolicy(example);
    const rendered = renderAccountPolicies(policy, { aliyun: { accountId: ACCOUNT, region: 'cn-hangzhou', roleName: fcRoleName() }, tencent: { uin: UIN, region: 'ap-guangzhou' } }, resolve(root, 'policies'));
    const assumable = (file: string): string[] | undefined => grants(rendered.find((p) => p.file === file)?.document as Doc).get('sts:AssumeRole');
    expect(assumable('ram-ecs-replicator-accounts.json')).toEqual(['acs:ram:*:1000000000000002:role/snapshot-replicator-member']);
    expect(assumable('cam-cbs-replicator-accounts.json')).toEqual(['qcs::cam::uin/100000000002:roleName/snapshot-replicator-member']);
    // No ENS rule names an account: the ENS function's role gains nothing.
    expect(rendered.some((p) => p.file.includes('ens'))).toBe(false);
  });
});

describe('the platform permissions', () => {
  it('cover the failure destination of both FC functions with mns:SendMessage on that queue', () => {
    for (const fn of ['ecs-replicator', 'ens-replicator']) {
      expect(platform[fn]).toEqual([{ action: 'mns:SendMessage', resource: 'acs:mns:*:*:/queues/snapshot-replicator-failures/messages' }]);
    }
  });

  it('know the action of every destination type FC documents', () => {
    expect(destinationPermission('acs:mns:cn-hangzhou:123:/topics/t/messages')).toEqual({ action: 'mns:PublishMessage', resource: 'acs:mns:*:*:/topics/t/messages' });
    expect(destinationPermission('acs:fc:cn-hangzhou:123:functions/f').action).toBe('fc:InvokeFunction');
    expect(destinationPermission('acs:eventbridge:cn-hangzhou:123:eventbus/default').action).toBe('eventbridge:PutEvents');
    expect(() => destinationPermission('acs:oss:cn-hangzhou:123:bucket')).toThrow(/no known permission/);
  });
});

describe('the derivation', () => {
  it('traces calls rather than listing an adapter: an action follows from a driver method calling it', () => {
    const actionsOf = (file: string): string[] => factsOfFile(resolve(root, file)).classes.flatMap((c) => [...c.methods.values()].flatMap((m) => [...m.actions]));
    // The CBS driver prunes expired own copies (deleteSnapshot -> DeleteSnapshots): derived for the CBS function.
    expect(actionsOf('shared/clouds/cbs.ts')).toContain('DeleteSnapshots');
    expect(apiCallsOfFunction('cbs-replicator').has('cbs:DeleteSnapshots')).toBe(true);
    // No client the ECS function does not import lends it an action.
    expect([...apiCallsOfFunction('ecs-replicator')].sort()).toEqual(['aliyun-sts:AssumeRole', 'ecs:CopySnapshot', 'ecs:DescribeSnapshots', 'fc:InvokeFunction']);
    expect(actionsOf('shared/clouds/ens.ts')).toContain('DeleteSnapshot');
    expect(apiCallsOfFunction('ecs-replicator').has('ecs:DeleteSnapshot')).toBe(false);
  });

  it('follows the wiring to module-level functions, a lazily imported SDK client, and each file\'s service', () => {
    // STS: a module-level function the FC wiring calls by name; Tencent's only from the SCF wiring.
    expect(factsOfFile(resolve(root, 'shared/clouds/aliyun-sts.ts')).functions.get('assumeAliyunRole')?.actions).toEqual(new Set(['AssumeRole']));
    expect(apiCallsOfFunction('ens-replicator').has('aliyun-sts:AssumeRole')).toBe(true);
    expect(apiCallsOfFunction('ens-replicator').has('tencent-sts:AssumeRole')).toBe(false);
    // FC 3.0: `await import('./invoke/fc3')`, whose generated client calls invokeFunctionWithOptions.
    const fc3 = factsOfFile(resolve(root, 'shared/clouds/invoke/fc3.ts'));
    expect(fc3.service).toBe('fc');
    expect(fc3.functions.get('invokeFc3')?.actions).toEqual(new Set(['InvokeFunction']));
    // The SCF invoke is the CBS function's only; the FC 2.0 client (the command line's) no function's.
    expect(apiCallsOfFunction('cbs-replicator').has('scf:Invoke')).toBe(true);
    expect(apiCallsOfFunction('cbs-replicator').has('fc:InvokeFunction')).toBe(false);
    expect(permissionOf('scf:Invoke')).toBe('scf:InvokeFunction');
    expect(permissionOf('tencent-sts:AssumeRole')).toBe('sts:AssumeRole');
  });
});

/** Which permission each call the local cloud saw needs, per account. */
function seenByAccount(cloud: LocalCloud): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const c of cloud.calls()) out.set(c.accountId ?? '?', (out.get(c.accountId ?? '?') ?? new Set()).add(permissionOf(`${c.service}:${c.action}`)));
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}

const sweepOf = (s: Shipped): unknown => (s.fn === 'cbs-replicator' ? { Type: 'Timer', TriggerName: 'sweep', Message: '' } : buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' }));
const bundleOf = (s: Shipped): ReturnType<typeof loadBundle> => (s.fn === 'cbs-replicator' ? loadBundle(s.fn) : loadBundle(s.fn));
const contextOf = (s: Shipped): Record<string, unknown> => (s.fn === 'cbs-replicator' ? scfContext() : fcContext());

describe('on the wire', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startLocalCloud({ seed: everyPathSeed() });
  });
  afterAll(async () => cloud.close());

  it.each(SHIPPED)('$fn calls exactly the snapshot actions when it runs every path in its own account', async (shipped) => {
    cloud.reset(everyPathSeed());
    useLocalCloud(cloud, EVERY_PATH_POLICY);
    const { value } = await captureLogs(() => bundleOf(shipped)(sweepOf(shipped), contextOf(shipped)));
    expect(value.ok).toBe(true);
    expect(cloud.calls().every((c) => c.code === 'OK')).toBe(true);
    expect([...seenByAccount(cloud).values()].flat().sort()).toEqual(snapshotActions(shipped));
  });

  it.each(SHIPPED)('$fn, replicating a member account, calls exactly its accounts policy in its own account and its member policy there', async (shipped) => {
    cloud.reset(everyPathAccountsSeed());
    useLocalCloud(cloud, EVERY_PATH_ACCOUNTS_POLICY);
    const handler = bundleOf(shipped);
    try {
      const { value } = await captureLogs(() => handler(sweepOf(shipped), contextOf(shipped)));
      expect(value.ok).toBe(true);
      // The platform, as the local cloud plays it: each asynchronous invocation, queued until now, runs the bundle.
      cloud.runInvocations(async (invocation: InvocationRequest) => {
        const event = invocation.platform === 'fc' ? buffer(invocation.payload) : JSON.parse(invocation.payload);
        return (await captureLogs(() => handler(event, contextOf(shipped)))).value;
      }, { concurrency: 1 });
      const children = await cloud.settleInvocations(30_000);
      expect(children.map((c) => [c.status, (c.answer as Record<string, unknown> | undefined)?.ok])).toEqual([['done', true]]);
    } finally {
      cloud.runInvocations(undefined);
    }
    expect(cloud.calls().every((c) => c.code === 'OK')).toBe(true);
    const member = shipped.service === 'cbs' ? EVERY_PATH_IDS.tencentMember : EVERY_PATH_IDS.aliyunMember;
    const seen = seenByAccount(cloud);
    expect([...seen.keys()].sort()).toEqual([EVERY_PATH_IDS.own, member].sort());
    expect(seen.get(EVERY_PATH_IDS.own)).toEqual(grantedActions(read(shipped.accounts)));
    expect(seen.get(member)).toEqual(grantedActions(read(shipped.member)));
  });
});
