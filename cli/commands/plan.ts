import type { Command } from 'commander';
import { summarizePlan, type PlanItem, type PlanSummary } from '../../shared/engine/plan-summary';
import { runSweep } from '../../shared/engine/replicate';
import type { ChoreResult, RunReport } from '../../shared/contracts/results';
import { runAction } from '../action';
import { cloudDrivers } from '../drivers';
import { EXIT, EXIT_CODES_HELP } from '../exit-codes';
import { formatGb, fromTo } from '../format';
import { observeDriver } from '../observed-driver';
import { Output } from '../output';
import { checkRuleNames, readPolicyFile } from '../policy-file';
import { createProgress } from '../progress';
import { regionCount } from '../regions';
import { fitText, renderTable } from '../render-table';
import { cliRunDeps } from '../run-deps';
import { commandLimits, timeoutOption } from '../time-limit';

interface PlanOptions {
  policy: string;
  rule?: string[];
  timeout?: number;
  json?: boolean;
}

const HELP = `
A dry run of the timer's sweep: the same planning the functions do, without copying or changing
anything. Per rule and destination it shows what would be copied, what already exists, what is being
copied, and what is deferred or skipped and why; and the data the copies would move (the sum of the
sources' sizes). Chores a sweep would do (CBS deadlines, ENS scheduled snapshots and pruning) are listed too.

Credentials and endpoints: as for 'copy' (see its --help).

Examples:
  $ snapshot-replicator plan --policy policy.json
  $ snapshot-replicator plan --policy policy.json --rule prod-dr --json | jq .totals

${EXIT_CODES_HELP}
  (plan answers 1 only when a pair is answered failed)`;

function itemsTable(items: PlanItem[]): string {
  return renderTable(
    ['rule', 'snapshot', 'from → to', 'size', 'copy name'],
    items.map((i) => [i.rule ?? '', i.sourceSnapshotId, fromTo(i.sourceRegion, i.destinationRegion), i.sizeGb === undefined ? '?' : formatGb(i.sizeGb), i.copyName ?? '']),
    [3],
  );
}

function otherTable(items: PlanItem[]): string {
  return renderTable(
    ['rule', 'snapshot', 'from → to', 'outcome', 'copy / why'],
    items.map((i) => [i.rule ?? '', i.sourceSnapshotId, fromTo(i.sourceRegion, i.destinationRegion), i.action, i.copySnapshotId ?? [i.errorCode, i.reason].filter(Boolean).join(': ')]),
  );
}

function choresTable(chores: ChoreResult[]): string {
  return renderTable(
    ['rule', 'chore', 'where', 'snapshot / disk'],
    chores.map((c) => [c.rule, c.kind, c.region, c.snapshotId ?? c.diskId ?? '']),
  );
}

function humanPlan(file: string, summary: PlanSummary, chores: ChoreResult[]): string {
  const { groups, items, totals } = summary;
  const lines = [`Dry run of ${file}: nothing was copied.`, ''];
  if (groups.length === 0) lines.push('No snapshot matches any rule.');
  else {
    lines.push(
      renderTable(
        ['rule', 'destination', 'would copy', 'exists', 'in progress', 'deferred', 'skipped', 'failed', 'to transfer'],
        groups.map((g) => [
          g.rule, g.destinationRegion || '-', String(g.counts['would-copy']), String(g.counts['already-copied']), String(g.counts['in-progress']),
          String(g.counts.deferred), String(g.counts.skipped), String(g.counts.failed), formatGb(g.transferGb) + (g.unknownSizes > 0 ? ' + ?' : ''),
        ]),
        [2, 3, 4, 5, 6, 7, 8],
      ),
    );
  }
  const would = items.filter((i) => i.action === 'would-copy');
  const other = items.filter((i) => i.action !== 'would-copy');
  if (would.length > 0) lines.push('', 'Would copy:', itemsTable(would));
  if (other.length > 0) lines.push('', 'Not copied now:', otherTable(other));
  if (chores.length > 0) lines.push('', 'Chores a sweep would do:', choresTable(chores));
  const unknown = totals.unknownSizes > 0 ? ` (and ${totals.unknownSizes} of unknown size)` : '';
  lines.push('', `Total: ${would.length} ${would.length === 1 ? 'copy' : 'copies'}, ${formatGb(totals.transferGb)} to transfer${unknown}.`);
  return lines.join('\n');
}

async function plan(opts: PlanOptions, output: Output): Promise<number> {
  const policy = readPolicyFile(opts.policy);
  checkRuleNames(policy, opts.rule);
  const rules = policy.rules.filter((r) => !opts.rule || opts.rule.includes(r.name));
  const sizes = new Map<string, number>();
  const progress = createProgress(output.json);
  const drivers = cloudDrivers(process.env, (driver) =>
    observeDriver(driver, {
      listed: (_region, snapshots) => {
        for (const s of snapshots) if (s.sizeGb !== undefined) sizes.set(`${s.region}|${s.snapshotId}`, s.sizeGb);
      },
      called: () => progress.tick(),
    }),
  );
  progress.start(regionCount(rules), 'Listing snapshots');
  let report: RunReport;
  try {
    report = await runSweep({ action: 'sweep', ...(opts.rule ? { rules: opts.rule } : {}), dryRun: true }, cliRunDeps(policy, drivers.driverFor, commandLimits(opts)));
  } finally {
    progress.stop();
  }
  for (const source of new Set(Object.values(drivers.credentialSources))) output.note(`credentials: ${source}`);
  const summary = summarizePlan(report.results, (region, id) => sizes.get(`${region}|${id}`));
  const ok = summary.totals.counts.failed === 0;
  output.result(
    { ok, policy: opts.policy, dryRun: true, groups: summary.groups, items: summary.items, chores: report.chores, totals: summary.totals, apiCalls: report.apiCalls },
    () => fitText(humanPlan(opts.policy, summary, report.chores)),
  );
  return ok ? EXIT.ok : EXIT.problems;
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .summary('show what a sweep would copy, and how much data that moves (dry run)')
    .description('Show what a sweep of a policy would copy, and how much data that moves; copies nothing.')
    .requiredOption('--policy <file>', 'the replication policy (JSON, as in REPLICATION_POLICY)')
    .option('--rule <name...>', 'only these rules (default: all)')
    .addOption(timeoutOption())
    .option('--json', 'print the plan as JSON')
    .addHelpText('after', HELP)
    .action(async (opts: PlanOptions) => {
      const output = new Output(opts.json === true);
      await runAction(output, () => plan(opts, output), { afterInterrupt: 'A plan changes nothing in the clouds.' });
    });
}
