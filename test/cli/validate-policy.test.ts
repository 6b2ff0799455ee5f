import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasEscapeCodes, runCli, tempHome, writeFile } from './harness';

const { home, cleanup } = tempHome();
afterAll(cleanup);

const GOOD = {
  rules: [{ name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai', retentionDays: 30 }] }],
};
const BAD = {
  rules: [
    {
      name: 'prod-dr',
      cloud: 'aliyun-ecs',
      sourceRegions: ['cn-hangzhou'],
      destinatons: [],
      destinations: [{ region: 'cn-shanghai', retentionDays: 0 }, { region: 'cn-beijing', kmsKeyId: 'key-1' }],
    },
  ],
};
const good = writeFile(join(home, 'good.json'), GOOD);
const bad = writeFile(join(home, 'bad.json'), BAD);

interface ValidateJson {
  ok: boolean;
  files: Array<{ file: string; ok: boolean; rules?: Array<{ name: string }>; problems?: Array<{ field: string; rule: string; message: string }> }>;
}

describe('validate-policy', () => {
  it('accepts a good policy: exit 0, its rules listed', async () => {
    const run = await runCli(['validate-policy', good], {}, home);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${good}: valid, 1 rule`);
    expect(run.stdout).toContain('prod-dr (aliyun-ecs): cn-hangzhou → cn-shanghai');
    expect(hasEscapeCodes(run)).toBe(false);
  });

  it('prints every problem with the path of its field: exit 2', async () => {
    // Wide: at 80 columns the longer problems wrap onto a second line.
    const run = await runCli(['validate-policy', bad], { COLUMNS: '200' }, home);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`${bad}: 3 problems`);
    expect(run.stdout).toContain('rules[0].destinations[0].retentionDays must be an integer from 1 to 65536 (got 0)');
    expect(run.stdout).toContain('rules[0].destinations[1].kmsKeyId');
    expect(run.stdout).toContain('rules[0].destinatons is not a known field');
  });

  it('--json: one report per file, the paths as fields', async () => {
    const run = await runCli(['validate-policy', good, bad, '--json'], {}, home);
    expect(run.code).toBe(2);
    const answer = JSON.parse(run.stdout) as ValidateJson;
    expect(answer.ok).toBe(false);
    expect(answer.files.map((f) => f.ok)).toEqual([true, false]);
    expect(answer.files[0]?.rules?.map((r) => r.name)).toEqual(['prod-dr']);
    expect(answer.files[1]?.problems?.map((p) => p.field).sort()).toEqual(['rules[0].destinations[0].retentionDays', 'rules[0].destinations[1].kmsKeyId', 'rules[0].destinatons']);
  });

  it('refuses a file that is missing or not JSON: exit 2', async () => {
    const notJson = writeFile(join(home, 'not-json.json'), '{ "rules": [');
    const run = await runCli(['validate-policy', join(home, 'missing.json'), notJson], {}, home);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('missing.json cannot be read (ENOENT)');
    expect(run.stdout).toContain('(file) must be valid JSON');
  });
});
