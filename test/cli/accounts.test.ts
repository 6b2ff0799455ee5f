/**
 * plan, status and copy over the policy's accounts, against the local cloud's accounts and its STS:
 * the caller's own account with the caller's keys, every other through its role, assumed with those
 * keys. Each account's part names the account and holds nothing of another's; --account narrows to
 * one; a role that cannot be assumed costs only its account (exit 3); an unknown --account is refused
 * before any call. Read from the cloud's own state and call log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EcsSnapshotSeed, LocalCloud, Seed } from '../../local-cloud/index';
import { registerTestSecrets } from '../security/log-guard';
import { credentialsSeed, hoursAgo, KEYS, runCli, writeFile, type CliRun } from './harness';
import { cliCloudPerFile } from './cli-cloud-per-file';
import { encodings, startStsRecorder } from './sts-recorder';

const IDS = { own: '1000000000000000', alpha: '1000000000000001', beta: '1000000000000002', gamma: '1000000000000003' } as const;
const MEMBERS = ['alpha', 'beta', 'gamma'] as const;
type Member = (typeof MEMBERS)[number];

const aliyunRole = (n: Member): string => `acs:ram::${IDS[n]}:role/snapshot-replicator-member`;
const TENCENT_ROLE = `qcs::cam::uin/${IDS.alpha}:roleName/snapshot-replicator-member`;

const POLICY = {
  accounts: [
    ...MEMBERS.map((n) => ({ name: n, cloud: 'aliyun', roleArn: aliyunRole(n) })),
    { name: 'alpha-tc', cloud: 'tencent', roleArn: TENCENT_ROLE },
    // Declared, but no rule replicates it: never reached, and not a valid --account.
    { name: 'idle', cloud: 'aliyun', roleArn: 'acs:ram::1000000000000009:role/snapshot-replicator-member' },
  ],
  rules: [
    // The caller's own account: the same tag as the members' rule, to another region.
    { name: 'own-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } }, destinations: [{ region: 'cn-shanghai' }] },
    { name: 'members-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], match: { tags: { backup: 'dr' } }, destinations: [{ region: 'cn-beijing' }], accounts: [...MEMBERS] },
    { name: 'members-cbs', cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing' }], accounts: ['alpha-tc'] },
  ],
};

const SIZES = { own: 40, alpha: 10, beta: 20, gamma: 30 } as const;

function source(owner: keyof typeof IDS): EcsSnapshotSeed {
  return {
    snapshotId: `s-${owner}1`, regionId: 'cn-hangzhou', diskId: `d-${owner}1`, name: `${owner} data`, status: 'accomplished', snapshotType: 'user',
    tags: { backup: 'dr' }, sourceDiskSize: SIZES[owner], creationTime: hoursAgo(1),
  };
}

/**
 * Every account holds one tagged ECS snapshot of its own; gamma's is already copied to cn-beijing;
 * alpha also holds a CBS snapshot for its Tencent account. Each role trusts the caller's key.
 */
