/**
 * Text that is not well-formed Unicode (a lone UTF-16 surrogate, which JSON writes as `\ud800`)
 * through the built bundles. Such text cannot be encoded into any request: once past validation,
 * every call carrying it failed before it was sent and was retried as if the network had failed, run
 * after run. It is refused where it enters, naming its field, before any API call; and a source's own
 * name holding one (the API hands it over) never reaches a request.
 */
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { buffer, captureLogs, credentialsSeed, fcContext, loadBundle, scfContext, setPolicy, useLocalCloud, type Seed } from './harness';

const LONE = '\ud800';
const LONE_LOW = '\udc00';

const ECS_RULE = { name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] };
const ENS_RULE = { name: 'edge', cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26', retentionDays: 7 }] };
const CBS_RULE = { name: 'tc', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing', retentionDays: 7 }] };
const POLICY = { rules: [ECS_RULE, ENS_RULE, CBS_RULE] };

function seed(): Seed {
  return {
    credentials: credentialsSeed(),
    ecs: {
      regions: ['cn-hangzhou', 'cn-shanghai'],
      snapshots: [
        { snapshotId: 's-web1', regionId: 'cn-hangzhou', diskId: 'd-web', name: 'web', status: 'accomplished', snapshotType: 'user' },
        // The service may hand back any text: a name holding a lone surrogate.
        { snapshotId: 's-odd1', regionId: 'cn-hangzhou', diskId: 'd-odd', name: `odd${LONE}name`, status: 'accomplished', snapshotType: 'user' },
      ],
    },
    ens: {
      regions: ['cn-hangzhou-26', 'cn-chengdu-26'],
      disks: [{ diskId: 'd-edge1', ensRegionId: 'cn-hangzhou-26' }],
      snapshots: [{ snapshotId: 'sp-edge1', ensRegionId: 'cn-hangzhou-26', diskId: 'd-edge1', name: 'edge', status: 'available' }],
    },
    cbs: { regions: ['ap-guangzhou', 'ap-beijing'], snapshots: [{ snapshotId: 'snap-db000001', region: 'ap-guangzhou', diskId: 'disk-db0001', name: 'db', state: 'NORMAL' }] },
  };
}

const ecs = loadBundle('ecs-replicator');
const ens = loadBundle('ens-replicator');
const cbs = loadBundle('cbs-replicator');
const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));

const FC_SWEEP = buffer({ action: 'sweep' });
const FC_TIMER = buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' });

interface ErrorAnswer {
  ok: boolean;
  error?: { code: string; field: string; message: string; problems?: Array<{ field: string; rule: string }> };
}

function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDFFF]/u.test(text);
}

/** Refused with this code and field, no API call, and an answer that is itself well-formed text. */
function expectRefused(answer: ErrorAnswer, code: string, field: string): void {
  expect(answer.ok).toBe(false);
  expect(answer.error?.code).toBe(code);
  expect(answer.error?.field).toBe(field);
  expect(answer.error?.message).toContain('must be well-formed Unicode text');
  expect(isWellFormed(JSON.stringify(answer.error))).toBe(true);
  expect(isWellFormed(answer.error?.message ?? '')).toBe(true);
  expect(cloud.calls()).toEqual([]);
}

async function run(handler: typeof ecs, event: unknown, context: Record<string, unknown>): Promise<ErrorAnswer> {
  return (await captureLogs(() => handler(event, context))).value as unknown as ErrorAnswer;
}

describe('lone surrogates in the policy', () => {
  it.each([
    ['ENS copyDescription', ens, fcContext(), { rules: [{ ...ENS_RULE, copyDescription: `copy of {sourceId}${LONE}` }] }, 'rules[0].copyDescription'],
    ['ECS copyDescription', ecs, fcContext(), { rules: [{ ...ECS_RULE, copyDescription: `${LONE_LOW}copy of {sourceId}` }] }, 'rules[0].copyDescription'],
    ['ECS destination tag value', ecs, fcContext(), { rules: [{ ...ECS_RULE, destinations: [{ region: 'cn-shanghai', tags: { team: `db${LONE}` } }] }] }, 'rules[0].destinations[0].tags.team'],
    ['CBS namePattern', cbs, scfContext(), { rules: [{ ...CBS_RULE, match: { namePattern: `db-*${LONE}` } }] }, 'rules[0].match.namePattern'],
    ['a key of another cloud\'s rule', cbs, scfContext(), { rules: [CBS_RULE, { ...ECS_RULE, match: { tags: { [`k${LONE}`]: 'v' } } }] }, 'rules[1].match.tags["k\\ud800"]'],
  ])('refuses a %s with its path and no API call', async (_label, handler, context, policy, field) => {
    setPolicy(policy);
    // The variable holds `\ud800` as JSON writes it: the lone surrogate appears when the policy is parsed.
    expect(process.env.REPLICATION_POLICY).toContain('\\ud');
    const event = handler === cbs ? { action: 'sweep' } : FC_SWEEP;
    expectRefused(await run(handler, event, context), 'InvalidPolicy', field);
  });
});

