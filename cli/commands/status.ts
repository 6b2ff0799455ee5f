import { accessSync, constants, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { InputError } from '../../shared/contracts/errors';
import { redact } from '../../shared/secrets/redact';
import { listRegion } from '../../shared/engine/list-region';
import { coverage, staleEntries, type CoverageEntry, type CoverageState } from '../../shared/engine/coverage';
import { LineageReader } from '../../shared/engine/lineage';
import type { Snapshot } from '../../shared/contracts/snapshot';
import type { Policy } from '../../shared/contracts/policy';
import { accountTargets, hasAccounts, targetTitle, type AccountTarget } from '../account-targets';
import { accountJson, acrossAccounts, exitForRuns, failedText, labelled, runError, type AccountRun, type AccountWork } from '../account-runs';
import { runAction } from '../action';
import { EXIT_CODES_HELP } from '../exit-codes';
import { formatAge, formatTime, fromTo } from '../format';
import { observeDriver } from '../observed-driver';
import { Output } from '../output';
import { checkRuleNames, readPolicyFile } from '../policy-file';
import { createProgress } from '../progress';
import { regionCount, regionsByCloud } from '../regions';
import { isBreached, objectives, type ObjectiveOf } from '../objective';
import { fitText, renderTable } from '../render-table';
import { statusHtml } from '../status-html';
import { cliRunDeps } from '../run-deps';
import { commandLimits, timeoutOption } from '../time-limit';

interface StatusOptions {
  policy: string;
  rule?: string[];
  account?: string;
  maxAge?: number;
  html?: string;
  timeout?: number;
  json?: boolean;
}

const HOUR_MS = 3_600_000;
const STATES: readonly CoverageState[] = ['covered', 'behind', 'copying', 'missing'];

const HELP = `
For each source disk a rule protects and each of its destinations: the newest finished copy there,
the age of the data it holds (from its source snapshot's creation time), copies still being made,
and the newer source snapshots not copied yet. States: covered, behind (newer snapshots not copied
yet), copying (no finished copy, one on its way), missing (no copy at all).

With --max-age, the command is a monitoring check: it exits 1 when any disk has no finished copy
in a destination, or its newest copy there holds data older than HOURS. A rule's rpoHours does the
same for that rule's disks without --max-age: they are breached (and the command exits 1) when their
newest finished copy is older than rpoHours, or there is none.

--html FILE also writes the report as one self-contained HTML page (no network, no script): breaches
first, then per rule a grid of disks by destinations, coloured by age against the objective (the
rule's rpoHours, else --max-age), the newest copy's id and age on hover, and when it was made.

Accounts: a policy with "accounts" divides its rules between your own account (rules without
"accounts") and the accounts the rules name. Without --account the report covers them all: your own
account's rules with your credentials, and each other account's rules through its role, assumed with
your credentials (STS AssumeRole). Every part of the report names its account (--json: "account" on
each entry, and one entry per account in "accounts"; your own account's carry no "account"; --html:
a grid per account and rule). --account NAME reports that one account's rules. A role that cannot
be assumed costs only its account: the others are reported, and the command exits 3 naming the
account and the error code.

Examples:
  $ snapshot-replicator status --policy policy.json
  $ snapshot-replicator status --policy policy.json --account finance --max-age 26
  $ snapshot-replicator status --policy policy.json --max-age 26 --timeout 60 || alert "DR copies are stale"
  $ snapshot-replicator status --policy policy.json --json | jq '.entries[] | select(.state != "covered")'
  $ snapshot-replicator status --policy policy.json --html /var/www/dr/coverage.html

${EXIT_CODES_HELP}`;

function hours(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number of hours');
  return n;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function entryJson(entry: CoverageEntry, stale: boolean | undefined, rpoHours: number | undefined): Record<string, unknown> {
  const { ageMs: _ageMs, ...e } = entry;
  return {
    ...e,
    newestSource: { ...e.newestSource, createdAt: iso(e.newestSource.createdAt) },
    ...(e.newestCopy ? { newestCopy: { ...e.newestCopy, createdAt: iso(e.newestCopy.createdAt), dataTakenAt: iso(e.newestCopy.dataTakenAt) } } : {}),
    ...(entry.ageMs !== undefined ? { ageHours: Math.round((entry.ageMs / HOUR_MS) * 100) / 100 } : {}),
    ...(stale !== undefined ? { stale } : {}),
    ...(rpoHours !== undefined ? { rpoHours, breached: isBreached(entry, { hours: rpoHours, from: 'rpoHours' }) } : {}),
  };
}

function counts(entries: readonly CoverageEntry[]): Record<CoverageState, number> {
  const out = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<CoverageState, number>;
  for (const e of entries) out[e.state] += 1;
  return out;
}

type AccountEntry = CoverageEntry & { account?: string };

function statusTable(entries: readonly CoverageEntry[], stale: Set<CoverageEntry> | undefined, breached: Set<CoverageEntry>): string {
  return renderTable(
    ['rule', 'disk', 'from → to', 'newest copy', 'data taken', 'age', 'state', 'not copied yet'],
    entries.map((e) => [
      e.rule,
      e.diskId ?? `(${e.newestSource.snapshotId})`,
      fromTo(e.sourceRegion, e.destinationRegion),
      e.newestCopy?.snapshotId ?? (e.copying.length > 0 ? `(copying ${e.copying.join(', ')})` : '-'),
      e.newestCopy ? formatTime(e.newestCopy.dataTakenAt) : '-',
      e.ageMs !== undefined ? formatAge(e.ageMs) : '-',
      e.state + (stale?.has(e) ? ' (stale)' : breached.has(e) ? ' (breach)' : ''),
      e.notCopied.join(', '),
    ]),
    [5],
  );
}

function summaryLines(entries: readonly CoverageEntry[], where: string, stale: Set<CoverageEntry> | undefined, maxAge: number | undefined, breached: Set<CoverageEntry>): string[] {
  const c = counts(entries);
  const lines = [`${entries.length} disk and destination pairs${where}: ${STATES.map((s) => `${c[s]} ${s}`).join(', ')}.`];
  if (stale && maxAge !== undefined) {
    lines.push(stale.size === 0 ? `Every newest copy is within ${maxAge} hours.` : `${stale.size} with no copy within ${maxAge} hours (marked stale).`);
  }
  if (breached.size > 0) lines.push(`${breached.size} with no copy within their rule's rpoHours (marked breach).`);
  return lines;
}

function humanStatus(file: string, nowMs: number, entries: CoverageEntry[], stale: Set<CoverageEntry> | undefined, maxAge: number | undefined, breached: Set<CoverageEntry>): string {
  const lines = [`Coverage of ${file} at ${formatTime(nowMs)}`, ''];
  if (entries.length === 0) {
    lines.push('No source snapshot matches any rule.');
    return lines.join('\n');
  }
  lines.push(statusTable(entries, stale, breached), '', ...summaryLines(entries, '', stale, maxAge, breached));
  return lines.join('\n');
}

/** A policy with accounts: a section per account, headed by the account (and its role), then the counts over all. */
function humanAccountsStatus(file: string, nowMs: number, runs: ReadonlyArray<AccountRun<AccountStatus>>, entries: readonly AccountEntry[], stale: Set<CoverageEntry> | undefined, maxAge: number | undefined, breached: Set<CoverageEntry>): string {
  const lines = [`Coverage of ${file} at ${formatTime(nowMs)}`];
  for (const run of runs) {
    lines.push('', `${targetTitle(run.target)}:`);
    if (!run.value) lines.push(failedText(run));
    else if (run.value.entries.length === 0) lines.push('No source snapshot matches any rule.');
    else lines.push(statusTable(run.value.entries, stale, breached));
  }
  const failed = runs.filter((r) => r.failure !== undefined).length;
  const where = ` in ${runs.length} ${runs.length === 1 ? 'account' : 'accounts'}${failed > 0 ? ` (${failed} not reported)` : ''}`;
  lines.push('', ...summaryLines(entries, where, stale, maxAge, breached));
  return lines.join('\n');
}

/** Checked before any listing: a report that cannot be written should not cost a minute of API calls first. */
function checkWritable(file: string): string {
  const path = resolve(file);
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch {
    throw new InputError('InvalidInput', [{ field: '--html', rule: 'must name a file in a folder that exists and can be written', value: file }]);
  }
  return path;
}

function writeReport(path: string, file: string, html: string): void {
  try {
    // Redacted like everything else the command writes.
    writeFileSync(path, redact(html), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError('InvalidInput', [{ field: '--html', rule: `could not be written (${code})`, value: file }]);
  }
}

interface AccountStatus {
  /** In the order of the account's rules; labelled with the account when it is another's. */
  entries: AccountEntry[];
  nowMs: number;
}

async function statusOf(w: AccountWork, policy: Policy): Promise<AccountStatus> {
  const { target } = w;
  const deps = cliRunDeps({ ...policy, rules: target.scopeRules }, w.driverFor, w.limits);
  const entries: CoverageEntry[] = [];
  let nowMs = Date.now();
  for (const [cloud, regions] of regionsByCloud(target.rules)) {
    const driver = w.driverFor(cloud);
    const snapshots: Snapshot[] = [];
    for (const region of regions) snapshots.push(...(await listRegion(driver, region, deps)));
    nowMs = Date.now();
    // Every rule of the account and cloud marks copies, as in a sweep: a copy another rule made is still a copy.
    const lineage = new LineageReader(target.scopeRules.filter((r) => r.cloud === cloud));
    entries.push(...coverage({ rules: target.rules.filter((r) => r.cloud === cloud), snapshots, lineage, nowMs }));
  }
  const order = new Map(target.rules.map((r, i) => [r.name, i]));
  entries.sort((a, b) => (order.get(a.rule) ?? 0) - (order.get(b.rule) ?? 0));
  return { entries: entries.map((e) => labelled(target, e)), nowMs };
}

async function status(opts: StatusOptions, output: Output): Promise<number> {
  const policy = readPolicyFile(opts.policy);
  checkRuleNames(policy, opts.rule);
  // Checked before any call: an unknown --account names the accounts it could be.
  const targets = accountTargets(policy, opts);
  const htmlPath = opts.html !== undefined ? checkWritable(opts.html) : undefined;
  const rules = targets.flatMap((t) => t.rules);
  const progress = createProgress(output.json);
  progress.start(targets.reduce((n, t) => n + regionCount(t.rules), 0), 'Listing snapshots');
  let runs: Array<AccountRun<AccountStatus>>;
  try {
    const limits = commandLimits(opts);
    runs = await acrossAccounts(
      targets,
      { env: process.env, budget: limits.budget, isolate: hasAccounts(policy), wrap: (_target: AccountTarget, driver) => observeDriver(driver, { called: () => progress.tick() }) },
      (w) => statusOf(w, policy),
    );
  } finally {
    progress.stop();
  }
  for (const line of new Set(runs.flatMap((r) => r.credentialNotes))) output.note(line);
  const entries: AccountEntry[] = runs.flatMap((r) => r.value?.entries ?? []);
  const nowMs = Math.max(0, ...runs.map((r) => r.value?.nowMs ?? 0)) || Date.now();
  const stale = opts.maxAge !== undefined ? new Set(staleEntries(entries, opts.maxAge)) : undefined;
  // Breaches of a rule's own rpoHours (--max-age stands in for it only in the HTML page's colours).
  const rpoOf = new Map(rules.map((r) => [r.name, r.rpoHours]));
  const withRpo: ObjectiveOf = objectives(rules, undefined);
  const breached = new Set(entries.filter((e) => isBreached(e, withRpo(e))));
  const anyRpo = rules.some((r) => r.rpoHours !== undefined);
  const covered = (stale === undefined || stale.size === 0) && breached.size === 0;
  const ok = covered && runs.every((r) => r.failure === undefined);
  const unreached = runs.flatMap((r) => {
    const error = runError(r);
    return error ? [{ title: targetTitle(r.target), error }] : [];
  });
  if (htmlPath !== undefined && opts.html !== undefined) {
    writeReport(htmlPath, opts.html, statusHtml({ policyFile: opts.policy, nowMs, entries, objectiveOf: objectives(rules, opts.maxAge), byAccount: hasAccounts(policy), unreached }));
    output.note(`report: ${opts.html}`);
  }
  const accounts = hasAccounts(policy) ? { accounts: runs.map((r) => accountJson(r, r.value ? { counts: counts(r.value.entries) } : {})) } : {};
  output.result(
    {
      ok,
      policy: opts.policy,
      at: iso(nowMs),
      ...(opts.maxAge !== undefined ? { maxAgeHours: opts.maxAge, stale: stale?.size ?? 0 } : {}),
      ...(anyRpo ? { breaches: breached.size } : {}),
      ...(opts.html !== undefined ? { html: opts.html } : {}),
      counts: counts(entries),
      entries: entries.map((e) => entryJson(e, stale ? stale.has(e) : undefined, rpoOf.get(e.rule))),
      ...accounts,
    },
    () => fitText(hasAccounts(policy) ? humanAccountsStatus(opts.policy, nowMs, runs, entries, stale, opts.maxAge, breached) : humanStatus(opts.policy, nowMs, entries, stale, opts.maxAge, breached)),
  );
  return exitForRuns(runs, !covered);
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .summary('coverage: the newest copy of every source disk in every destination, and its age')
    .description('Report, for each source disk and destination, the newest copy and its age, and what is missing.')
    .requiredOption('--policy <file>', 'the replication policy (JSON)')
    .option('--rule <name...>', 'only these rules (default: all)')
    .option('--account <name>', "only this account of the policy's accounts (default: every account, your own included)")
    .option('--max-age <hours>', 'exit 1 if any disk lacks a copy holding data newer than this', hours)
    .option('--html <file>', 'also write the report as a self-contained HTML page')
    .addOption(timeoutOption())
    .option('--json', 'print the report as JSON')
    .addHelpText('after', HELP)
    .action(async (opts: StatusOptions) => {
      const output = new Output(opts.json === true);
      await runAction(output, () => status(opts, output), { afterInterrupt: 'A status check changes nothing in the clouds.' });
    });
}
