/**
 * "A copy's name reads back as the copy it names" on ENS and CBS, where the name is the copy's only
 * record of its lineage: the template's shape, the source names it may carry, the read-back check
 * at load, the check across rules, and LineageReader itself reading what expandTemplate wrote.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, type FieldProblem } from '../../shared/contracts/errors';
import type { Rule } from '../../shared/contracts/policy';
import type { CloudKind, Snapshot } from '../../shared/contracts/snapshot';
import { LineageReader } from '../../shared/engine/lineage';
import { parsePolicy } from '../../shared/policy/load';
import { copyNameExpansionProblem, copyNameTemplateProblem } from '../../shared/policy/template-check';
import { defaultCopyName, expandTemplate, lineageSetting, parseTemplate, sanitizeName, type TemplateValues } from '../../shared/policy/templates';
import { copyNameRule, ENS_COPY_DESCRIPTION, ENS_COPY_NAME } from '../../shared/validation/names';

const ensRule = (copyName: string, name = 'edge') => ({ name, cloud: 'aliyun-ens', sourceRegions: ['cn-hangzhou-26'], destinations: [{ region: 'cn-chengdu-26' }], copyName });
const cbsRule = (copyName: string, name = 'tc') => ({ name, cloud: 'tencent-cbs', sourceRegions: ['ap-guangzhou'], destinations: [{ region: 'ap-beijing' }], copyName });
const ecsRule = (copyName: string) => ({ name: 'prod', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai' }], copyName });

function problemsOf(rules: unknown[]): FieldProblem[] {
  try {
    parsePolicy({ rules });
    return [];
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
}

function setting(template: string) {
  const parsed = parseTemplate(template);
  if ('error' in parsed) throw new Error(parsed.error);
  return lineageSetting(parsed.parts);
}

describe('the shape of a copy name that carries lineage', () => {
  it.each([
    ['{rule}-{sourceRegion}-{sourceId}', 'rule', 'sourceRegion'],
    ['srep:{rule}:{sourceId}-{sourceRegion}', 'sourceId', 'sourceRegion'],
    ['e_{rule}_{sourceId}_{sourceRegion}', 'rule', 'sourceId'],
    ['srep:{rule}:{sourceId}:{sourceRegion}{sourceName}', 'sourceRegion', 'sourceName'],
    ['srep:{rule}{date}:{sourceId}:{sourceRegion}', 'rule', 'date'],
    ['srep:{rule}:{sourceId}:{sourceRegion}x{diskId}', 'sourceRegion', 'diskId'],
  ])('refuses %j on ENS: {%s} runs into {%s}', (template, placeholder, neighbour) => {
    expect(setting(template).crowded).toEqual({ placeholder, neighbour });
    expect(problemsOf([ensRule(template)])).toEqual([
      { field: 'rules[0].copyName', rule: expect.stringContaining(`must set {${placeholder}} apart from {${neighbour}}`), value: template },
    ]);
  });

  it.each([
    ['the ENS default', ensRule(defaultCopyName('aliyun-ens')), [':']],
    ['the CBS default', cbsRule(defaultCopyName('tencent-cbs')), [':']],
    ['the mark between spaces on CBS', cbsRule('Copied {sourceId} from {sourceRegion} by {rule}'), [' ']],
    ['the custom order, with the source name last', ensRule('{rule}:{sourceRegion}:{sourceId}:{sourceName}'), [':']],
    ['fixed text between a value and its delimiter', ensRule('bk{rule}x.{sourceId}.{sourceRegion}v1:z'), ['.', ':']],
    ['other placeholders run together away from the lineage', ensRule('e:{rule}:{sourceId}:{sourceRegion}:{sourceName}{date}'), [':']],
    ['a source name between spaces', cbsRule('{rule} {sourceId} {sourceRegion} {sourceName}'), [' ']],
    ['Chinese text around the lineage', cbsRule('副本 {rule} {sourceId} 来自 {sourceRegion}'), [' ']],
  ])('accepts %s', (_label, rule, delimiters) => {
    expect(problemsOf([rule])).toEqual([]);
    expect([...setting(rule.copyName).delimiters].sort()).toEqual(delimiters);
  });

  it('leaves ECS names free: their copies say where they came from in their own fields', () => {
    expect(problemsOf([ecsRule('dr-{sourceName}-{date}')])).toEqual([]);
    expect(problemsOf([ecsRule('dr-{rule}-{sourceId}-{sourceRegion}')])).toEqual([]);
  });

  it('checks manual copies the same way', () => {
    expect(copyNameTemplateProblem('tencent-cbs', 'c:{rule}:{sourceId}-{sourceRegion}')).toMatch(/^must set \{sourceId\} apart from \{sourceRegion\}/);
    expect(copyNameTemplateProblem('aliyun-ecs', 'c-{sourceId}-{sourceRegion}')).toBeNull();
  });
});

describe('source names in a copy name', () => {
  it("replace the template's delimiters, so a source name cannot add a field", () => {
    const values: TemplateValues = { rule: 'edge', sourceId: 'sp-9', sourceRegion: 'cn-hangzhou-26', sourceName: 'a:sp-1:cn-x-1' };
    expect(expandTemplate('{rule}:{sourceRegion}:{sourceId}:{sourceName}', values, ENS_COPY_NAME)).toBe('edge:cn-hangzhou-26:sp-9:a_sp-1_cn-x-1');
    expect(expandTemplate('Copied {sourceId} from {sourceRegion} {sourceName}', { ...values, sourceName: 'db from cn-x' }, copyNameRule('tencent-cbs'))).toBe(
      'Copied sp-9 from cn-hangzhou-26 db_from_cn-x',
    );
    expect(sanitizeName('a:b c', ENS_COPY_NAME, new Set([':']))).toBe('a_b-c');
  });

  it('keep every other character, and descriptions keep them all', () => {
    const values: TemplateValues = { rule: 'r', sourceId: 's-1', sourceRegion: 'cn-x', sourceName: 'db_1-a.b: c' };
    // ':' sets the lineage apart here; '.' and ' ' are not ENS name characters, so they become '-'.
    expect(expandTemplate('{rule}:{sourceId}:{sourceRegion}:{sourceName}', values, ENS_COPY_NAME)).toBe('r:s-1:cn-x:db_1-a-b_-c');
    expect(expandTemplate('{rule} {sourceId} {sourceRegion} {sourceName}', values, ENS_COPY_NAME)).toBe('r s-1 cn-x db_1-a-b:_c');
    expect(expandTemplate('{rule}:{sourceId}:{sourceRegion}:{sourceName}', values, ENS_COPY_DESCRIPTION)).toBe('r:s-1:cn-x:db_1-a.b: c');
  });
});

describe('the read-back check at load', () => {
  const ctx = (cloud: CloudKind) => ({ cloud, ruleName: undefined, sourceRegions: ['cn-hangzhou-26'], destinationRegions: ['cn-chengdu-26'] });

  it('passes the templates whose shape holds', () => {
    for (const template of [defaultCopyName('aliyun-ens'), '{rule}:{sourceRegion}:{sourceId}:{sourceName}', 'x {rule} {sourceId} {sourceRegion}'])
      expect(copyNameExpansionProblem(template, ctx('aliyun-ens'))).toBeNull();
  });

  it('refuses two rules whose copy names read as each other, on the later rule', () => {
    const problems = problemsOf([ensRule('bk {rule} {sourceRegion} {sourceId}'), ensRule('bk {rule} {sourceId} {sourceRegion}', 'edge2')]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('rules[1].copyName');
    expect(problems[0]?.rule).toMatch(/^must not read as the copy name of rules\[0\]: "bk edge2 [^"]+" \(edge2:(\S+):(\S+)\) reads as edge2:\2:\1$/);
  });

  it('accepts rules whose copy names differ but never match each other', () => {
    expect(problemsOf([ensRule(defaultCopyName('aliyun-ens')), ensRule('srep:{rule}:{sourceId}:{sourceRegion}:{sourceName}', 'edge2')])).toEqual([]);
    expect(problemsOf([cbsRule(defaultCopyName('tencent-cbs')), cbsRule('srep:{rule}:{sourceId}:{sourceRegion}', 'tc2')])).toEqual([]);
  });
});

describe('LineageReader reads what expandTemplate wrote', () => {
  const ruleName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,12}$/);
  const region = fc.stringMatching(/^[a-z]{2,4}(-[a-z0-9]{1,4}){1,3}$/);
  const piece = fc.constantFrom(':', ' ', ':', ' ', '-', '_', '.', 'x', 'v1', '/', '{sourceName}', '{date}', '{diskId}', '{destinationRegion}');
  const lineage = ['{rule}', '{sourceId}', '{sourceRegion}'] as const;
  /** A template: the three lineage placeholders in any order, with any glue between and around them. */
  const template = fc
    .tuple(fc.shuffledSubarray([...lineage], { minLength: 3, maxLength: 3 }), fc.array(fc.array(piece, { minLength: 1, maxLength: 3 }), { minLength: 4, maxLength: 4 }))
    .map(([order, glue]) => `a${glue[0]!.join('')}${order.map((p, i) => `${p}${glue[i + 1]!.join('')}`).join('')}`);

  it.each(['aliyun-ens', 'tencent-cbs'] as const)('on %s, for every template the policy accepts, whatever the values', (cloud) => {
    const snapshotId = cloud === 'aliyun-ens' ? fc.stringMatching(/^sp?-[A-Za-z0-9]{1,10}$/) : fc.stringMatching(/^snap-[a-z0-9]{1,8}$/);
    const sourceName = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('a:sp-1:cn-x-1', 'x sp-1 cn-x', 'srep:r:s-1:cn-x', 'a.b/c'));
    let checked = 0;
    fc.assert(
      fc.property(template, ruleName, ruleName, snapshotId, region, region, sourceName, (copyName, name, otherName, id, from, to, srcName) => {
        fc.pre(from !== to && name !== otherName);
        if (copyNameTemplateProblem(cloud, copyName) !== null) return;
        const rule = { name, cloud, sourceRegions: [from], match: {}, destinations: [{ region: to }], copyName } as Rule;
        const values: TemplateValues = { rule: name, sourceId: id, sourceRegion: from, sourceName: srcName, destinationRegion: to, diskId: 'd-1', date: '20240229' };
        const copyName_ = expandTemplate(copyName, values, copyNameRule(cloud));
        if (copyNameRule(cloud).check(copyName_) !== null) return; // a name the API would refuse is never made
        checked++;
        const copy: Snapshot = { cloud, snapshotId: 'sp-copy', region: to, name: copyName_, tags: {}, readiness: 'ready', status: 'available', createdAt: 0, isCopy: false };
        // Another rule of the same template reads it too: its mark names this rule.
        const reader = new LineageReader([{ ...rule, name: otherName }, rule]);
        expect(reader.read(copy)).toEqual({ sourceSnapshotId: id, sourceRegion: from, rule: name });
      }),
      { numRuns: 1500, seed: 42 },
    );
    expect(checked).toBeGreaterThan(50);
  });

  it('does not take a source for a copy when its name imitates a mark of its own region or itself', () => {
    const rule = parsePolicy({ rules: [ensRule('{rule}:{sourceRegion}:{sourceId}')] }).rules;
    const reader = new LineageReader(rule);
    const snapshot = (snapshotId: string, region: string, name: string): Snapshot => ({
      cloud: 'aliyun-ens', snapshotId, region, name, tags: {}, readiness: 'ready', status: 'available', createdAt: 0, isCopy: false,
    });
    expect(reader.isCopy(snapshot('sp-mimic', 'cn-hangzhou-26', 'edge:cn-hangzhou-26:sp-edge1'))).toBe(false);
    expect(reader.isCopy(snapshot('sp-self', 'cn-chengdu-26', 'edge:cn-hangzhou-26:sp-self'))).toBe(false);
    expect(reader.read(snapshot('sp-copy', 'cn-chengdu-26', 'edge:cn-hangzhou-26:sp-edge1'))).toEqual({ sourceSnapshotId: 'sp-edge1', sourceRegion: 'cn-hangzhou-26', rule: 'edge' });
  });
});
