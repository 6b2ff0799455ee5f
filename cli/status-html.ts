/**
 * `status --html FILE`: the coverage as one self-contained HTML page. Nothing is loaded from anywhere
 * (inline CSS, no script, a Content-Security-Policy that forbids any fetch), so the file can be mailed,
 * archived or opened offline. Breaches come first, then one grid per rule: its disks down, its
 * destinations across, each cell coloured by the age of the newest copy against the objective, with
 * the copy's id and age on hover (the cell's title). A policy with accounts gets a grid per account
 * and rule, the account in every breach, and the accounts that could not be reported, with why.
 */
import type { CoverageEntry } from '../shared/engine/coverage';
import { formatAge, formatTime } from './format';
import { isBreached, objectiveShare, type ObjectiveOf } from './objective';

/** A coverage entry and the account it is in (unset: the caller's own). */
type AccountEntry = CoverageEntry & { account?: string };

export interface HtmlReportInput {
  policyFile: string;
  nowMs: number;
  entries: readonly AccountEntry[];
  objectiveOf: ObjectiveOf;
  /** The policy divides its rules between accounts: every grid and breach names its account. */
  byAccount?: boolean;
  /** Accounts that could not be reported (a role that cannot be assumed, a service that refused). */
  unreached?: ReadonlyArray<{ title: string; error: { code: string; message: string } }>;
}

type Band = 'fresh' | 'ageing' | 'breach' | 'unset';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const BAND_TEXT: Readonly<Record<Band, string>> = {
  fresh: 'within half the objective',
  ageing: 'in the second half of the objective',
  breach: 'older than the objective, or no finished copy',
  unset: 'no objective set (rpoHours or --max-age)',
};