function seed(untrusted: Member[] = []): Seed {
  return {
    accountId: IDS.own,
    credentials: credentialsSeed(),
    ecs: { regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'], snapshots: [source('own')] },
    cbs: { regions: ['ap-guangzhou', 'ap-beijing'], snapshots: [] },
    accounts: {
      [IDS.alpha]: {
        ecs: { snapshots: [source('alpha')] },
        cbs: { snapshots: [{ snapshotId: 'snap-alpha001', region: 'ap-guangzhou', diskId: 'disk-alpha1', name: 'alpha orders', state: 'NORMAL', diskSize: 50, createTime: hoursAgo(1) }] },
      },
      [IDS.beta]: { ecs: { snapshots: [source('beta')] } },
      [IDS.gamma]: {
        ecs: {
          snapshots: [
            source('gamma'),
            {
              snapshotId: 's-gamma1bj', regionId: 'cn-beijing', diskId: 'd-gamma1', name: 'srep:members-dr:s-gamma1:cn-hangzhou', status: 'accomplished', snapshotType: 'copied',
              sourceSnapshotId: 's-gamma1', sourceRegion: 'cn-hangzhou', creationTime: hoursAgo(0.5),
            },
          ],
        },
      },
    },
    roles: [
      ...MEMBERS.map((n) => ({ arn: aliyunRole(n), accountId: IDS[n], trustedAccessKeyIds: untrusted.includes(n) ? ['LTAIsomeoneelse01'] : [KEYS.aliyun.accessKeyId] })),
      { arn: TENCENT_ROLE, accountId: IDS.alpha, trustedAccessKeyIds: [KEYS.tencent.secretId] },
    ],
  };
}

const { cloud, env, home } = cliCloudPerFile(seed, { extraEnv: { COLUMNS: '200' } });
const policyFile = writeFile(join(home, 'policy.json'), POLICY);


interface Labelled {
  account?: string;
}
interface PlanJson {
  ok: boolean;
  items: Array<Labelled & { rule: string; sourceSnapshotId: string; destinationRegion: string; action: string }>;
  groups: Array<Labelled & { rule: string; destinationRegion: string }>;
  totals: { transferGb: number; counts: Record<string, number> };
  cost?: { transferGB: number };
  accounts: Array<Labelled & { ok: boolean; roleArn?: string; error?: { code: string; message: string }; cost?: { transferGB: number } }>;
  error?: { code: string; message: string; problems?: Array<{ field: string; message: string }> };
}
interface StatusJson {
  ok: boolean;
  entries: Array<Labelled & { rule: string; diskId: string; destinationRegion: string; state: string }>;
  accounts: PlanJson['accounts'];
}

const who = (x: Labelled): string => x.account ?? 'own';
const itemLines = (plan: PlanJson): string[] => plan.items.map((i) => `${who(i)} ${i.rule} ${i.sourceSnapshotId}>${i.destinationRegion} ${i.action}`).sort();
const accountsOf = (answer: { accounts: Labelled[] }): string[] => answer.accounts.map(who);
const callsOf = (action: string) => cloud.calls().filter((c) => c.action === action);
const accountIdsOf = (action: string): string[] => [...new Set(callsOf(action).map((c) => c.accountId ?? '?'))].sort();
const assumedRoles = (): string[] => callsOf('AssumeRole').filter((c) => c.code === 'OK').map((c) => String(c.params.RoleArn)).sort();

/** The lines of the text output from the heading that starts with `title` to the next heading. */
function section(text: string, title: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(title));
  expect(start, `a heading "${title}"`).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^(Account \S+ \(|Your own account:|Total over )/.test(l));
  return rest.slice(0, end === -1 ? undefined : end).join('\n');
}

const ALL_ITEMS = [
  'own own-dr s-own1>cn-shanghai would-copy',
  'alpha members-dr s-alpha1>cn-beijing would-copy',
  'beta members-dr s-beta1>cn-beijing would-copy',
  'gamma members-dr s-gamma1>cn-beijing already-copied',
  'alpha-tc members-cbs snap-alpha001>ap-beijing would-copy',
].sort();

