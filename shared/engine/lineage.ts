import { templatePattern } from '../policy/templates';
import type { Rule } from '../contracts/policy';
import type { Lineage, Snapshot } from '../contracts/snapshot';
/**
 * Recognises the copies rules made. ECS says where a copy came from; ENS and CBS copies carry it only
 * in their name, so each rule's name template is turned into a pattern once and matched here.
 */
export class LineageReader {
  private readonly patterns: Array<{ rule: Rule; pattern: RegExp }>;

  constructor(rules: readonly Rule[]) {
    // {rule} is matched loosely on purpose: a copy another (or a since-removed) rule made is still a copy,
    // and the rule its mark names is reported so pruning can keep to its own.
    this.patterns = rules.map((rule) => ({ rule, pattern: templatePattern(rule.copyName) }));
  }

  /**
   * The copy's lineage, or undefined for a snapshot that is not a recognisable copy. Where the service
   * says where a copy came from (ECS, ENS), that is the lineage; the name's mark adds the rule that
   * made it, when the mark names the same source. Otherwise (CBS, older ENS answers) the mark is all.
   */
  read(snapshot: Snapshot): Lineage | undefined {
    const marked = this.mark(snapshot);
    const own = snapshot.lineage;
    if (!own) return marked;
    const sameSource = marked?.rule !== undefined && marked.sourceSnapshotId === own.sourceSnapshotId && marked.sourceRegion === own.sourceRegion;
    return sameSource ? { ...own, rule: marked.rule } : own;
  }

  /** What the snapshot's name says, if it carries a rule's mark. */
  private mark(snapshot: Snapshot): Lineage | undefined {
    if (snapshot.name === undefined) return undefined;
    for (const { rule, pattern } of this.patterns) {
      if (rule.cloud !== snapshot.cloud) continue;
      const groups = pattern.exec(snapshot.name)?.groups;
      if (!groups?.sourceId || !groups.sourceRegion) continue;
      // A copy never stays in its source's region (the policy refuses such a destination), nor is it its
      // own source: a name that says so only imitates a mark, and the snapshot is a source like any other.
      if (groups.sourceRegion === snapshot.region || groups.sourceId === snapshot.snapshotId) continue;
      // Keep the rule the mark names: pruning acts only on its own rule's copies.
      const markedRule = groups.rule;
      return { sourceSnapshotId: groups.sourceId, sourceRegion: groups.sourceRegion, ...(markedRule ? { rule: markedRule } : {}) };
    }
    return undefined;
  }

  /** Copies are never sources: the service says so, or the name carries a rule's mark. */
  isCopy(snapshot: Snapshot): boolean {
    return snapshot.isCopy || this.read(snapshot) !== undefined;
  }
}

/** Where copies live: `${sourceRegion}|${sourceId}|${destinationRegion}` -> the copies found there. */
export type CopyIndex = Map<string, Snapshot[]>;

export function copyKey(sourceRegion: string, sourceSnapshotId: string, destinationRegion: string): string {
  return `${sourceRegion}|${sourceSnapshotId}|${destinationRegion}`;
}

export function indexCopies(snapshots: Iterable<Snapshot>, reader: LineageReader): CopyIndex {
  const index: CopyIndex = new Map();
  for (const snapshot of snapshots) {
    const lineage = reader.read(snapshot);
    if (!lineage) continue;
    const key = copyKey(lineage.sourceRegion, lineage.sourceSnapshotId, snapshot.region);
    const list = index.get(key);
    if (list) list.push(snapshot);
    else index.set(key, [snapshot]);
  }
  return index;
}
