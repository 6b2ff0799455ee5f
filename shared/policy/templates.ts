/**
 * Copy name and description templates: `srep:{rule}:{sourceId}:{sourceRegion}`.
 * Placeholders: {rule} {sourceId} {sourceName} {sourceRegion} {destinationRegion} {diskId} {date}
 * ({date} is the source's creation date, YYYYMMDD in UTC). There is no escape for braces: a brace
 * outside a placeholder is an error, so a typo never reaches a snapshot's name.
 */
import { InputError } from '../contracts/errors';
import type { CloudKind } from '../contracts/snapshot';
import type { TextRule } from '../validation/names';
import { escapeRegExp } from './escape-regexp';

const PLACEHOLDERS = ['rule', 'sourceId', 'sourceName', 'sourceRegion', 'destinationRegion', 'diskId', 'date'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Values for the placeholders; a missing one expands to the empty string. */
export type TemplateValues = Readonly<Partial<Record<Placeholder, string>>>;

export type TemplatePart = { literal: string } | { placeholder: Placeholder };

/**
 * One mark on every cloud: `srep:<rule>:<source id>:<source region>`. ECS copies say where they came
 * from in their own fields, and the mark helps people; ENS and CBS copies may carry their lineage only
 * in their name, and the rule's mark tells this project's copies (whose retention it keeps and which it
 * prunes) from copies made by hand. CBS's own default name ("Copied … from …") is read as a copy made
 * by hand (cbs-driver.ts).
 */
const DEFAULT_COPY_NAMES: Readonly<Record<CloudKind, string>> = {
  'aliyun-ecs': 'srep:{rule}:{sourceId}:{sourceRegion}',
  'aliyun-ens': 'srep:{rule}:{sourceId}:{sourceRegion}',
  'tencent-cbs': 'srep:{rule}:{sourceId}:{sourceRegion}',
};

export function defaultCopyName(cloud: CloudKind): string {
  return DEFAULT_COPY_NAMES[cloud];
}

/**
 * ECS: an older CopySnapshot page lists DestinationSnapshotDescription as required and the current one
 * does not (docs/api-facts.md, "ECS CopySnapshot"), so a description always goes out. ENS documents
 * it as optional; CBS takes none.
 */
export function defaultCopyDescription(cloud: CloudKind): string | undefined {
  return cloud === 'aliyun-ecs' ? 'Copy of {sourceId} from {sourceRegion}' : undefined;
}

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/** The template's parts, or the reason it is not a template. */
export function parseTemplate(template: string): { parts: TemplatePart[] } | { error: string } {
  const parts: TemplatePart[] = [];
  let literal = '';
  let index = 0;
  while (index < template.length) {
    const char = template[index];
    if (char === '}') return { error: `has an unbalanced "}" at position ${index}` };
    if (char !== '{') {
      literal += char;
      index++;
      continue;
    }
    const close = template.indexOf('}', index);
    const nextOpen = template.indexOf('{', index + 1);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) return { error: `has an unbalanced "{" at position ${index}` };
    const name = template.slice(index + 1, close);
    if (!isPlaceholder(name)) return { error: `has an unknown placeholder {${name}} (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')})` };
    if (literal !== '') parts.push({ literal });
    literal = '';
    parts.push({ placeholder: name });
    index = close + 1;
  }
  if (literal !== '') parts.push({ literal });
  return { parts };
}

/** null when the template parses; otherwise the rule it breaks. */
export function templateSyntaxProblem(template: string): string | null {
  const parsed = parseTemplate(template);
  return 'error' in parsed ? parsed.error : null;
}

export function templatePlaceholders(template: string): Set<Placeholder> {
  const parsed = parseTemplate(template);
  const found = new Set<Placeholder>();
  if ('parts' in parsed) for (const part of parsed.parts) if ('placeholder' in part) found.add(part.placeholder);
  return found;
}

function partsOf(template: string): TemplatePart[] {
  const parsed = parseTemplate(template);
  // Templates are checked when the policy loads; reaching this means a template skipped that check.
  if ('error' in parsed) throw new InputError('InvalidPolicy', [{ field: 'template', rule: parsed.error, value: template }]);
  return parsed.parts;
}

/** The source's creation date as the {date} placeholder shows it: YYYYMMDD in UTC. */
export function templateDate(createdAtMs: number): string {
  return new Date(createdAtMs).toISOString().slice(0, 10).replace(/-/g, '');
}

/**
 * A source's name reduced to what the target value may hold: other characters become `-`, and the
 * `protect`ed characters (those that set a copy's lineage apart in its name) become `_`, so a source
 * name never adds one of them to the copy's name.
 */
export function sanitizeName(name: string, fit: TextRule, protect: ReadonlySet<string> = NO_CHARACTERS): string {
  let out = '';
  for (const char of name) out += protect.has(char) ? PROTECTED_REPLACEMENT : fit.allowedChar.test(char) ? char : '-';
  return out.replace(/-{2,}/g, '-');
}

function truncateTo(value: string, budget: number, fit: TextRule): string {
  if (budget <= 0) return '';
  let out = '';
  for (const char of value) {
    if (fit.measure(out + char) > budget) break;
    out += char;
  }
  return out;
}

/**
 * Expands the template. With `fit` (the rule of the parameter it fills: `copyNameRule(cloud)`,
 * `copyDescriptionRule(cloud)`), {sourceName} is sanitized to that parameter's characters and
 * truncated so the whole value fits its length limit; no other value is ever cut, so the marks the
 * copy is recognised by survive. When the value is read back (`fit.readBack`: copy names), the
 * characters that set the lineage placeholders apart are kept out of {sourceName}.
 */