describe('plan over the policy\'s accounts', () => {
  it('plans each account with its own rules, through its role, and labels every part with its account', async () => {
    const run = await runCli(['plan', '--policy', policyFile, '--cost', '--json'], env, home);
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(plan.ok).toBe(true);
    expect(itemLines(plan)).toEqual(ALL_ITEMS);
    expect(plan.groups.map((g) => `${who(g)} ${g.rule} ${g.destinationRegion}`)).toEqual([
      'own own-dr cn-shanghai', 'alpha members-dr cn-beijing', 'beta members-dr cn-beijing', 'gamma members-dr cn-beijing', 'alpha-tc members-cbs ap-beijing',
    ]);
    expect(accountsOf(plan)).toEqual(['own', 'alpha', 'beta', 'gamma', 'alpha-tc']);
    expect(plan.accounts.every((a) => a.ok)).toBe(true);
    expect(plan.accounts.find((a) => a.account === 'alpha')?.roleArn).toBe(aliyunRole('alpha'));
    // 40 (own) + 10 (alpha) + 20 (beta) + 50 (alpha's CBS); gamma's is there already.
    expect(plan.totals.transferGb).toBe(120);
    expect(plan.cost?.transferGB).toBe(120);
    expect(plan.accounts.map((a) => a.cost?.transferGB)).toEqual([40, 10, 20, 0, 50]);
    // Each account was listed with its own keys, each role assumed once with the caller's keys, nothing copied.
    expect(accountIdsOf('DescribeSnapshots')).toEqual([IDS.own, IDS.alpha, IDS.beta, IDS.gamma].sort());
    expect(callsOf('DescribeSnapshots').filter((c) => c.service === 'cbs').map((c) => c.accountId)).toEqual(expect.arrayContaining([IDS.alpha]));
    expect(new Set(callsOf('DescribeSnapshots').filter((c) => c.service === 'cbs').map((c) => c.accountId))).toEqual(new Set([IDS.alpha]));
    expect(assumedRoles()).toEqual([...MEMBERS.map(aliyunRole), TENCENT_ROLE].sort());
    expect(callsOf('AssumeRole').map((c) => c.accountId)).toEqual(Array(4).fill(IDS.own));
    expect(callsOf('AssumeRole').map((c) => c.params.RoleSessionName)).toEqual(Array(4).fill('snapshot-replicator'));
    expect(cloud.calls().filter((c) => c.action.startsWith('Copy'))).toEqual([]);
  });

  it('as text: a section per account, headed by the account and its role, with only that account\'s snapshots', async () => {
    const run = await runCli(['plan', '--policy', policyFile, '--cost'], env, home);
    expect(run.code).toBe(0);
    const own = section(run.stdout, 'Your own account:');
    const sections = Object.fromEntries(MEMBERS.map((n) => [n, section(run.stdout, `Account ${n} (${aliyunRole(n)}):`)]));
    const all = ['s-own1', 's-alpha1', 's-beta1', 's-gamma1', 'snap-alpha001'];
    const only = (text: string, id: string): void => {
      expect(text).toContain(id);
      for (const other of all.filter((x) => x !== id)) expect(text).not.toContain(other);
    };
    only(own, 's-own1');
    only(sections.alpha as string, 's-alpha1');
    only(sections.beta as string, 's-beta1');
    only(sections.gamma as string, 's-gamma1');
    only(section(run.stdout, `Account alpha-tc (${TENCENT_ROLE}):`), 'snap-alpha001');
    expect(sections.alpha).toMatch(/Subtotal: 1 copy, 10 GB to transfer\./);
    expect(sections.alpha).toMatch(/^Cost: /m);
    expect(run.stdout).toMatch(/Total over 5 accounts: 4 copies, 120 GB to transfer\./);
    expect(run.stdout).toContain('Cost estimate (');
    expect(run.stderr).toContain(`account alpha: role ${aliyunRole('alpha')}, assumed with environment (ALIBABA_CLOUD_ACCESS_KEY_ID)`);
    expect(run.stderr).toContain(`account alpha-tc: role ${TENCENT_ROLE}, assumed with environment (TENCENTCLOUD_SECRETID)`);
  });

  it('--account plans that one account: its rules, its listings, its role only', async () => {
    const run = await runCli(['plan', '--policy', policyFile, '--account', 'beta', '--json'], env, home);
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(itemLines(plan)).toEqual(['beta members-dr s-beta1>cn-beijing would-copy']);
    expect(accountsOf(plan)).toEqual(['beta']);
    expect(assumedRoles()).toEqual([aliyunRole('beta')]);
    expect(accountIdsOf('DescribeSnapshots')).toEqual([IDS.beta]);
  });

  it('--rule with --account must name a rule of that account', async () => {
    const run = await runCli(['plan', '--policy', policyFile, '--account', 'beta', '--rule', 'own-dr', '--json'], env, home);
    expect(run.code).toBe(2);
    const answer = JSON.parse(run.stdout) as PlanJson;
    expect(answer.error?.problems?.[0]?.message).toContain('is not a rule of account beta (its rules: members-dr)');
    expect(cloud.calls()).toEqual([]);
  });
});

