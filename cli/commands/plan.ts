import type { Command } from 'commander';
import { coverage, type CoverageEntry } from '../../shared/engine/coverage';
import { LineageReader } from '../../shared/engine/lineage';
import { summarizePlan, type PlanCounts, type PlanItem, type PlanSummary } from '../../shared/engine/plan-summary';
import { runSweep } from '../../shared/engine/replicate';
import type { CloudDriver } from '../../shared/contracts/driver';
import type { ChoreResult } from '../../shared/contracts/results';
import type { Policy } from '../../shared/contracts/policy';
import { CLOUD_KINDS, type Snapshot } from '../../shared/contracts/snapshot';
import { accountTargets, hasAccounts, targetTitle, type AccountTarget } from '../account-targets';
import { accountJson, acrossAccounts, exitForRuns, failedText, labelled, type AccountRun, type AccountWork } from '../account-runs';
import { runAction } from '../action';
import { EXIT_CODES_HELP } from '../exit-codes';
import { formatGb, fromTo } from '../format';
import { observeDriver } from '../observed-driver';
import { Output } from '../output';
import { combineCosts, estimateCost, type CostEstimate } from '../plan-cost';
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
  account?: string;
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

Accounts: a policy with "accounts" divides its rules between your own account (rules without
"accounts") and the accounts the rules name. Without --account the plan covers them all: your own
account's rules with your credentials, and each other account's rules through its role, assumed with
your credentials (STS AssumeRole). Every part of the output names its account (--json: "account" on
each group, item and chore, and one entry per account in "accounts"; your own account's carry no
"account"). --account NAME plans that one account's rules. A role that cannot be assumed costs only
its account: the others are planned, and the command exits 3 naming the account and the error code.

Credentials and endpoints: as for 'copy' (see its --help).

Examples:
  $ snapshot-replicator plan --policy policy.json
  $ snapshot-replicator plan --policy policy.json --rule prod-dr --json | jq .totals
  $ snapshot-replicator plan --policy policy.json --account finance
  $ snapshot-replicator plan --policy policy.json --cost
  $ snapshot-replicator plan --policy policy.json --cost --prices my-prices.json --json | jq .cost

