import { Option, type Command } from 'commander';
import { runManualCopy } from '../../shared/engine/replicate';
import { OUTCOMES, type Answer, type ReplicationResult, type RunReport } from '../../shared/contracts/results';
import type { CloudDriver } from '../../shared/contracts/driver';
import { countOutcomes } from '../../shared/engine/result';
import { InputError, type FieldProblem } from '../../shared/contracts/errors';
import type { Policy } from '../../shared/contracts/policy';
import { answerFromReport } from '../../shared/runtime/answer';
import { parseManualRequest } from '../../shared/triggers/manual';
import type { CopyRequest } from '../../shared/contracts/requests';
import { CLOUD_KINDS } from '../../shared/contracts/snapshot';
import { copyTarget, ownCopyTarget, type AccountTarget } from '../account-targets';
import { acrossAccounts, type AccountRun } from '../account-runs';
import { runAction } from '../action';
import { EXIT, EXIT_CODES_HELP } from '../exit-codes';
import { fromTo } from '../format';
import { recordCopies } from '../interrupt';
import { observeDriver } from '../observed-driver';
import { Output } from '../output';
import { readPolicyFile } from '../policy-file';
import { createProgress } from '../progress';
import { fitText, renderTable } from '../render-table';
import { cliRunDeps } from '../run-deps';
import { commandLimits, timeoutOption } from '../time-limit';

interface CopyOptions {
  cloud: string;
  snapshot: string;
  from: string;
  to: string[];
  retentionDays?: string;
  rule?: string;
  policy?: string;
  account?: string;
  timeout?: number;
  json?: boolean;
}

const HELP = `
Copies one snapshot now, with your own credentials, exactly as a manual {"action":"copy"} payload
to the functions would: the same checks of every parameter before any call, the same lineage (an
existing copy is answered already-copied, never made twice), the same retention. A copy is never
copied again. The rules' match conditions do not apply: you chose the snapshot.

Credentials (first found wins):
  Alibaba (aliyun-ecs, aliyun-ens):
    ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET [, ALIBABA_CLOUD_SECURITY_TOKEN]
    ~/.aliyun/config.json (aliyun CLI): profile ALIBABA_CLOUD_PROFILE, else "current"; modes AK, StsToken
  Tencent (tencent-cbs):
    TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY [, TENCENTCLOUD_SESSIONTOKEN]
    ~/.tccli/default.credential (tccli): secretId, secretKey [, token]
Endpoints: ALIYUN_ECS_ENDPOINT, ALIYUN_ENS_ENDPOINT, TENCENT_CBS_ENDPOINT override the public ones
(for example the local cloud's URL); ALIYUN_STS_ENDPOINT and TENCENT_STS_ENDPOINT do for the STS
that other accounts' roles are assumed through (Tencent STS in TENCENTCLOUD_REGION, else
ap-guangzhou). API_TIMEOUT_MS sets the per-request timeout.
Proxies: the Tencent SDK sends every request, even to 127.0.0.1, through a lowercase http_proxy or
https_proxy when one is set; unset them to reach a local cloud.

Another account: --account NAME (with --policy) makes the copy in that account of the policy's
accounts, through its role, assumed with your credentials (STS AssumeRole), as a manual payload with
"account" makes the functions do; the account's rules then mark its copies. Without it, the copy is
made in your own account. The answer names the account ("account" with --json). Your credentials
need sts:AssumeRole on the role, and the role's trust policy must trust you (your account or your
RAM/CAM user), not only the functions' role; a refusal exits 3 naming the account and the code.

Examples:
  $ snapshot-replicator copy --cloud aliyun-ecs --snapshot s-bp1abc --from cn-hangzhou --to cn-shanghai,cn-beijing --retention-days 7
  $ snapshot-replicator copy --cloud tencent-cbs --snapshot snap-1a2b3c4d --from ap-guangzhou --to ap-beijing --json
  $ snapshot-replicator copy --cloud aliyun-ecs --snapshot s-bp1abc --from cn-hangzhou --to cn-shanghai --policy policy.json --account finance

${EXIT_CODES_HELP}
  (copy answers 1 when any destination is failed, deferred or skipped)`;

/** Where each field of the request came from on the command line, to name it in a problem. */
function optionFor(field: string): string {
  if (field.startsWith('snapshotId')) return '--snapshot';
  if (field.startsWith('sourceRegion')) return '--from';
  if (field.startsWith('cloud')) return '--cloud';
  if (field.startsWith('rule')) return '--rule';
  if (field.startsWith('account')) return '--account';
  if (/^destinations(\[\d+\])?\.retentionDays/.test(field)) return '--retention-days';
  if (field.startsWith('destinations')) return '--to';
  return field;
}

function request(opts: CopyOptions): CopyRequest {
  const regions = opts.to.flatMap((t) => t.split(',')).map((r) => r.trim()).filter((r) => r !== '');
  const retention = opts.retentionDays === undefined ? undefined : opts.retentionDays.trim() !== '' && Number.isFinite(Number(opts.retentionDays)) ? Number(opts.retentionDays) : opts.retentionDays;
  const raw = {
    action: 'copy',
    cloud: opts.cloud,
    snapshotId: opts.snapshot,
    sourceRegion: opts.from,
    destinations: regions.map((region) => ({ region, ...(retention !== undefined ? { retentionDays: retention } : {}) })),
    ...(opts.rule !== undefined ? { rule: opts.rule } : {}),
    ...(opts.account !== undefined ? { account: opts.account } : {}),
  };
  try {
    const parsed = parseManualRequest(raw);
    if (parsed.action !== 'copy') throw new Error('a copy request parsed as a sweep');
    return parsed;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const problems: FieldProblem[] = error.problems.map((p) => ({ ...p, field: `${optionFor(p.field)} (${p.field})` }));
    throw new InputError('InvalidInput', problems);
  }
}