describe('status over the policy\'s accounts', () => {
  it('reports each account\'s disks, labelled, and --account narrows the report', async () => {
    const all = await runCli(['status', '--policy', policyFile, '--json'], env, home);
    expect(all.code).toBe(0);
    const status = JSON.parse(all.stdout) as StatusJson;
    expect(status.entries.map((e) => `${who(e)} ${e.rule} ${e.diskId} ${e.destinationRegion} ${e.state}`)).toEqual([
      'own own-dr d-own1 cn-shanghai missing',
      'alpha members-dr d-alpha1 cn-beijing missing',
      'beta members-dr d-beta1 cn-beijing missing',
      'gamma members-dr d-gamma1 cn-beijing covered',
      'alpha-tc members-cbs disk-alpha1 ap-beijing missing',
    ]);
    expect(accountsOf(status)).toEqual(['own', 'alpha', 'beta', 'gamma', 'alpha-tc']);
    cloud.clearCalls();
    const one = await runCli(['status', '--policy', policyFile, '--account', 'gamma', '--json'], env, home);
    expect(one.code).toBe(0);
    expect((JSON.parse(one.stdout) as StatusJson).entries.map((e) => `${who(e)} ${e.diskId} ${e.state}`)).toEqual(['gamma d-gamma1 covered']);
    expect(accountIdsOf('DescribeSnapshots')).toEqual([IDS.gamma]);
  });
});

describe('copy --account', () => {
  const copyArgs = ['copy', '--cloud', 'aliyun-ecs', '--snapshot', 's-alpha1', '--from', 'cn-hangzhou', '--to', 'cn-shanghai', '--policy', policyFile];
  type State = ReturnType<LocalCloud['state']>;
  const ecsCopies = (state: State): string[] => [
    ...state.ecs.snapshots.filter((s) => s.sourceSnapshotId).map((s) => `${state.accountId} ${s.regionId} ${s.sourceSnapshotId}`),
    ...Object.entries(state.accounts).flatMap(([id, a]) => a.ecs.snapshots.filter((s) => s.sourceSnapshotId).map((s) => `${id} ${s.regionId} ${s.sourceSnapshotId}`)),
  ].sort();

  it('makes the copy in that account, through its role, and nowhere else', async () => {
    const before = ecsCopies(cloud.state());
    const run = await runCli([...copyArgs, '--account', 'alpha', '--json'], env, home);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { ok: boolean; account?: string; results: Array<{ outcome: string; copySnapshotId?: string }> };
    expect(answer).toMatchObject({ ok: true, account: 'alpha', results: [{ outcome: 'copied' }] });
    expect(ecsCopies(cloud.state())).toEqual([...before, `${IDS.alpha} cn-shanghai s-alpha1`].sort());
    const copy = cloud.state().accounts[IDS.alpha]?.ecs.snapshots.find((s) => s.sourceSnapshotId === 's-alpha1');
    expect(copy?.snapshotId).toBe(answer.results[0]?.copySnapshotId);
    expect(callsOf('CopySnapshot').map((c) => c.accountId)).toEqual([IDS.alpha]);
    expect(assumedRoles()).toEqual([aliyunRole('alpha')]);
  });

  it('a Tencent account through Tencent STS', async () => {
    const run = await runCli(['copy', '--cloud', 'tencent-cbs', '--snapshot', 'snap-alpha001', '--from', 'ap-guangzhou', '--to', 'ap-beijing', '--policy', policyFile, '--account', 'alpha-tc'], env, home);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Copy of snap-alpha001 (tencent-cbs) from ap-guangzhou in account alpha-tc:');
    expect(cloud.state().accounts[IDS.alpha]?.cbs.snapshots.filter((s) => s.sourceSnapshotId === 'snap-alpha001').map((s) => s.region)).toEqual(['ap-beijing']);
    expect(cloud.state().cbs.snapshots).toEqual([]);
    expect(assumedRoles()).toEqual([TENCENT_ROLE]);
  });

  it('without --account the copy is the caller\'s own: another account\'s snapshot is not there', async () => {
    const run = await runCli([...copyArgs, '--json'], env, home);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ results: [{ outcome: 'failed' }] });
    expect(JSON.parse(run.stdout)).not.toHaveProperty('account');
    expect(callsOf('AssumeRole')).toEqual([]);
    expect(ecsCopies(cloud.state())).toEqual([`${IDS.gamma} cn-beijing s-gamma1`]);
  });

  it('refuses an account of the other cloud, and --account without --policy, before any call', async () => {
    const wrongCloud = await runCli([...copyArgs, '--account', 'alpha-tc', '--json'], env, home);
    expect(wrongCloud.code).toBe(2);
    expect(wrongCloud.stdout).toContain('is a tencent account: aliyun-ecs snapshots live in aliyun accounts');
    const noPolicy = await runCli(['copy', '--cloud', 'aliyun-ecs', '--snapshot', 's-alpha1', '--from', 'cn-hangzhou', '--to', 'cn-shanghai', '--account', 'alpha'], env, home);
    expect(noPolicy.code).toBe(2);
    expect(noPolicy.stderr).toContain("--account needs --policy FILE: the account's role is in the policy's accounts");
    expect(cloud.calls()).toEqual([]);
  });
});

