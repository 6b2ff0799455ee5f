/**
 * "Anything that passed validation must encode": every policy and manual payload the parsers accept,
 * built from arbitrary UTF-16 text (lone surrogates included), holds only strings that
 * encodeURIComponent (what the Alibaba signature runs on every parameter) accepts, and its templates
 * expand, with any source name the API may hand over, to names and descriptions it accepts too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../shared/contracts/errors';
import type { Rule } from '../../shared/contracts/policy';
import { parsePolicy } from '../../shared/policy/load';
import { expandTemplate, type TemplateValues } from '../../shared/policy/templates';
import { parseManualRequest } from '../../shared/triggers/manual';
import { copyDescriptionRule, copyNameRule } from '../../shared/validation/names';

/** Any UTF-16 code units at all: lone surrogates, control characters, astral pairs. */
const anyText = fc.string({ unit: 'binary', maxLength: 12 });
const lone = fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff');
/** A source name as the API may hand it over. */
const sourceNameText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.tuple(anyText, lone, anyText).map(([a, b, c]) => `${a}${b}${c}`));
/** Text that is often fine and sometimes holds a lone surrogate somewhere. */
const mostlyFine = (fine: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 3, arbitrary: fine }, { weight: 1, arbitrary: fc.tuple(fine, lone, fine).map(([a, b, c]) => `${a}${b}${c}`) }, { weight: 1, arbitrary: anyText });

const placeholder = fc.constantFrom('{rule}', '{sourceId}', '{sourceName}', '{sourceRegion}', '{destinationRegion}', '{diskId}', '{date}');
const template = fc
  .array(fc.oneof(placeholder, fc.constantFrom('srep:', ':', ' ', 'Copy of ', 'x'), anyText.map((t) => t.replace(/[{}]/g, '')), lone), { maxLength: 8 })
  .map((parts) => parts.join(''));

const CLOUD_PLACES = {
  'aliyun-ecs': { source: 'cn-hangzhou', destination: 'cn-shanghai', id: 's-bp1abc', disk: 'd-1' },
  'aliyun-ens': { source: 'cn-hangzhou-26', destination: 'cn-chengdu-26', id: 'sp-abc', disk: 'd-e1' },
  'tencent-cbs': { source: 'ap-guangzhou', destination: 'ap-beijing', id: 'snap-abc', disk: 'disk-1' },
} as const;
type Cloud = keyof typeof CLOUD_PLACES;
const cloud = fc.constantFrom<Cloud>('aliyun-ecs', 'aliyun-ens', 'tencent-cbs');

const rule = cloud.chain((c) =>
  fc.record(
    {
      name: mostlyFine(fc.constantFrom('prod-dr', 'edge', 'tc')),
      cloud: fc.constant(c),
      sourceRegions: fc.array(mostlyFine(fc.constant(CLOUD_PLACES[c].source)), { minLength: 1, maxLength: 1 }),
      match: fc.record({ namePattern: mostlyFine(fc.constantFrom('prod-*', '*')), tags: c === 'aliyun-ecs' ? fc.dictionary(mostlyFine(fc.constant('env')), mostlyFine(fc.constant('prod')), { maxKeys: 2 }) : fc.constant(undefined) }, { requiredKeys: [] }),
      destinations: fc.constant([{ region: CLOUD_PLACES[c].destination }]),
      copyName: fc.oneof(template, mostlyFine(fc.constant('srep:{rule}:{sourceId}:{sourceRegion}'))),
      copyDescription: c === 'tencent-cbs' ? fc.constant(undefined) : fc.oneof(template, mostlyFine(fc.constant('Copy of {sourceId} ({sourceName})'))),
    },
    { requiredKeys: ['name', 'cloud', 'sourceRegions', 'destinations'] },
  ),
);

/** Drops keys whose value is undefined: JSON would not carry them either. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function encodes(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** Every string (and key) in an accepted value. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      strings(v, out);
    }
  return out;
}

function accepted<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/** The names and descriptions a rule's copies get, for a source name the API handed over as it is. */
function expansions(r: Pick<Rule, 'cloud' | 'name' | 'copyName' | 'copyDescription'>, sourceName: string): string[] {
  const places = CLOUD_PLACES[r.cloud];
  const values: TemplateValues = { rule: r.name, sourceId: places.id, sourceName, sourceRegion: places.source, destinationRegion: places.destination, diskId: places.disk, date: '20240229' };
  const out = [expandTemplate(r.copyName, values, copyNameRule(r.cloud))];
  const description = copyDescriptionRule(r.cloud);
  if (r.copyDescription !== undefined && description !== undefined) out.push(expandTemplate(r.copyDescription, values, description));
  return out;
}

describe('anything that passed validation must encode', () => {
  it('every accepted policy, and what its templates expand to', () => {
    let passed = 0;
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 2 }), sourceNameText, (rules, sourceName) => {
        const policy = accepted(() => parsePolicy(plain({ rules: rules.map((r, i) => ({ ...r, name: i === 0 ? r.name : `${r.name}2` })) })));
        if (policy === undefined) return;
        passed++;
        for (const text of strings(policy)) expect(encodes(text), JSON.stringify(text)).toBe(true);
        for (const r of policy.rules) for (const text of expansions(r, sourceName)) expect(encodes(text), JSON.stringify(text)).toBe(true);
      }),
      { numRuns: 3000, seed: 5 },
    );
    expect(passed).toBeGreaterThan(100);
  });

  it('every accepted manual copy, and what its templates expand to', () => {
    let passed = 0;
    const request = cloud.chain((c) =>
      fc.record({
        action: fc.constant('copy'),
        cloud: fc.constant(c),
        snapshotId: mostlyFine(fc.constant(CLOUD_PLACES[c].id)),
        sourceRegion: mostlyFine(fc.constant(CLOUD_PLACES[c].source)),
        destinations: fc.constant([{ region: CLOUD_PLACES[c].destination }]),
        rule: mostlyFine(fc.constant('prod-dr')),
        copyName: fc.oneof(template, fc.constant('srep:{rule}:{sourceId}:{sourceRegion}')),
        ...(c === 'tencent-cbs' ? {} : { copyDescription: template }),
      }),
    );
    fc.assert(
      fc.property(request, sourceNameText, (payload, sourceName) => {
        const parsed = accepted(() => parseManualRequest(plain(payload)));
        if (parsed === undefined || parsed.action !== 'copy') return;
        passed++;
        for (const text of strings(parsed)) expect(encodes(text), JSON.stringify(text)).toBe(true);
        const r = { cloud: parsed.cloud, name: parsed.rule ?? 'manual', copyName: parsed.copyName ?? 'srep:{rule}:{sourceId}:{sourceRegion}', copyDescription: parsed.copyDescription };
        for (const text of expansions(r, sourceName)) expect(encodes(text), JSON.stringify(text)).toBe(true);
      }),
      { numRuns: 3000, seed: 6 },
    );
    expect(passed).toBeGreaterThan(100);
  });
});