const STYLE = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.meta{color:#57606a;margin:0 0 16px}
table{border-collapse:collapse;margin:0 0 8px}
th,td{border:1px solid #d0d7de;padding:6px 10px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}
.grid td.cell{min-width:120px;text-align:center}
.cell .age{display:block;font-weight:600}.cell .state{display:block;font-size:12px}
.fresh{background:#d1f0d6;color:#0f5323}.ageing{background:#fff1b8;color:#5c4400}
.breach{background:#c62828;color:#fff}.unset{background:#eaeef2;color:#32383f}
.none{background:#fff;color:#8c959f}
.breaches{border-left:4px solid #c62828;padding-left:12px}
.ok{border-left:4px solid #2e7d32;padding-left:12px}
.legend span{display:inline-block;padding:2px 8px;margin:0 6px 4px 0;border-radius:3px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
`;

function band(entry: CoverageEntry, objectiveOf: ObjectiveOf): Band {
  const objective = objectiveOf(entry);
  if (objective === undefined) return 'unset';
  if (isBreached(entry, objective)) return 'breach';
  return (objectiveShare(entry, objective) ?? 0) <= 0.5 ? 'fresh' : 'ageing';
}

function diskLabel(e: CoverageEntry): string {
  return e.diskId ?? `snapshot ${e.newestSource.snapshotId}`;
}

function ageText(e: CoverageEntry): string {
  return e.ageMs !== undefined ? formatAge(e.ageMs) : 'no copy';
}

/** What the cell's hover says: the newest copy, its age, the objective, and what is on its way. */
function hover(e: CoverageEntry, objectiveOf: ObjectiveOf): string {
  const objective = objectiveOf(e);
  const parts = [`${diskLabel(e)} ${e.sourceRegion} → ${e.destinationRegion}`];
  if (e.newestCopy) {
    parts.push(`newest copy ${e.newestCopy.snapshotId} (of ${e.newestCopy.sourceSnapshotId}), data ${ageText(e)} old, taken ${formatTime(e.newestCopy.dataTakenAt)}`);
  } else parts.push('no finished copy');
  if (objective) parts.push(`objective ${objective.hours} h (${objective.from})${isBreached(e, objective) ? ': breached' : ''}`);
  if (e.copying.length > 0) parts.push(`copying: ${e.copying.join(', ')}`);
  if (e.notCopied.length > 0) parts.push(`not copied yet: ${e.notCopied.join(', ')}`);
  parts.push(`state: ${e.state}`);
  return parts.join('\n');
}

const accountText = (e: AccountEntry): string => (e.account === undefined ? 'your own' : e.account);

function breachesSection(entries: readonly AccountEntry[], objectiveOf: ObjectiveOf, byAccount: boolean): string {
  const breached = entries
    .filter((e) => isBreached(e, objectiveOf(e)))
    // No copy at all first, then the oldest data.
    .sort((a, b) => (b.ageMs ?? Number.POSITIVE_INFINITY) - (a.ageMs ?? Number.POSITIVE_INFINITY));
  if (breached.length === 0) {
    const any = entries.some((e) => objectiveOf(e) !== undefined);
    return `<section class="ok" id="breaches"><h2>Breaches: none</h2><p>${any ? 'Every disk with an objective has a copy within it in every destination.' : 'No rule sets an objective (rpoHours), and --max-age was not given.'}</p></section>`;
  }
  const rows = breached.map((e) => {
    const objective = objectiveOf(e);
    const why = e.newestCopy ? `data ${ageText(e)} old` : e.copying.length > 0 ? `no finished copy (copying ${e.copying.join(', ')})` : 'no copy';
    const account = byAccount ? `<td>${esc(accountText(e))}</td>` : '';
    return `<tr class="breach-row"${e.account !== undefined ? ` data-account="${esc(e.account)}"` : ''} data-rule="${esc(e.rule)}" data-disk="${esc(diskLabel(e))}" data-destination="${esc(e.destinationRegion)}">${account}<td>${esc(e.rule)}</td><td><code>${esc(diskLabel(e))}</code></td><td>${esc(e.sourceRegion)} → ${esc(e.destinationRegion)}</td><td>${e.newestCopy ? `<code>${esc(e.newestCopy.snapshotId)}</code>` : '-'}</td><td>${esc(why)}</td><td>${objective ? `${objective.hours} h` : ''}</td></tr>`;
  });
  return [
    `<section class="breaches" id="breaches"><h2>Breaches: ${breached.length}</h2>`,
    `<table><thead><tr>${byAccount ? '<th>account</th>' : ''}<th>rule</th><th>disk</th><th>from → to</th><th>newest copy</th><th>why</th><th>objective</th></tr></thead><tbody>`,
    ...rows,
    '</tbody></table></section>',
  ].join('\n');
}

function unreachedSection(unreached: NonNullable<HtmlReportInput['unreached']>): string {
  if (unreached.length === 0) return '';
  const rows = unreached.map((u) => `<tr class="unreached-row"><td>${esc(u.title)}</td><td><code>${esc(u.error.code)}</code></td><td>${esc(u.error.message)}</td></tr>`);
  return [
    `<section class="breaches" id="unreached"><h2>Accounts not reported: ${unreached.length}</h2>`,
    '<p>Their coverage is unknown: nothing below speaks for them.</p>',
    '<table><thead><tr><th>account</th><th>error</th><th>why</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></section>',
  ].join('\n');
}

function ruleGrid(rule: string, account: string | undefined, entries: readonly CoverageEntry[], objectiveOf: ObjectiveOf, byAccount: boolean): string {
  const destinations = [...new Set(entries.map((e) => e.destinationRegion))];
  const rows = new Map<string, CoverageEntry[]>();
  for (const e of entries) {
    const key = `${e.sourceRegion}|${diskLabel(e)}`;
    rows.set(key, [...(rows.get(key) ?? []), e]);
  }
  const objective = entries[0] ? objectiveOf(entries[0]) : undefined;
  const head = `<tr><th>disk (source region)</th>${destinations.map((d) => `<th>${esc(d)}</th>`).join('')}</tr>`;
  const body = [...rows.values()].map((row) => {
    const first = row[0] as CoverageEntry;
    const cells = destinations.map((d) => {
      const e = row.find((x) => x.destinationRegion === d);
      if (!e) return '<td class="cell none">-</td>';
      const b = band(e, objectiveOf);
      return `<td class="cell ${b}" title="${esc(hover(e, objectiveOf))}" data-destination="${esc(d)}" data-band="${b}"><span class="age">${esc(ageText(e))}</span><span class="state">${esc(e.state)}${b === 'breach' ? ' · breach' : ''}</span></td>`;
    });
    return `<tr><th><code>${esc(diskLabel(first))}</code><br><small>${esc(first.sourceRegion)}</small></th>${cells.join('')}</tr>`;
  });
  const objectiveText = objective ? `objective ${objective.hours} h (${objective.from === 'rpoHours' ? 'rpoHours' : '--max-age'})` : 'no objective';
  const where = byAccount ? `, ${account === undefined ? 'your own account' : `account ${account}`}` : '';
  const accountAttribute = account !== undefined ? ` data-account="${esc(account)}"` : '';
  return [
    `<h2>Rule ${esc(rule)}${esc(where)} <small>(${esc(objectiveText)})</small></h2>`,
    `<table class="grid"${accountAttribute} data-rule="${esc(rule)}"><thead>${head}</thead><tbody>`,
    ...body,
    '</tbody></table>',
  ].join('\n');
}

export function statusHtml(input: HtmlReportInput): string {
  const { entries, objectiveOf } = input;
  const byAccount = input.byAccount === true;
  const made = new Date(input.nowMs).toISOString();
  // One grid per account and rule, in the order the entries come (accounts, then their rules).
  const byRule = new Map<string, { rule: string; account: string | undefined; list: AccountEntry[] }>();
  for (const e of entries) {
    const key = `${e.account ?? ''}|${e.rule}`;
    const grid = byRule.get(key) ?? { rule: e.rule, account: e.account, list: [] };
    grid.list.push(e);
    byRule.set(key, grid);
  }
  const legend = (Object.keys(BAND_TEXT) as Band[]).map((b) => `<span class="${b}">${esc(BAND_TEXT[b])}</span>`).join('');
  const grids = entries.length === 0 ? '<p>No source snapshot matches any rule.</p>' : [...byRule.values()].map((g) => ruleGrid(g.rule, g.account, g.list, objectiveOf, byAccount)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="snapshot-replicator status --html">
<title>Snapshot coverage: ${esc(input.policyFile)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Snapshot coverage of ${esc(input.policyFile)}</h1>
<p class="meta">Made at <time id="made" datetime="${made}">${esc(formatTime(input.nowMs))}</time> by snapshot-replicator status. Ages are of the data a copy holds (its source snapshot's creation time). Hover a cell for the newest copy.</p>
${breachesSection(entries, objectiveOf, byAccount)}
${unreachedSection(input.unreached ?? [])}
<p class="legend">${legend}</p>
${grids}
</body>
</html>
`;
}