describe('a role that cannot be assumed', () => {
  beforeEach(() => cloud.reset(seed(['beta'])));

  it('plan: costs only that account, named with the code; the others are planned; exit 3', async () => {
    const run = await runCli(['plan', '--policy', policyFile, '--json'], env, home);
    expect(run.code).toBe(3);
    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(plan.ok).toBe(false);
    expect(itemLines(plan)).toEqual(ALL_ITEMS.filter((i) => !i.startsWith('beta ')));
    const beta = plan.accounts.find((a) => a.account === 'beta');
    expect(beta).toMatchObject({ ok: false, roleArn: aliyunRole('beta'), error: { code: 'NoPermission' } });
    expect(plan.accounts.filter((a) => a.account !== 'beta').every((a) => a.ok)).toBe(true);
    expect(accountIdsOf('DescribeSnapshots')).toEqual([IDS.own, IDS.alpha, IDS.gamma].sort());

    const text = await runCli(['plan', '--policy', policyFile], env, home);
    expect(text.code).toBe(3);
    expect(section(text.stdout, `Account beta (${aliyunRole('beta')}):`)).toMatch(/^failed with NoPermission: /);
    expect(section(text.stdout, `Account alpha (${aliyunRole('alpha')}):`)).toContain('s-alpha1');
    expect(text.stdout).toContain('Total over 5 accounts, 1 not planned: 3 copies, 100 GB to transfer.');
  });

  it('status, with its HTML page: the account is reported unreached, the others as usual; exit 3', async () => {
    const page = join(home, 'coverage.html');
    const run = await runCli(['status', '--policy', policyFile, '--html', page, '--json'], env, home);
    expect(run.code).toBe(3);
    const status = JSON.parse(run.stdout) as StatusJson;
    expect(status.ok).toBe(false);
    expect(status.entries.map(who)).toEqual(['own', 'alpha', 'gamma', 'alpha-tc']);
    expect(status.accounts.find((a) => a.account === 'beta')).toMatchObject({ ok: false, error: { code: 'NoPermission' } });
    const html = readFileSync(page, 'utf8');
    const unreached = html.slice(html.indexOf('id="unreached"'), html.indexOf('</section>', html.indexOf('id="unreached"')));
    expect(unreached).toContain(`Account beta (${aliyunRole('beta')})`);
    expect(unreached).toContain('<code>NoPermission</code>');
    expect([...html.matchAll(/<table class="grid"(?: data-account="([^"]+)")? data-rule="([^"]+)"/g)].map((m) => `${m[1] ?? 'own'} ${m[2]}`)).toEqual([
      'own own-dr', 'alpha members-dr', 'gamma members-dr', 'alpha-tc members-cbs',
    ]);
  });

  it('copy --account: fails naming the account and the code; exit 3', async () => {
    const run = await runCli(['copy', '--cloud', 'aliyun-ecs', '--snapshot', 's-beta1', '--from', 'cn-hangzhou', '--to', 'cn-shanghai', '--policy', policyFile, '--account', 'beta', '--json'], env, home);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, account: 'beta', error: { code: 'NoPermission' } });
    const text = await runCli(['copy', '--cloud', 'aliyun-ecs', '--snapshot', 's-beta1', '--from', 'cn-hangzhou', '--to', 'cn-shanghai', '--policy', policyFile, '--account', 'beta'], env, home);
    expect(text.code).toBe(3);
    expect(text.stderr).toMatch(/^account beta: cloud error: .*NoPermission/);
    expect(callsOf('CopySnapshot')).toEqual([]);
  });
});

