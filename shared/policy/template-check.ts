/**
 * "A template that can expand to an invalid value is refused when the policy loads": each copy
 * template is expanded with worst-case values and every result is checked with the same rule the
 * copy call is checked with (shared/validation/names.ts).
 *
 * And, where the copy's name is the only record of its lineage (ENS, CBS), "a copy's name reads back
 * as the copy it is": a name that reads as another rule or source is not recognised as a copy of its
 * own, so every run would copy again and nothing would be pruned. That is held twice: by the
 * template's shape (`lineageSetting` in ./templates.ts: each lineage placeholder set apart by a
 * character no value can hold), and by reading back names expanded from hostile values (rule names,
 * ids and regions full of `-`, ids that look like regions, source names that hold the delimiters or
 * imitate a whole mark) with the very pattern shared/engine/lineage.ts reads them with.
 */
import type { CloudKind } from '../contracts/snapshot';
import { DISK_ID_FORMS, extremeIds, SNAPSHOT_ID_FORMS } from '../validation/ids';
import { copyDescriptionRule, copyNameRule, type TextRule } from '../validation/names';
import {
  expandTemplate,
  lineageSetting,
  parseTemplate,
  type Placeholder,
  type TemplateValues,
  templatePattern,
  templatePlaceholders,
  templateSyntaxProblem,
} from './templates';

/** What the copy's name must hold on clouds whose copies carry no source fields. */
const REQUIRED_IN_NAME: Readonly<Record<CloudKind, readonly Placeholder[]>> = {
  'aliyun-ecs': [],
  // Lineage lives in the name, and pruning needs the rule's mark.
  'aliyun-ens': ['rule', 'sourceId', 'sourceRegion'],
  // Lineage lives in the name, and the rule's mark tells own copies (deadlines, pruning) from hand-made ones.
  'tencent-cbs': ['rule', 'sourceId', 'sourceRegion'],
};

/** ECS copies carry their lineage in their own fields; ENS and CBS copies only in their name. */
function nameCarriesLineage(cloud: CloudKind): boolean {
  return cloud !== 'aliyun-ecs';
}

/** Syntax, and on ENS/CBS the placeholders that carry lineage, each set apart from the others. */
export function copyNameTemplateProblem(cloud: CloudKind, template: string): string | null {
  const parsed = parseTemplate(template);
  if ('error' in parsed) return parsed.error;
  const present = templatePlaceholders(template);
  const missing = REQUIRED_IN_NAME[cloud].filter((p) => !present.has(p));
  if (missing.length > 0)
    return `must contain ${missing.map((p) => `{${p}}`).join(', ')} on ${cloud} (the copy's name is the only record of where it came from)`;
  const crowded = nameCarriesLineage(cloud) ? lineageSetting(parsed.parts).crowded : undefined;
  if (crowded === undefined) return null;
  // Rule names, ids and regions may all hold `-` and `_`: run together, they read back as other values.
  return `must set {${crowded.placeholder}} apart from {${crowded.neighbour}} with a character no value can hold, such as ":" or a space, or the copy's name can read back as another copy`;
}

export interface TemplateContext {
  cloud: CloudKind;
  /** The rule's name, or undefined when any rule name could fill {rule}. */
  ruleName: string | undefined;
  sourceRegions: readonly string[];
  destinationRegions: readonly string[];
}

const LONGEST_RULE_NAME = 'R'.repeat(40);
const SAMPLE_DATE = '20240229';
/** Source names to try: none at all, and long ones of letters, digits and Chinese characters. */
const SAMPLE_NAMES = ['', 'A'.repeat(300), '0'.repeat(300), '快'.repeat(300)];

function extremes(values: readonly string[]): string[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a.length - b.length);
  return [...new Set([sorted[0] as string, sorted[sorted.length - 1] as string])];
}

function* worstCases(ctx: TemplateContext): Generator<TemplateValues> {
  for (const sourceId of extremeIds(SNAPSHOT_ID_FORMS[ctx.cloud]))
    for (const diskId of [...extremeIds(DISK_ID_FORMS[ctx.cloud]).slice(0, 1), ''])
      for (const sourceRegion of extremes(ctx.sourceRegions))
        for (const destinationRegion of extremes(ctx.destinationRegions))
          for (const sourceName of SAMPLE_NAMES)
            yield { rule: ctx.ruleName ?? LONGEST_RULE_NAME, sourceId, sourceName, sourceRegion, destinationRegion, diskId, date: SAMPLE_DATE };
}

