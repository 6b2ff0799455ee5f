/**
 * The shipped RAM and CAM policies grant exactly what each function needs and no more:
 * - the API actions its bundle can call: derived from the sources (api-actions.ts says how and why),
 *   present in the bundle, and seen on the wire when the bundles run every path against the local cloud;
 * - the platform's actions on its behalf: FC delivers events that fail after the retries to the
 *   destination in s.yaml (rendered by Serverless Devs itself) as the function's role;
 * - each action on the resource type its service documents, `*` only where none is documented
 *   (policies/README.md cites each).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buffer, captureLogs, ensureBuilt, fcContext, loadBundle, scfContext, startLocalCloud, useLocalCloud, type LocalCloud } from '../functions/harness';
import { previewSYaml } from '../support/deploy-tools';
import { actionsOfFunction, factsOfFile } from './api-actions';
import { EVERY_PATH_POLICY, everyPathSeed } from './every-path-fixture';

const root = resolve(import.meta.dirname, '../..');

interface Shipped {
  fn: 'ecs-replicator' | 'ens-replicator' | 'cbs-replicator';
  service: 'ecs' | 'ens' | 'cbs';
  policy: string;
}

const SHIPPED: Shipped[] = [
  { fn: 'ecs-replicator', service: 'ecs', policy: 'policies/ram-ecs-replicator.json' },
  { fn: 'ens-replicator', service: 'ens', policy: 'policies/ram-ens-replicator.json' },
  { fn: 'cbs-replicator', service: 'cbs', policy: 'policies/cam-cbs-replicator.json' },
];

interface Statement {
  actions: string[];
  resources: string[];
}

/** RAM writes Statement/Effect/Action/Resource, CAM statement/effect/action/resource; each may be one string or a list. */
function statementsOf(path: string): Statement[] {
  const doc = JSON.parse(readFileSync(resolve(root, path), 'utf8')) as Record<string, unknown>;
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [String(value)]);
  return ((doc.Statement ?? doc.statement) as Array<Record<string, unknown>>).map((s) => {
    expect(String(s.Effect ?? s.effect).toLowerCase()).toBe('allow');
    expect(s.Condition ?? s.condition).toBeUndefined();
    return { actions: list(s.Action ?? s.action), resources: list(s.Resource ?? s.resource) };
  });
}

function grantedActions(path: string): string[] {
  return statementsOf(path).flatMap((s) => s.actions).sort();
}

/** Every resource each action is granted on. */
function grants(path: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const s of statementsOf(path)) for (const a of s.actions) map.set(a, [...(map.get(a) ?? []), ...s.resources].sort());
  return map;
}

const derived = (s: Shipped): string[] => [...actionsOfFunction(s.fn)].map((a) => `${s.service}:${a}`).sort();

/**
 * The resource each API action may be granted on, as its service documents it (policies/README.md
 * links each page), with region and account left open: the replication policy decides where.
 * `*` means the service documents no resource type for the action.
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

beforeAll(() => {
  const run = previewSYaml({ ALIBABA_CLOUD_ACCOUNT_ID: '1234567890123456' });
  expect(run.status, run.stdout + run.stderr).toBe(0);
  const resources = run.rendered?.resources as Record<string, { props: { asyncInvokeConfig?: { destinationConfig?: Record<string, { destination?: string }> } } }>;
  platform = {};
  for (const [name, resource] of Object.entries(resources)) {
    const destinations = Object.values(resource.props.asyncInvokeConfig?.destinationConfig ?? {}).map((d) => d.destination).filter((d): d is string => d !== undefined);
    platform[name] = destinations.map(destinationPermission);
  }
});

describe.each(SHIPPED)('$policy for $fn', (shipped) => {
  beforeAll(() => ensureBuilt());

  it('grants exactly the API actions the function can call and the platform\'s actions on its behalf, and no wildcard action', () => {
    const granted = grantedActions(shipped.policy);
    expect(granted.every((a) => !a.includes('*'))).toBe(true);
    expect(derived(shipped).length).toBeGreaterThan(0);
    const onBehalf = (platform[shipped.fn] ?? []).map((p) => p.action);
    expect(granted).toEqual([...new Set([...derived(shipped), ...onBehalf])].sort());
  });

  it('grants each action only on the resource type its service documents, and * only where none is documented', () => {
    const byAction = grants(shipped.policy);
    for (const action of derived(shipped)) {
      expect(DOCUMENTED_SCOPE[action], `${action} has no documented scope in this test`).toBeDefined();
      expect(byAction.get(action), action).toEqual([DOCUMENTED_SCOPE[action]]);
    }
    for (const { action, resource } of platform[shipped.fn] ?? []) expect(byAction.get(action), action).toEqual([resource]);
  });

  it('names only actions the built bundle really contains', () => {
    const bundle = readFileSync(resolve(root, 'dist', shipped.fn, 'index.js'), 'utf8');
    for (const action of actionsOfFunction(shipped.fn)) expect(bundle).toMatch(new RegExp(`["'\`]${action}["'\`]`));
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
    expect(actionsOfFunction('cbs-replicator').has('DeleteSnapshots')).toBe(true);
    // No client the ECS function does not import lends it an action.
    expect([...actionsOfFunction('ecs-replicator')].sort()).toEqual(['CopySnapshot', 'DescribeSnapshots']);
    expect(actionsOf('shared/clouds/ens.ts')).toContain('DeleteSnapshot');
    expect(actionsOfFunction('ecs-replicator').has('DeleteSnapshot')).toBe(false);
  });
});



describe('on the wire', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startLocalCloud({ seed: everyPathSeed() });
    useLocalCloud(cloud, EVERY_PATH_POLICY);
  });
  afterAll(async () => cloud.close());

  it.each(SHIPPED)('$fn calls exactly the derived actions when it runs every path', async (shipped) => {
    cloud.reset(everyPathSeed());
    const handler = shipped.fn === 'cbs-replicator' ? loadBundle(shipped.fn) : loadBundle(shipped.fn);
    const sweep = shipped.fn === 'cbs-replicator' ? { Type: 'Timer', TriggerName: 'sweep', Message: '' } : buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' });
    const { value } = await captureLogs(() => handler(sweep, shipped.fn === 'cbs-replicator' ? scfContext() : fcContext()));
    expect(value.ok).toBe(true);
    const seen = [...new Set(cloud.calls().map((c) => `${shipped.service}:${c.action}`))].sort();
    expect(cloud.calls().every((c) => c.code === 'OK')).toBe(true);
    expect(seen).toEqual(derived(shipped));
  });
});
