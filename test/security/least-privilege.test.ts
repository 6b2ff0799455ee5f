/**
 * The shipped RAM and CAM policies grant exactly the API actions each function bundle can call:
 * derived from the sources (api-actions.ts says how and why), present in the bundle, and seen on the
 * wire when the bundles run every path against the local cloud.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buffer, captureLogs, ensureBuilt, fcContext, loadBundle, scfContext, startLocalCloud, useLocalCloud, type LocalCloud } from '../functions/harness';
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

/** RAM writes Statement/Effect/Action, CAM statement/effect/action; Action may be one string or a list. */
function grantedActions(path: string): string[] {
  const doc = JSON.parse(readFileSync(resolve(root, path), 'utf8')) as Record<string, unknown>;
  const statements = (doc.Statement ?? doc.statement) as Array<Record<string, unknown>>;
  const actions: string[] = [];
  for (const s of statements) {
    expect(String(s.Effect ?? s.effect).toLowerCase()).toBe('allow');
    const action = s.Action ?? s.action;
    actions.push(...(Array.isArray(action) ? action.map(String) : [String(action)]));
  }
  return actions.sort();
}

const derived = (s: Shipped): string[] => [...actionsOfFunction(s.fn)].map((a) => `${s.service}:${a}`).sort();

describe.each(SHIPPED)('$policy for $fn', (shipped) => {
  beforeAll(() => ensureBuilt());

  it('grants exactly the actions the function can call, and no wildcard', () => {
    const granted = grantedActions(shipped.policy);
    expect(granted.every((a) => !a.includes('*'))).toBe(true);
    expect(derived(shipped).length).toBeGreaterThan(0);
    expect(granted).toEqual(derived(shipped));
  });

  it('names only actions the built bundle really contains', () => {
    const bundle = readFileSync(resolve(root, 'dist', shipped.fn, 'index.js'), 'utf8');
    for (const action of actionsOfFunction(shipped.fn)) expect(bundle).toMatch(new RegExp(`["'\`]${action}["'\`]`));
  });
});

describe('the derivation', () => {
  it('traces calls rather than listing an adapter: actions no driver calls stay out', () => {
    const cbsAdapter = factsOfFile(resolve(root, 'shared/clouds/cbs.ts')).classes.flatMap((c) => [...c.methods.values()].flatMap((m) => [...m.actions]));
    expect(cbsAdapter).toContain('DeleteSnapshots');
    expect(actionsOfFunction('cbs-replicator').has('DeleteSnapshots')).toBe(false);
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