describe('an --account the policy does not replicate', () => {
  it.each([
    ['plan', ['plan', '--policy', policyFile]],
    ['status', ['status', '--policy', policyFile]],
    ['copy', ['copy', '--cloud', 'aliyun-ecs', '--snapshot', 's-alpha1', '--from', 'cn-hangzhou', '--to', 'cn-shanghai', '--policy', policyFile]],
  ])('%s: exit 2 naming the accounts it could be, before any call', async (_name, args) => {
    for (const name of ['delta', 'idle']) {
      const run = await runCli([...args, '--account', name, '--json'], env, home);
      expect(run.code).toBe(2);
      const answer = JSON.parse(run.stdout) as PlanJson;
      expect(answer.error?.problems?.map((p) => p.field)).toEqual(['--account']);
      expect(answer.error?.problems?.[0]?.message).toContain("names no account the policy's rules replicate (accounts: alpha, beta, gamma, alpha-tc)");
    }
    expect(cloud.calls()).toEqual([]);
  });
});

describe('the assumed credentials', () => {
  it('never show in what the command prints, in any encoding, even when calls fail and are retried', async () => {
    const recorder = await startStsRecorder(cloud.url);
    try {
      const viaRecorder = { ...env, ALIYUN_STS_ENDPOINT: recorder.url, TENCENT_STS_ENDPOINT: recorder.url };
      // Failures in the members' accounts: their messages are printed as the calls are retried.
      cloud.setFaults({ errorRate: 0.4, throttleRate: 0.2, seed: 11, accounts: [IDS.alpha, IDS.beta] });
      const runs: CliRun[] = [
        await runCli(['plan', '--policy', policyFile], viaRecorder, home),
        await runCli(['status', '--policy', policyFile, '--json'], viaRecorder, home),
        await runCli(['copy', '--cloud', 'aliyun-ecs', '--snapshot', 's-beta1', '--from', 'cn-hangzhou', '--to', 'cn-shanghai', '--policy', policyFile, '--account', 'beta'], viaRecorder, home),
      ];
      // Two secret parts (secret, token) per role assumed: four roles, twice, and one.
      expect(recorder.values.length).toBeGreaterThanOrEqual(2 * 9);
      registerTestSecrets(...recorder.values);
      expect(runs.some((r) => r.stderr.includes('retrying in'))).toBe(true);
      const printed = runs.map((r) => `${r.stdout}\n${r.stderr}`).join('\n');
      const leaks = recorder.values.flatMap(encodings).filter((form) => printed.includes(form));
      expect(leaks).toEqual([]);
    } finally {
      await recorder.close();
    }
  });
});
