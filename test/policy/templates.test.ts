import { describe, expect, it } from 'vitest';
import { InputError } from '../../shared/contracts/errors';
import {
  defaultCopyName,
  expandTemplate,
  parseTemplate,
  sanitizeName,
  templateDate,
  templatePattern,
  type TemplateValues,
} from '../../shared/policy/templates';
import { CBS_COPY_NAME, ECS_COPY_DESCRIPTION, ECS_COPY_NAME, ENS_COPY_NAME } from '../../shared/validation/names';

const values: TemplateValues = {
  rule: 'prod-dr',
  sourceId: 's-bp1abc',
  sourceName: 'db backup/1',
  sourceRegion: 'cn-hangzhou',
  destinationRegion: 'cn-shanghai',
  diskId: 'd-1',
  date: templateDate(Date.UTC(2024, 1, 29, 23, 59)),
};

describe('parseTemplate', () => {
  it('splits literals and placeholders', () => {
    expect(parseTemplate('a{rule}b{date}')).toEqual({ parts: [{ literal: 'a' }, { placeholder: 'rule' }, { literal: 'b' }, { placeholder: 'date' }] });
  });

  it.each([
    ['{nope}', 'has an unknown placeholder {nope}'],
    ['{}', 'has an unknown placeholder {}'],
    ['{rule', 'has an unbalanced "{" at position 0'],
    ['{ru{le}', 'has an unbalanced "{" at position 0'],
    ['rule}', 'has an unbalanced "}" at position 4'],
  ])('refuses %j', (template, error) => {
    const parsed = parseTemplate(template);
    expect('error' in parsed && parsed.error.startsWith(error)).toBe(true);
  });
});

describe('expandTemplate', () => {
  it('fills every placeholder; {date} is the creation date in UTC', () => {
    expect(expandTemplate('{rule}|{sourceId}|{sourceName}|{sourceRegion}|{destinationRegion}|{diskId}|{date}', values)).toBe(
      'prod-dr|s-bp1abc|db backup/1|cn-hangzhou|cn-shanghai|d-1|20240229',
    );
  });

  it('expands a missing value to nothing', () => {
    expect(expandTemplate('x{diskId}y', { rule: 'r' })).toBe('xy');
  });

  it('sanitizes the source name to the target charset', () => {
    expect(expandTemplate('c-{sourceName}', values, ECS_COPY_NAME)).toBe('c-db-backup-1');
    expect(sanitizeName('快照 备份', ECS_COPY_NAME)).toBe('快照-备份');
    expect(sanitizeName('快照 备份', ENS_COPY_NAME)).toBe('-');
    expect(sanitizeName('a b', CBS_COPY_NAME)).toBe('a b');
    expect(sanitizeName('line\nbreak', ECS_COPY_DESCRIPTION)).toBe('line-break');
  });

  it('truncates only the source name, so the result fits', () => {
    const name = expandTemplate('c-{sourceName}-{sourceId}', { ...values, sourceName: 'n'.repeat(500) }, ECS_COPY_NAME);
    expect([...name].length).toBe(128);
    expect(name.endsWith('-s-bp1abc')).toBe(true);
    expect(ECS_COPY_NAME.check(name)).toBeNull();
  });

  it('truncates by UTF-8 bytes on CBS, never splitting a character', () => {
    const name = expandTemplate('{sourceId} {sourceRegion} {sourceName}', { ...values, sourceId: 'snap-1', sourceRegion: 'ap-guangzhou', sourceName: '快'.repeat(50) }, CBS_COPY_NAME);
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(60);
    expect(name).toBe(`snap-1 ap-guangzhou ${'快'.repeat(13)}`);
  });

  it('throws an InputError for a template that does not parse', () => {
    expect(() => expandTemplate('{bad}', values)).toThrow(InputError);
  });
});

describe('templatePattern', () => {
  const cases: Array<[string, TemplateValues, string | undefined]> = [
    [defaultCopyName('aliyun-ens'), { rule: 'edge-1', sourceId: 'sp-abc123', sourceRegion: 'cn-hangzhou-26' }, 'edge-1'],
    [defaultCopyName('aliyun-ecs'), { rule: 'prod_dr', sourceId: 's-1', sourceRegion: 'cn-hangzhou' }, undefined],
    [defaultCopyName('tencent-cbs'), { rule: 'tc', sourceId: 'snap-ckgjwkqh', sourceRegion: 'ap-guangzhou' }, 'tc'],
    ['Copied {sourceId} from {sourceRegion}', { sourceId: 'snap-ckgjwkqh', sourceRegion: 'ap-guangzhou' }, undefined],
    ['bk-{sourceRegion}-{sourceId}-{date}', { sourceId: 'snap-1', sourceRegion: 'ap-shanghai-fsi', date: '20240101' }, undefined],
    ['{rule}.{sourceName}.{sourceId}@{sourceRegion}', { rule: 'r', sourceName: 'my.name', sourceId: 'sp-9', sourceRegion: 'cn-xian-2' }, 'r'],
    ['x{sourceId}(copy of {sourceId}) {sourceRegion} [{diskId}]', { sourceId: 's-7', sourceRegion: 'us-east-1', diskId: '' }, undefined],
  ];

  it.each(cases)('round-trips %j', (template, vars, ruleName) => {
    const name = expandTemplate(template, vars);
    const groups = templatePattern(template, ruleName).exec(name)?.groups;
    expect(groups?.sourceId).toBe(vars.sourceId);
    expect(groups?.sourceRegion).toBe(vars.sourceRegion);
    if (vars.rule !== undefined && template.includes('{rule}')) expect(groups?.rule).toBe(vars.rule);
  });

  it('recognises only the named rule when given one', () => {
    const name = expandTemplate(defaultCopyName('aliyun-ens'), { rule: 'other', sourceId: 'sp-1', sourceRegion: 'cn-hangzhou-26' });
    expect(templatePattern(defaultCopyName('aliyun-ens'), 'edge').test(name)).toBe(false);
    expect(templatePattern(defaultCopyName('aliyun-ens')).exec(name)?.groups?.rule).toBe('other');
  });

  it('does not match names the template cannot make', () => {
    const pattern = templatePattern(defaultCopyName('tencent-cbs'));
    expect(pattern.test('srep:tc:snap-1:ap-guangzhou')).toBe(true);
    expect(pattern.test('srep:tc:snap-1:ap-guangzhou (2)')).toBe(false);
    expect(pattern.test('Copied snap-1 from ap-guangzhou')).toBe(false);
    expect(pattern.test('db nightly')).toBe(false);
  });

  it('treats regex characters in literals literally', () => {
    const pattern = templatePattern('a.b*{sourceId}+{sourceRegion}');
    expect(pattern.test('a.b*s-1+cn-hangzhou')).toBe(true);
    expect(pattern.test('axbbbs-1+cn-hangzhou')).toBe(false);
  });
});
