/**
 * `plan --cost`: what the copies a plan would make cost. Transfer: the data each copy sends, once.
 * Storage: the GB-months the new copies occupy over the 30 days after they are made, at each
 * destination's retention (a copy kept for 7 days counts 7/30 of its size; one kept longer, or with no
 * retention, the whole month). Both priced from the price table (./prices.ts).
 *
 * Incremental copies: the first copy of a disk in a destination sends the disk's data; a later one
 * sends only the blocks changed since, which no listing tells. Sizes are the source disks' sizes, which
 * a snapshot's data never exceeds. So every figure is an upper bound, and the later copies (counted at
 * full size) are shown apart, so the first copies' share can be read on its own.
 */
import type { CoverageEntry } from '../shared/engine/coverage';
import type { PlanItem } from '../shared/engine/plan-summary';
import type { Rule } from '../shared/contracts/policy';
import type { CloudKind, Snapshot } from '../shared/contracts/snapshot';
import { storagePrice, transferPrice, type PriceTable } from './prices';

const MONTH_DAYS = 30;

export interface CopyShare {
  count: number;
  transferGB: number;
}

export interface CostEstimate {
  currency: string;
  transferGB: number;
  transferCost: number;
  storageGBMonth: number;
  storageCostMonthly: number;
  /** True whenever anything would be copied: see `why`. */
  upperBound: boolean;
  why: string[];
  /** Copies of disks with no copy yet in the destination: they send the disk's data. */
  firstCopies: CopyShare;
  /** Copies of disks the destination already holds a copy of: they send only the change, counted whole. */
  laterCopies: CopyShare;
  /** Would-copy pairs whose source's size no listing told: left out of every figure. */
  unknownSizes: number;
  /** What the figures hold that no price in the table covers (a null price or no entry): not in the costs. */
  notPriced: { transferGB: number; storageGBMonth: number };
  prices: { origin: string; used: Array<{ cloud: CloudKind; kind: 'transfer' | 'storage'; where: string; price: number | null; page: string; read: string }> };
}

export interface CostInput {
  items: readonly PlanItem[];
  rules: readonly Rule[];
  /** Every listed snapshot, by `${region}|${snapshotId}`. */
  snapshots: ReadonlyMap<string, Snapshot>;
  /** Coverage from the same listings: which disks already have a copy (finished or on its way) where. */
  coverage: readonly CoverageEntry[];
  table: PriceTable;
}

const round = (n: number, places: number): number => Math.round(n * 10 ** places) / 10 ** places;

function copyKey(cloud: string, sourceRegion: string, disk: string, destination: string): string {
  return `${cloud}|${sourceRegion}|${disk}|${destination}`;
}

/** Why the figures are an upper bound, when they are. */
function whyUpperBound(first: CopyShare, later: CopyShare): string[] {
  const why: string[] = [];
  if (first.count + later.count > 0) why.push("sizes are the source disks' sizes; a snapshot holds at most that much data (empty blocks are not stored)");
  if (later.count > 0) {
    const one = later.count === 1;
    why.push(`${later.count} later ${one ? 'copy' : 'copies'} of ${one ? 'a disk' : 'disks'} already in ${one ? 'its' : 'their'} destination ${one ? 'sends' : 'send'} only the blocks changed since, which the listings do not tell: counted at full size`);
  }
  return why;
}