function firstBadExpansion(template: string, fit: TextRule, ctx: TemplateContext): string | null {
  for (const values of worstCases(ctx)) {
    const expanded = expandTemplate(template, values, fit);
    const rule = fit.check(expanded);
    if (rule !== null) {
      const example = expanded.length > 80 ? `${expanded.slice(0, 80)}…` : expanded;
      return `can expand to an invalid ${fit.parameter}, which ${rule} (e.g. ${JSON.stringify(example)})`;
    }
  }
  return null;
}

/**
 * The copyName template against the worst values it may meet; null when every expansion is valid
 * and, on ENS and CBS, reads back as the copy it names.
 */
export function copyNameExpansionProblem(template: string, ctx: TemplateContext): string | null {
  if (copyNameTemplateProblem(ctx.cloud, template) !== null) return null; // reported on its own
  const invalid = firstBadExpansion(template, copyNameRule(ctx.cloud), ctx);
  if (invalid !== null || !nameCarriesLineage(ctx.cloud)) return invalid;
  return readBackProblem(ctx.cloud, template);
}

/** What LineageReader (shared/engine/lineage.ts) takes from a name: the source, and the rule if marked. */
interface Reading {
  sourceId: string;
  sourceRegion: string;
  rule: string | undefined;
}

function readName(pattern: RegExp, name: string): Reading | undefined {
  const groups = pattern.exec(name)?.groups;
  if (!groups?.sourceId || !groups.sourceRegion) return undefined;
  return { sourceId: groups.sourceId, sourceRegion: groups.sourceRegion, rule: groups.rule || undefined };
}

function describeReading(reading: Reading | undefined): string {
  return reading === undefined ? 'is no copy' : `${reading.rule ?? ''}:${reading.sourceId}:${reading.sourceRegion}`;
}

function sameReading(a: Reading | undefined, b: Reading): boolean {
  return a !== undefined && a.sourceId === b.sourceId && a.sourceRegion === b.sourceRegion && a.rule === b.rule;
}

/** Rule names, node ids and snapshot ids that are all legal, full of `-` and `_`, and look like one another. */
const TRICKY_RULES = ['a', LONGEST_RULE_NAME, 'a-b-c-d-e-f', 'x_y-z_', 'cn-x-1', 'sp-1'];
const TRICKY_REGIONS = ['cn-x', 'sp-1', 'snap-a', 'cn-hangzhou-unicom-26', `ab${'-c1'.repeat(20)}`];

function trickyIds(cloud: CloudKind): string[] {
  const form = SNAPSHOT_ID_FORMS[cloud];
  // An id that is also a region's form (`sp-cn`), and the longest and shortest of the form.
  return [...new Set([...extremeIds(form), ...form.prefixes.map((prefix) => `${prefix}cn`)])];
}

/** A source name that imitates a whole mark of `template`, as a copy of another source would carry it. */
function imitationOf(template: string, cloud: CloudKind): string {
  return expandTemplate(template, { rule: 'imposter', sourceId: trickyIds(cloud)[1] ?? 's-1', sourceRegion: 'cn-fake-9', sourceName: 'x', diskId: 'd-1', date: SAMPLE_DATE });
}

/**
 * Valid values a copy may be made from, to expand and read back: every tricky rule, region and id
 * together, with no source name and with one imitating a mark of `imitated`; then source names that
 * hold delimiters a template may use, or are far too long (truncated).
 */
function trickyValues(cloud: CloudKind, ruleNames: readonly string[], imitated: string): TemplateValues[] {
  const base = { destinationRegion: 'cn-y-2', diskId: extremeIds(DISK_ID_FORMS[cloud])[1] ?? '', date: SAMPLE_DATE };
  const imitation = imitationOf(imitated, cloud);
  const ids = trickyIds(cloud);
  const out: TemplateValues[] = [];
  for (const rule of ruleNames)
    for (const sourceRegion of TRICKY_REGIONS)
      for (const sourceId of ids) for (const sourceName of ['', imitation]) out.push({ ...base, rule, sourceRegion, sourceId, sourceName });
  for (const sourceName of ['a:s-1:cn-x', 'x: y.z-w_v/u', 'N'.repeat(200)]) out.push({ ...(out[0] as TemplateValues), sourceName });
  return out;
}