export function expandTemplate(template: string, values: TemplateValues, fit?: TextRule): string {
  const parts = partsOf(template);
  const value = (name: Placeholder): string => values[name] ?? '';
  if (fit === undefined) return parts.map((part) => ('literal' in part ? part.literal : value(part.placeholder))).join('');
  const fixed = parts.map((part) => ('literal' in part ? part.literal : part.placeholder === 'sourceName' ? '' : value(part.placeholder))).join('');
  const nameSlots = parts.filter((part) => 'placeholder' in part && part.placeholder === 'sourceName').length;
  const budget = nameSlots === 0 ? 0 : Math.floor((fit.maxLength - fit.measure(fixed)) / nameSlots);
  // Sanitizing is per character: skip it when the template has no {sourceName} to fill.
  const protect = fit.readBack && nameSlots > 0 ? lineageSetting(parts).delimiters : NO_CHARACTERS;
  const fitted = nameSlots === 0 ? '' : truncateTo(sanitizeName(value('sourceName'), fit, protect), budget, fit);
  return parts.map((part) => ('literal' in part ? part.literal : part.placeholder === 'sourceName' ? fitted : value(part.placeholder))).join('');
}

/** The placeholders a copy's lineage is read from, by LineageReader (shared/engine/lineage.ts). */
const LINEAGE_PLACEHOLDERS: readonly Placeholder[] = ['rule', 'sourceId', 'sourceRegion'];

/**
 * Every character a placeholder other than {sourceName} can expand to: rule names, snapshot, disk and
 * region ids are letters, digits, `_` and `-`; dates are digits. Any other character in a literal
 * (`:`, a space, `.`) can only come from the template, so it marks where a value ends.
 */
const VALUE_CHAR = /^[A-Za-z0-9_-]$/;

const NO_CHARACTERS: ReadonlySet<string> = new Set();
const PROTECTED_REPLACEMENT = '_';

/** How a lineage placeholder is set apart from its neighbours in a template. */
export interface LineageSetting {
  /** The characters that end the lineage placeholders' values (`:` in `srep:{rule}:{sourceId}:{sourceRegion}`). */
  delimiters: Set<string>;
  /** A lineage placeholder that touches another placeholder with only value characters between them. */
  crowded?: { placeholder: Placeholder; neighbour: Placeholder };
}

/**
 * Finds, on each side of every lineage placeholder, the nearest character no value can hold, or the
 * template's start or end. Between the placeholder and that character there may be only fixed text.
 * When every lineage placeholder is set apart this way and no source name can hold a delimiter, the
 * delimiters in an expanded name are exactly the template's, in order, so each lineage value is
 * recovered exactly from the text between them, whatever the values (rule names, ids and regions
 * full of `-`): that is what makes a copy's name read back as the copy it is.
 */
export function lineageSetting(parts: readonly TemplatePart[]): LineageSetting {
  const delimiters = new Set<string>();
  let crowded: LineageSetting['crowded'];
  const look = (from: number, step: 1 | -1, placeholder: Placeholder): void => {
    for (let index = from; index >= 0 && index < parts.length; index += step) {
      const part = parts[index] as TemplatePart;
      if ('placeholder' in part) {
        crowded ??= { placeholder, neighbour: part.placeholder };
        return;
      }
      const chars = [...part.literal];
      if (step === -1) chars.reverse();
      const delimiter = chars.find((char) => !VALUE_CHAR.test(char));
      if (delimiter !== undefined) {
        delimiters.add(delimiter);
        return;
      }
    }
  };
  parts.forEach((part, index) => {
    if (!('placeholder' in part) || !LINEAGE_PLACEHOLDERS.includes(part.placeholder)) return;
    look(index - 1, -1, part.placeholder);
    look(index + 1, 1, part.placeholder);
  });
  return crowded === undefined ? { delimiters } : { delimiters, crowded };
}

/** What each placeholder can expand to, for recognising a copy by its name. */
const PLACEHOLDER_PATTERNS: Readonly<Record<Placeholder, string>> = {
  rule: '[A-Za-z][A-Za-z0-9_-]{0,39}',
  sourceId: '[a-z]+-[A-Za-z0-9]+',
  sourceName: '.*?',
  sourceRegion: '[a-z]{2,}(?:-[a-z0-9]+)+',
  destinationRegion: '[a-z]{2,}(?:-[a-z0-9]+)+',
  diskId: '(?:[a-z]+-[A-Za-z0-9]+)?',
  date: '[0-9]{8}',
};


/**
 * A RegExp that matches the names this template expands to, with a named group per placeholder
 * (sourceId, sourceRegion, rule, ...). With `ruleName`, {rule} matches only that rule's name.
 */
export function templatePattern(template: string, ruleName?: string): RegExp {
  const named = new Set<Placeholder>();
  const source = partsOf(template)
    .map((part) => {
      if ('literal' in part) return escapeRegExp(part.literal);
      const name = part.placeholder;
      // A placeholder used twice must expand to the same text both times.
      if (named.has(name)) return `\\k<${name}>`;
      named.add(name);
      const body = name === 'rule' && ruleName !== undefined ? escapeRegExp(ruleName) : PLACEHOLDER_PATTERNS[name];
      return `(?<${name}>${body})`;
    })
    .join('');
  return new RegExp(`^${source}$`, 'su');
}