describe('lone surrogates in payloads and events', () => {
  const copy = { action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-web1', sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-shanghai' }] };

  it('refuses a manual copy whose copyDescription holds one (FC bytes)', async () => {
    expectRefused(await run(ecs, buffer({ ...copy, copyDescription: `nightly ${LONE}` }), fcContext()), 'InvalidInput', 'copyDescription');
  });

  it('refuses a manual copy to ENS whose copyName holds one', async () => {
    const payload = { action: 'copy', cloud: 'aliyun-ens', snapshotId: 'sp-edge1', sourceRegion: 'cn-hangzhou-26', destinations: [{ region: 'cn-chengdu-26' }], copyName: `srep:{rule}:{sourceId}:{sourceRegion}${LONE_LOW}` };
    expectRefused(await run(ens, buffer(payload), fcContext()), 'InvalidInput', 'copyName');
  });

  it('refuses a manual payload handed over as an object (SCF), in a list entry', async () => {
    const payload = { action: 'sweep', rules: ['tc', `t${LONE}`] };
    expectRefused(await run(cbs, payload, scfContext()), 'InvalidInput', 'rules[1]');
  });

  it('refuses an ECS snapshot event whose snapshot name holds one', async () => {
    const event = {
      id: 'evt-1', source: 'acs.ecs', specversion: '1.0', type: 'ecs:Snapshot:CreateSnapshotCompleted', aliyunregionid: 'cn-hangzhou', time: '2026-11-22T10:00:00Z',
      data: { result: 'accomplished', snapshotId: 's-web1', snapshotName: `web${LONE}`, snapshotType: 'user', diskId: 'd-web' },
    };
    expectRefused(await run(ecs, buffer(event), fcContext()), 'InvalidInput', 'data.snapshotName');
  });

  it('refuses one inside an event field that holds JSON as text', async () => {
    const event = {
      id: 'evt-2', source: 'acs.ecs', specversion: '1.0', type: 'ecs:Snapshot:CreateSnapshotCompleted', aliyunregionid: 'cn-hangzhou',
      data: JSON.stringify({ result: 'accomplished', snapshotId: 's-web1', snapshotName: `web${LONE}` }),
    };
    expectRefused(await run(ecs, buffer(event), fcContext()), 'InvalidInput', 'data.snapshotName');
  });

  it("refuses one in a timer's sweep options", async () => {
    const timer = { triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: JSON.stringify({ rules: [`edge${LONE}`] }) };
    // The timer text itself holds `\ud800` as JSON text: well-formed until its options are parsed.
    expect(isWellFormed(timer.payload)).toBe(true);
    expectRefused(await run(ens, buffer(timer), fcContext()), 'InvalidInput', 'payload.rules[0]');
  });
});

describe('a source name holding a lone surrogate', () => {
  it('is copied under a description that carries its name, with no lone surrogate sent', async () => {
    setPolicy({ rules: [{ ...ECS_RULE, copyDescription: 'copy of {sourceName} ({sourceId})' }] });
    const { value: answer } = await captureLogs(() => ecs(FC_TIMER, fcContext()));
    expect(answer.ok).toBe(true);
    const odd = (answer.results as Array<{ sourceSnapshotId: string; outcome: string }>).filter((r) => r.sourceSnapshotId === 's-odd1');
    expect(odd.map((r) => r.outcome)).toEqual(['copied']);
    const copy = cloud.state().ecs.snapshots.find((s) => s.sourceSnapshotId === 's-odd1');
    expect(copy?.description).toBe('copy of odd-name (s-odd1)');
    const sent = cloud.calls().flatMap((call) => Object.values(call.params).map(String));
    expect(sent.length).toBeGreaterThan(0);
    for (const value of sent) expect(isWellFormed(value)).toBe(true);
  });
});