export function estimateCost(input: CostInput): CostEstimate {
  const rules = new Map(input.rules.map((r) => [r.name, r]));
  const held = new Set(
    input.coverage.filter((e) => e.diskId !== undefined && (e.newestCopy !== undefined || e.copying.length > 0)).map((e) => copyKey(e.cloud, e.sourceRegion, e.diskId as string, e.destinationRegion)),
  );
  const sourceOf = (i: PlanItem): Snapshot | undefined => input.snapshots.get(`${i.sourceRegion}|${i.sourceSnapshotId}`);
  // Oldest first: of two copies of one disk to one destination, the older goes first and is the full one.
  const would = input.items.filter((i) => i.action === 'would-copy').sort((a, b) => (sourceOf(a)?.createdAt ?? 0) - (sourceOf(b)?.createdAt ?? 0));
  const used = new Map<string, CostEstimate['prices']['used'][number]>();
  const out = { transferGB: 0, transferCost: 0, storageGBMonth: 0, storageCost: 0, unpricedTransfer: 0, unpricedStorage: 0, unknown: 0 };
  const first: CopyShare = { count: 0, transferGB: 0 };
  const later: CopyShare = { count: 0, transferGB: 0 };
  for (const item of would) {
    const rule = rules.get(item.rule ?? '');
    if (!rule || item.sizeGb === undefined) {
      out.unknown += 1;
      continue;
    }
    const size = item.sizeGb;
    const disk = sourceOf(item)?.diskId;
    const key = disk ? copyKey(rule.cloud, item.sourceRegion, disk, item.destinationRegion) : undefined;
    const share = key !== undefined && held.has(key) ? later : first;
    if (key !== undefined) held.add(key);
    share.count += 1;
    share.transferGB += size;
    out.transferGB += size;
    const retention = rule.destinations.find((d) => d.region === item.destinationRegion)?.retentionDays;
    const gbMonth = (size * Math.min(retention ?? MONTH_DAYS, MONTH_DAYS)) / MONTH_DAYS;
    out.storageGBMonth += gbMonth;
    const t = transferPrice(input.table, rule.cloud, item.sourceRegion, item.destinationRegion);
    const s = storagePrice(input.table, rule.cloud, item.destinationRegion);
    if (t) used.set(`t|${rule.cloud}|${t.from}|${t.to}`, { cloud: rule.cloud, kind: 'transfer', where: `${t.from} → ${t.to}`, price: t.perGB, page: t.page, read: t.read });
    if (s) used.set(`s|${rule.cloud}|${s.region}`, { cloud: rule.cloud, kind: 'storage', where: s.region, price: s.perGBMonth, page: s.page, read: s.read });
    if (t?.perGB == null) out.unpricedTransfer += size;
    else out.transferCost += size * t.perGB;
    if (s?.perGBMonth == null) out.unpricedStorage += gbMonth;
    else out.storageCost += gbMonth * s.perGBMonth;
  }
  const why = whyUpperBound(first, later);
  return {
    currency: input.table.currency,
    transferGB: round(out.transferGB, 3),
    transferCost: round(out.transferCost, 4),
    storageGBMonth: round(out.storageGBMonth, 3),
    storageCostMonthly: round(out.storageCost, 4),
    upperBound: why.length > 0,
    why,
    firstCopies: { count: first.count, transferGB: round(first.transferGB, 3) },
    laterCopies: { count: later.count, transferGB: round(later.transferGB, 3) },
    unknownSizes: out.unknown,
    notPriced: { transferGB: round(out.unpricedTransfer, 3), storageGBMonth: round(out.unpricedStorage, 3) },
    prices: { origin: input.table.origin, used: [...used.values()] },
  };
}

/**
 * The estimates of several accounts as one: each account's copies are its own (a disk of one account
 * is never in another's destination), so the figures add up; the prices applied are listed once.
 */
export function combineCosts(parts: readonly CostEstimate[], table: PriceTable): CostEstimate {
  const sum = (of: (c: CostEstimate) => number, places: number): number => round(parts.reduce((n, c) => n + of(c), 0), places);
  const first: CopyShare = { count: sum((c) => c.firstCopies.count, 0), transferGB: sum((c) => c.firstCopies.transferGB, 3) };
  const later: CopyShare = { count: sum((c) => c.laterCopies.count, 0), transferGB: sum((c) => c.laterCopies.transferGB, 3) };
  const used = new Map(parts.flatMap((c) => c.prices.used.map((p) => [`${p.kind}|${p.cloud}|${p.where}`, p] as const)));
  const why = whyUpperBound(first, later);
  return {
    currency: table.currency,
    transferGB: sum((c) => c.transferGB, 3),
    transferCost: sum((c) => c.transferCost, 4),
    storageGBMonth: sum((c) => c.storageGBMonth, 3),
    storageCostMonthly: sum((c) => c.storageCostMonthly, 4),
    upperBound: why.length > 0,
    why,
    firstCopies: first,
    laterCopies: later,
    unknownSizes: sum((c) => c.unknownSizes, 0),
    notPriced: { transferGB: sum((c) => c.notPriced.transferGB, 3), storageGBMonth: sum((c) => c.notPriced.storageGBMonth, 3) },
    prices: { origin: table.origin, used: [...used.values()] },
  };
}
