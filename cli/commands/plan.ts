import type { Command } from 'commander';
import { coverage, type CoverageEntry } from '../../shared/engine/coverage';
import { LineageReader } from '../../shared/engine/lineage';
import { summarizePlan, type PlanItem, type PlanSummary } from '../../shared/engine/plan-summary';
import { runSweep } from '../../shared/engine/replicate';
import type { ChoreResult, RunReport } from '../../shared/contracts/results';
import type { Policy } from '../../shared/contracts/policy';
import { CLOUD_KINDS, type Snapshot } from '../../shared/contracts/snapshot';
import { runAction } from '../action';
import { cloudDrivers } from '../drivers';
import { EXIT, EXIT_CODES_HELP } from '../exit-codes';
import { formatGb, fromTo } from '../format';
import { observeDriver } from '../observed-driver';
import { Output } from '../output';
import { estimateCost, type CostEstimate } from '../plan-cost';
import { checkRuleNames, readPolicyFile } from '../policy-file';
import { loadPriceTable, type PriceTable } from '../prices';
import { createProgress } from '../progress';
import { regionCount } from '../regions';
import { fitText, renderTable } from '../render-table';
import { cliRunDeps } from '../run-deps';
import { commandLimits, timeoutOption } from '../time-limit';

interface PlanOptions {
  policy: string;
  rule?: string[];
  cost?: boolean;
  prices?: string;
  timeout?: number;
  json?: boolean;
}

const HELP = `
A dry run of the timer's sweep: the same planning the functions do, without copying or changing
anything. Per rule and destination it shows what would be copied, what already exists, what is being
copied, and what is deferred or skipped and why; and the data the copies would move (the sum of the
sources' sizes). Chores a sweep would do (CBS deadlines, ENS scheduled snapshots and pruning) are listed too.

With --cost, also what the copies would cost: the data they transfer once (GB) and the snapshot
storage they take over the next 30 days at each destination's retention (GB-months), priced from the
price table built into the command (data/prices.json: per cloud and region, each price with the public
page it was read from and when). --prices FILE uses your own table of the same layout. Prices no public
page gave are null in the table: what they would price is reported as not priced. The figures are an
upper bound: sizes are the source disks' sizes, and a later copy of a disk its destination already
holds sends only the change, which no listing tells (such copies are counted whole and shown apart).

Credentials and endpoints: as for 'copy' (see its --help).

Examples:
  $ snapshot-replicator plan --policy policy.json
  $ snapshot-replicator plan --policy policy.json --rule prod-dr --json | jq .totals
  $ snapshot-replicator plan --policy policy.json --cost
  $ snapshot-replicator plan --policy policy.json --cost --prices my-prices.json --json | jq .cost

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

const money = (n: number, currency: string): string => `${n.toFixed(2)} ${currency}`;
const gb = (n: number): string => `${Number.isInteger(n) ? n : n.toFixed(1)}`;

function costText(cost: CostEstimate): string {
  const c = cost.currency;
  const lines = [
    `Cost estimate (${c}; prices: ${cost.prices.origin}):`,
    `  transfer, once: ${gb(cost.transferGB)} GB, ${money(cost.transferCost, c)}`,
    `  storage: ${gb(cost.storageGBMonth)} GB-months over the next 30 days, ${money(cost.storageCostMonthly, c)} a month`,
    `  copies: ${cost.firstCopies.count} first (${gb(cost.firstCopies.transferGB)} GB), ${cost.laterCopies.count} later (${gb(cost.laterCopies.transferGB)} GB, counted whole)`,
  ];
  if (cost.upperBound) lines.push(`  an upper bound: ${cost.why.join('; ')}.`);
  if (cost.notPriced.transferGB > 0 || cost.notPriced.storageGBMonth > 0) {
    lines.push(`  not priced (no known price in the table; not in the costs): ${gb(cost.notPriced.transferGB)} GB of transfer, ${gb(cost.notPriced.storageGBMonth)} GB-months of storage.`);
  }
  if (cost.unknownSizes > 0) lines.push(`  ${cost.unknownSizes} ${cost.unknownSizes === 1 ? 'copy' : 'copies'} of unknown size left out.`);
  for (const p of cost.prices.used) {
    const price = p.price === null ? 'no public price found' : `${p.price} ${c}/${p.kind === 'transfer' ? 'GB' : 'GB-month'}`;
    lines.push(`  ${p.cloud} ${p.kind} ${p.where}: ${price} (${p.page}, read ${p.read})`);
  }
  return lines.join('\n');
}

function humanPlan(file: string, summary: PlanSummary, chores: ChoreResult[], cost: CostEstimate | undefined): string {
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
  if (cost) lines.push('', costText(cost));
  return lines.join('\n');
}

/** Coverage of the listed snapshots, cloud by cloud, as status computes it: which disks have copies where. */
function listedCoverage(policy: Policy, rules: Policy['rules'], listed: ReadonlyMap<string, Snapshot>, nowMs: number): CoverageEntry[] {
  return CLOUD_KINDS.flatMap((cloud) => {
    const own = rules.filter((r) => r.cloud === cloud);
    if (own.length === 0) return [];
    const snapshots = [...listed.values()].filter((s) => s.cloud === cloud);
    return coverage({ rules: own, snapshots, lineage: new LineageReader(policy.rules.filter((r) => r.cloud === cloud)), nowMs });
  });
}

async function plan(opts: PlanOptions, output: Output): Promise<number> {
  const policy = readPolicyFile(opts.policy);
  checkRuleNames(policy, opts.rule);
  // Read before any listing: a bad price file should not cost the API calls first.
  const table: PriceTable | undefined = opts.cost || opts.prices !== undefined ? loadPriceTable(opts.prices) : undefined;
  const rules = policy.rules.filter((r) => !opts.rule || opts.rule.includes(r.name));
  const sizes = new Map<string, number>();
  const listed = new Map<string, Snapshot>();
  const progress = createProgress(output.json);
  const drivers = cloudDrivers(process.env, (driver) =>
    observeDriver(driver, {
      listed: (_region, snapshots) => {
        for (const s of snapshots) {
          if (s.sizeGb !== undefined) sizes.set(`${s.region}|${s.snapshotId}`, s.sizeGb);
          if (table) listed.set(`${s.region}|${s.snapshotId}`, s);
        }
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
  const cost = table ? estimateCost({ items: summary.items, rules, snapshots: listed, coverage: listedCoverage(policy, rules, listed, Date.now()), table }) : undefined;
  const ok = summary.totals.counts.failed === 0;
  output.result(
    { ok, policy: opts.policy, dryRun: true, groups: summary.groups, items: summary.items, chores: report.chores, totals: summary.totals, ...(cost ? { cost } : {}), apiCalls: report.apiCalls },
    () => fitText(humanPlan(opts.policy, summary, report.chores, cost)),
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
    .option('--cost', 'also estimate what the copies cost: transfer once, storage a month')
    .option('--prices <file>', 'the price table for --cost (default: the built-in data/prices.json); implies --cost')
    .addOption(timeoutOption())
    .option('--json', 'print the plan as JSON')
    .addHelpText('after', HELP)
    .action(async (opts: PlanOptions) => {
      const output = new Output(opts.json === true);
      await runAction(output, () => plan(opts, output), { afterInterrupt: 'A plan changes nothing in the clouds.' });
    });
}
