/**
 * "A template that can expand to an invalid value is refused when the policy loads": each copy
 * template is expanded with worst-case values and every result is checked with the same rule the
 * copy call is checked with (shared/validation/names.ts).
 */
import type { CloudKind } from '../contracts/snapshot';
import { DISK_ID_FORMS, extremeIds, SNAPSHOT_ID_FORMS } from '../validation/ids';
import { copyDescriptionRule, copyNameRule, type TextRule } from '../validation/names';
import { expandTemplate, type Placeholder, type TemplateValues, templatePlaceholders, templateSyntaxProblem } from './templates';

/** What the copy's name must hold on clouds whose copies carry no source fields. */
const REQUIRED_IN_NAME: Readonly<Record<CloudKind, readonly Placeholder[]>> = {
  'aliyun-ecs': [],
  // Lineage lives in the name, and pruning needs the rule's mark.
  'aliyun-ens': ['rule', 'sourceId', 'sourceRegion'],
  // Lineage lives in the name, and the rule's mark tells own copies (deadlines, pruning) from hand-made ones.
  'tencent-cbs': ['rule', 'sourceId', 'sourceRegion'],
};

/** Syntax, and on ENS/CBS the placeholders that carry lineage. */
export function copyNameTemplateProblem(cloud: CloudKind, template: string): string | null {
  const syntax = templateSyntaxProblem(template);
  if (syntax !== null) return syntax;
  const present = templatePlaceholders(template);
  const missing = REQUIRED_IN_NAME[cloud].filter((p) => !present.has(p));
  if (missing.length === 0) return null;
  return `must contain ${missing.map((p) => `{${p}}`).join(', ')} on ${cloud} (the copy's name is the only record of where it came from)`;
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

/** The copyName template against the worst values it may meet; null when every expansion is valid. */
export function copyNameExpansionProblem(template: string, ctx: TemplateContext): string | null {
  if (copyNameTemplateProblem(ctx.cloud, template) !== null) return null; // reported on its own
  return firstBadExpansion(template, copyNameRule(ctx.cloud), ctx);
}

export function copyDescriptionExpansionProblem(template: string, ctx: TemplateContext): string | null {
  const fit = copyDescriptionRule(ctx.cloud);
  if (fit === undefined || templateSyntaxProblem(template) !== null) return null;
  return firstBadExpansion(template, fit, ctx);
}