const INTERRUPTED_COPY =
  'A copy call still in flight may yet start its copy: run the same command again to see it (a copy is never made twice).';

const DONE: ReadonlySet<ReplicationResult['outcome']> = new Set(['copied', 'already-copied', 'in-progress']);

function humanCopy(req: CopyRequest, results: ReplicationResult[]): string {
  const where = req.account !== undefined ? ` in account ${req.account}` : '';
  const rows = results.map((r) => [r.sourceSnapshotId, fromTo(r.sourceRegion, r.destinationRegion), r.outcome, r.copySnapshotId ?? [r.errorCode, r.reason].filter(Boolean).join(': ')]);
  const c = countOutcomes(results);
  const summary = OUTCOMES.filter((o) => c[o] > 0).map((o) => `${c[o]} ${o}`).join(', ');
  return [`Copy of ${req.snapshotId} (${req.cloud}) from ${req.sourceRegion}${where}:`, '', renderTable(['snapshot', 'from → to', 'outcome', 'copy / why'], rows), '', `${summary || 'nothing done'}.`].join('\n');
}

/**
 * ENS copies carry no idempotency token, and the ENS function runs one sweep at a time (its reserved
 * concurrency is 1); a copy made from here runs beside it. Said before the work, on stderr.
 */
const ENS_OVERLAP_WARNING =
  'warning: ENS copies carry no idempotency token. If the ens-replicator function sweeps while this copy runs, ' +
  'both may copy the same snapshot to the same node; the next sweep then deletes the newer duplicate.';

/** Where the copy is made: the account --account names (its role and rules are in the policy), else the caller's own. */
function target(opts: CopyOptions, req: CopyRequest, policy: Policy): AccountTarget {
  if (req.account === undefined) return ownCopyTarget(policy);
  if (opts.policy === undefined) {
    throw new InputError('InvalidInput', [{ field: '--account', rule: "needs --policy FILE: the account's role is in the policy's accounts", value: req.account }]);
  }
  return copyTarget(policy, req.account, req.cloud);
}

async function copy(opts: CopyOptions, output: Output): Promise<number> {
  const req = request(opts);
  if (req.cloud === 'aliyun-ens') output.note(ENS_OVERLAP_WARNING);
  const policy: Policy = opts.policy !== undefined ? readPolicyFile(opts.policy) : { rules: [] };
  const where = target(opts, req, policy);
  const progress = createProgress(output.json);
  const started = Date.now();
  // One listing of the source, one per destination, then the copy call(s).
  progress.start(2 + req.destinations.length, 'Copying');
  let run: AccountRun<RunReport> | undefined;
  try {
    const { budget } = commandLimits(opts);
    const wrap = (_target: AccountTarget, driver: CloudDriver): CloudDriver => observeDriver(driver, { called: () => progress.tick(), copied: recordCopies });
    // The account's rules mark its copies and name them (--rule), as in the functions' copy in that account.
    [run] = await acrossAccounts([where], { env: process.env, budget, isolate: false, wrap }, (w) =>
      runManualCopy(req, cliRunDeps({ ...policy, rules: w.target.scopeRules }, w.driverFor, w.limits)));
  } catch (error) {
    // The failure names the account it happened in: most often, a role that cannot be assumed.
    if (where.account === undefined || error instanceof InputError) throw error;
    return output.failure(error, { account: where.account.name });
  } finally {
    progress.stop();
  }
  const report = run?.value;
  if (!run || !report) throw new Error('a copy ended without a report');
  for (const line of run.credentialNotes) output.note(line);
  const answer: Answer = answerFromReport('manual', { ...report, apiCalls: report.apiCalls + run.stsCalls }, Date.now() - started);
  // As the functions answer a run in another account: named; a run in the caller's own is not.
  if (req.account !== undefined) answer.account = req.account;
  output.result(req.cloud === 'aliyun-ens' ? { ...answer, warnings: [ENS_OVERLAP_WARNING.replace(/^warning: /, '')] } : answer, () => fitText(humanCopy(req, report.results)));
  const done = report.results.length > 0 && report.results.every((r) => DONE.has(r.outcome));
  return done ? EXIT.ok : EXIT.problems;
}

export function registerCopy(program: Command): void {
  program
    .command('copy')
    .summary('copy one snapshot to other regions now, with your own credentials')
    .description('Copy one snapshot to one or more regions (or edge nodes) now, with your own credentials.')
    .addOption(new Option('--cloud <cloud>', 'the snapshot service').choices(CLOUD_KINDS).makeOptionMandatory())
    .requiredOption('--snapshot <id>', 'the source snapshot id')
    .requiredOption('--from <region>', 'the region (or ENS edge node) the snapshot is in')
    .requiredOption('--to <regions...>', 'destination regions, comma-separated or repeated')
    .option('--retention-days <n>', 'keep the copies this many days (1-65536)')
    .option('--rule <name>', "name the copies after this rule (its copyName), as the policy's copies are")
    .option('--policy <file>', "a policy whose rules' copy names mark existing copies (needed for custom copyName templates)")
    .option('--account <name>', "make the copy in this account of the policy's accounts, through its role (needs --policy; default: your own account)")
    .addOption(timeoutOption())
    .option('--json', 'print the answer as JSON (the functions\' answer format)')
    .addHelpText('after', HELP)
    .action(async (opts: CopyOptions) => {
      const output = new Output(opts.json === true);
      await runAction(output, () => copy(opts, output), { afterInterrupt: INTERRUPTED_COPY });
    });
}