${EXIT_CODES_HELP}
  (plan answers 1 only when a pair is answered failed; 3 when an account could not be planned)`;

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

/** One account's plan, as text: per rule and destination, then the pairs, then the chores. */
function planLines(summary: PlanSummary, chores: ChoreResult[]): string[] {
  const { groups, items } = summary;
  const lines: string[] = [];
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
  return lines;
}

function totalText(label: string, totals: PlanCounts): string {
  const n = totals.counts['would-copy'];
  const unknown = totals.unknownSizes > 0 ? ` (and ${totals.unknownSizes} of unknown size)` : '';
  return `${label}: ${n} ${n === 1 ? 'copy' : 'copies'}, ${formatGb(totals.transferGb)} to transfer${unknown}.`;
}

/** One account's cost in a line; the full estimate (over every account) follows the total. */
function costLine(cost: CostEstimate): string {
  return `Cost: ${money(cost.transferCost, cost.currency)} once for ${gb(cost.transferGB)} GB of transfer; ${money(cost.storageCostMonthly, cost.currency)} a month for ${gb(cost.storageGBMonth)} GB-months of storage.`;
}

function humanPlan(file: string, summary: PlanSummary, chores: ChoreResult[], cost: CostEstimate | undefined): string {
  const lines = [`Dry run of ${file}: nothing was copied.`, '', ...planLines(summary, chores), '', totalText('Total', summary.totals)];
  if (cost) lines.push('', costText(cost));
  return lines.join('\n');
}

/** A policy with accounts: a section per account, headed by the account (and its role), then the total over all. */
function humanAccountsPlan(file: string, runs: ReadonlyArray<AccountRun<AccountPlan>>, totals: PlanCounts, cost: CostEstimate | undefined): string {
  const lines = [`Dry run of ${file}: nothing was copied.`];
  for (const run of runs) {
    lines.push('', `${targetTitle(run.target)}:`);
    if (!run.value) {
      lines.push(failedText(run));
      continue;
    }
    lines.push(...planLines(run.value.summary, run.value.chores), '', totalText('Subtotal', run.value.summary.totals));
    if (run.value.cost) lines.push(costLine(run.value.cost));
  }
  const failed = runs.filter((r) => r.failure !== undefined).length;
  const where = `${runs.length} ${runs.length === 1 ? 'account' : 'accounts'}${failed > 0 ? `, ${failed} not planned` : ''}`;
  lines.push('', totalText(`Total over ${where}`, totals));
  if (cost) lines.push('', costText(cost));
  return lines.join('\n');
}

/** Coverage of the listed snapshots, cloud by cloud, as status computes it: which disks have copies where. */
function listedCoverage(target: AccountTarget, listed: ReadonlyMap<string, Snapshot>, nowMs: number): CoverageEntry[] {
  return CLOUD_KINDS.flatMap((cloud) => {
    const own = target.rules.filter((r) => r.cloud === cloud);
    if (own.length === 0) return [];
    const snapshots = [...listed.values()].filter((s) => s.cloud === cloud);
    return coverage({ rules: own, snapshots, lineage: new LineageReader(target.scopeRules.filter((r) => r.cloud === cloud)), nowMs });
  });
}

/** What one account's listings told: source sizes, and (for --cost) every snapshot listed. */
interface Listings {
  sizes: Map<string, number>;
  listed: Map<string, Snapshot>;
}

interface AccountPlan {
  summary: PlanSummary;
  chores: ChoreResult[];
  cost?: CostEstimate;
  apiCalls: number;
}

async function planAccount(w: AccountWork, policy: Policy, opts: PlanOptions, seen: Listings, table: PriceTable | undefined): Promise<AccountPlan> {
  const { target } = w;
  // The account's own rules mark its copies, as in the functions' sweep of it; --rule chooses what is planned.
  const deps = cliRunDeps({ ...policy, rules: target.scopeRules }, w.driverFor, w.limits);
  const report = await runSweep({ action: 'sweep', ...(opts.rule ? { rules: opts.rule } : {}), dryRun: true }, deps);
  const summary = summarizePlan(report.results, (region, id) => seen.sizes.get(`${region}|${id}`));
  const cost = table ? estimateCost({ items: summary.items, rules: target.rules, snapshots: seen.listed, coverage: listedCoverage(target, seen.listed, Date.now()), table }) : undefined;
  return { summary, chores: report.chores, ...(cost ? { cost } : {}), apiCalls: report.apiCalls };
}

function addCounts(parts: readonly PlanCounts[]): PlanCounts {
  const [first, ...rest] = parts;
  if (!first) return { counts: { 'would-copy': 0, 'already-copied': 0, 'in-progress': 0, deferred: 0, skipped: 0, failed: 0, copied: 0 }, transferGb: 0, unknownSizes: 0 };
  const out: PlanCounts = { counts: { ...first.counts }, transferGb: first.transferGb, unknownSizes: first.unknownSizes };
  for (const p of rest) {
    for (const [action, n] of Object.entries(p.counts) as Array<[keyof PlanCounts['counts'], number]>) out.counts[action] += n;
    out.transferGb += p.transferGb;
    out.unknownSizes += p.unknownSizes;
  }
  return out;
}

async function plan(opts: PlanOptions, output: Output): Promise<number> {
  const policy = readPolicyFile(opts.policy);
  checkRuleNames(policy, opts.rule);
  // Checked before any call: an unknown --account names the accounts it could be.
  const targets = accountTargets(policy, opts);
  // Read before any listing: a bad price file should not cost the API calls first.
  const table: PriceTable | undefined = opts.cost || opts.prices !== undefined ? loadPriceTable(opts.prices) : undefined;
  const seen = new Map<AccountTarget, Listings>(targets.map((t) => [t, { sizes: new Map(), listed: new Map() }]));
  const progress = createProgress(output.json);
  const wrap = (target: AccountTarget, driver: CloudDriver): CloudDriver =>
    observeDriver(driver, {
      listed: (_region, snapshots) => {
        const into = seen.get(target);
        if (!into) return;
        for (const s of snapshots) {
          if (s.sizeGb !== undefined) into.sizes.set(`${s.region}|${s.snapshotId}`, s.sizeGb);
          if (table) into.listed.set(`${s.region}|${s.snapshotId}`, s);
        }
      },
      called: () => progress.tick(),
    });
  progress.start(targets.reduce((n, t) => n + regionCount(t.rules), 0), 'Listing snapshots');
  let runs: Array<AccountRun<AccountPlan>>;
  try {
    const limits = commandLimits(opts);
    runs = await acrossAccounts(targets, { env: process.env, budget: limits.budget, isolate: hasAccounts(policy), wrap }, (w) =>
      planAccount(w, policy, opts, seen.get(w.target) ?? { sizes: new Map(), listed: new Map() }, table));
  } finally {
    progress.stop();
  }
  for (const line of new Set(runs.flatMap((r) => r.credentialNotes))) output.note(line);
  const planned = runs.flatMap((r) => (r.value ? [{ target: r.target, plan: r.value }] : []));
  const single = !hasAccounts(policy) && runs.length === 1 && planned.length === 1 ? planned[0] : undefined;
  const totals = single ? single.plan.summary.totals : addCounts(planned.map((p) => p.plan.summary.totals));
  const costs = planned.flatMap((p) => (p.plan.cost ? [p.plan.cost] : []));
  const cost = table ? (single?.plan.cost ?? combineCosts(costs, table)) : undefined;
  const apiCalls = runs.reduce((n, r) => n + r.stsCalls + (r.value?.apiCalls ?? 0), 0);
  const ok = totals.counts.failed === 0 && runs.every((r) => r.failure === undefined);
  const groups = planned.flatMap((p) => p.plan.summary.groups.map((g) => labelled(p.target, g)));
  const items = planned.flatMap((p) => p.plan.summary.items.map((i) => labelled(p.target, i)));
  const chores = planned.flatMap((p) => p.plan.chores.map((c) => labelled(p.target, c)));
  const accounts = hasAccounts(policy)
    ? {
        accounts: runs.map((r) =>
          accountJson(r, r.value ? { ok: r.value.summary.totals.counts.failed === 0, totals: r.value.summary.totals, ...(r.value.cost ? { cost: r.value.cost } : {}), apiCalls: r.stsCalls + r.value.apiCalls } : { apiCalls: r.stsCalls })),
      }
    : {};
  output.result(
    { ok, policy: opts.policy, dryRun: true, groups, items, chores, totals, ...(cost ? { cost } : {}), apiCalls, ...accounts },
    () => fitText(single ? humanPlan(opts.policy, single.plan.summary, single.plan.chores, cost) : humanAccountsPlan(opts.policy, runs, totals, cost)),
  );
  return exitForRuns(runs, totals.counts.failed > 0);
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .summary('show what a sweep would copy, and how much data that moves (dry run)')
    .description('Show what a sweep of a policy would copy, and how much data that moves; copies nothing.')
    .requiredOption('--policy <file>', 'the replication policy (JSON, as in REPLICATION_POLICY)')
    .option('--rule <name...>', 'only these rules (default: all)')
    .option('--account <name>', "only this account of the policy's accounts (default: every account, your own included)")
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