function expectedReading(template: string, values: TemplateValues): Reading {
  return {
    sourceId: values.sourceId ?? '',
    sourceRegion: values.sourceRegion ?? '',
    rule: templatePlaceholders(template).has('rule') ? values.rule : undefined,
  };
}

/** Names the API would refuse are never made, so they need not read back. */
function namesMade(template: string, cloud: CloudKind, ruleNames: readonly string[], imitated = template): Array<{ name: string; values: TemplateValues }> {
  const fit = copyNameRule(cloud);
  const made = new Map<string, TemplateValues>();
  for (const values of trickyValues(cloud, ruleNames, imitated)) {
    const name = expandTemplate(template, values, fit);
    if (!made.has(name) && fit.check(name) === null) made.set(name, values);
  }
  return [...made].map(([name, values]) => ({ name, values }));
}

/** Templates do not change under a warm function: each is read back once. */
const readBackChecked = new Map<string, string | null>();

function readBackProblem(cloud: CloudKind, template: string): string | null {
  const key = `${cloud}\n${template}`;
  const known = readBackChecked.get(key);
  if (known !== undefined) return known;
  const pattern = templatePattern(template);
  let problem: string | null = null;
  for (const { name, values } of namesMade(template, cloud, TRICKY_RULES)) {
    const reading = readName(pattern, name);
    const expected = expectedReading(template, values);
    if (!sameReading(reading, expected)) {
      problem = `must read back as the copy it names: ${JSON.stringify(name)} (${describeReading(expected)}) reads as ${describeReading(reading)}`;
      break;
    }
  }
  readBackChecked.set(key, problem);
  return problem;
}

/** One rule's copy name, as the cross-rule check sees it. */
interface NamedRule {
  name: string;
  cloud: CloudKind;
  copyName: string;
}

export interface RuleProblem {
  index: number;
  rule: string;
}

/**
 * LineageReader tries the rules' patterns in the policy's order and keeps the first that matches, so
 * an earlier rule's pattern must never match a later rule's copy and read it as another copy (its
 * mark is read loosely, on purpose: a since-removed rule's copies are still copies). Each later rule
 * whose copies an earlier pattern misreads is reported on its copyName.
 */
export function crossRuleProblems(rules: readonly NamedRule[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  rules.forEach((later, index) => {
    if (!nameCarriesLineage(later.cloud) || copyNameTemplateProblem(later.cloud, later.copyName) !== null) return;
    for (let earlier = 0; earlier < index; earlier++) {
      const first = rules[earlier] as NamedRule;
      if (first.cloud !== later.cloud || first.copyName === later.copyName || copyNameTemplateProblem(first.cloud, first.copyName) !== null) continue;
      const misread = misreadingBy(first.copyName, later);
      if (misread !== null) {
        problems.push({ index, rule: `must not read as the copy name of rules[${earlier}]: ${misread}` });
        break;
      }
    }
  });
  return problems;
}

function misreadingBy(otherTemplate: string, rule: NamedRule): string | null {
  const pattern = templatePattern(otherTemplate);
  for (const { name, values } of namesMade(rule.copyName, rule.cloud, [rule.name], otherTemplate)) {
    const reading = readName(pattern, name);
    if (reading !== undefined && !sameReading(reading, expectedReading(rule.copyName, values)))
      return `${JSON.stringify(name)} (${describeReading(expectedReading(rule.copyName, values))}) reads as ${describeReading(reading)}`;
  }
  return null;
}

export function copyDescriptionExpansionProblem(template: string, ctx: TemplateContext): string | null {
  const fit = copyDescriptionRule(ctx.cloud);
  if (fit === undefined || templateSyntaxProblem(template) !== null) return null;
  return firstBadExpansion(template, fit, ctx);
}
