import { describe, expect, it } from 'vitest';
import { InputError, type FieldProblem } from '../../shared/contracts/errors';
import { parsePolicy } from '../../shared/policy/load';

const rule = (cloud: string, sourceRegion: string, destination: string, extra: Record<string, unknown>) => ({
  name: 'r', cloud, sourceRegions: [sourceRegion], destinations: [{ region: destination }], ...extra,
});

function problemsOf(input: unknown): FieldProblem[] {
  try {
    parsePolicy(input);
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  return [];
}

describe('rules[].rpoHours', () => {
  it.each([
    ['aliyun-ecs', 'cn-hangzhou', 'cn-shanghai'],
    ['aliyun-ens', 'cn-hangzhou-26', 'cn-chengdu-26'],
    ['tencent-cbs', 'ap-guangzhou', 'ap-beijing'],
  ])('is taken on %s, fractions too, and left unset when absent', (cloud, from, to) => {
    expect(parsePolicy({ rules: [rule(cloud, from, to, { rpoHours: 26 })] }).rules[0]?.rpoHours).toBe(26);
    expect(parsePolicy({ rules: [rule(cloud, from, to, { rpoHours: 0.5 })] }).rules[0]?.rpoHours).toBe(0.5);
    expect(parsePolicy({ rules: [rule(cloud, from, to, {})] }).rules[0]?.rpoHours).toBeUndefined();
  });

  it.each([0, -1, '24', null, Number.POSITIVE_INFINITY])('refuses %s with the field\'s path', (value) => {
    const problems = problemsOf({ rules: [rule('aliyun-ecs', 'cn-hangzhou', 'cn-shanghai', { rpoHours: value })] });
    expect(problems.map((p) => p.field)).toEqual(['rules[0].rpoHours']);
  });
});
