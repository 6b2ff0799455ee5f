/**
 * Files a person hands the command: policies (validate-policy, plan), payloads (invoke @file) and
 * seeds (local-cloud), as editors save them, and files that are not text at all.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempHome, writeFile } from './harness';

const { home, cleanup } = tempHome();
afterAll(cleanup);

const POLICY = { rules: [{ name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] }] };
const TEXT = JSON.stringify(POLICY, null, 2);

function bytesFile(name: string, bytes: Buffer): string {
  const path = join(home, name);
  writeFileSync(path, bytes);
  return path;
}

function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

interface ValidateJson {
  ok: boolean;
  files: Array<{ ok: boolean; rules?: Array<{ name: string }>; problems?: Array<{ field: string; rule: string }> }>;
}

async function validate(path: string): Promise<{ code: number | null; answer: ValidateJson }> {
  const run = await runCli(['validate-policy', path, '--json'], {}, home);
  return { code: run.code, answer: JSON.parse(run.stdout) as ValidateJson };
}

describe('a policy file as editors save it', () => {
  it.each([
    ['UTF-8 with a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)])],
    ['UTF-16 little-endian with a byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')])],
    ['UTF-16 big-endian with a byte order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)])],
  ])('%s is read as the same policy', async (what, bytes) => {
    const { code, answer } = await validate(bytesFile(`${what.replace(/\W+/g, '-')}.json`, bytes));
    expect(code).toBe(0);
    expect(answer.files[0]?.rules?.map((r) => r.name)).toEqual(['prod-dr']);
  });

  it('UTF-16 without a byte order mark is refused as such, not as "Unexpected token"', async () => {
    const { code, answer } = await validate(bytesFile('utf16-bare.json', Buffer.from(TEXT, 'utf16le')));
    expect(code).toBe(2);
    expect(answer.files[0]?.problems?.[0]?.rule).toBe('holds NUL bytes: it is not UTF-8 text (UTF-16 without a byte order mark? save it as UTF-8)');
  });

  it('bytes that are not UTF-8 are refused rather than read with replacement characters', async () => {
    const { answer } = await validate(bytesFile('latin1.json', Buffer.from(TEXT.replace('prod-dr', 'caf\u00e9'), 'latin1')));
    expect(answer.files[0]?.problems?.[0]?.rule).toBe('is not valid UTF-8 (save it as UTF-8)');
  });

  it('an invisible character is shown by its code point, with its line and column', async () => {
    const { answer } = await validate(writeFile(join(home, 'zwsp.json'), '{\n  "rules": [\u200b]\n}'));
    expect(answer.files[0]?.problems?.[0]?.rule).toBe('must be valid JSON: unexpected invisible character U+200B at line 2, column 13');
  });

  it('a syntax error says where it is', async () => {
    const { answer } = await validate(writeFile(join(home, 'comma.json'), '{\n  "rules": [],\n}'));
    expect(answer.files[0]?.problems?.[0]?.rule).toMatch(/^must be valid JSON: .* at line 3, column 1$/);
  });

  it('plan reads a policy with a byte order mark too', async () => {
    const path = bytesFile('plan-bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]));
    const run = await runCli(['plan', '--policy', path, '--rule', 'nope'], {}, home);
    // The policy was read: the answer is about the rule name, not about the file.
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--rule names no rule of the policy (rules: prod-dr)');
  });
});

describe('files that never end, and files that are not files', () => {
  it('validate-policy /dev/zero is refused at the size limit instead of read forever', async () => {
    const { code, answer } = await validate('/dev/zero');
    expect(code).toBe(2);
    expect(answer.files[0]?.problems?.[0]?.rule).toMatch(/^must be at most 262144 bytes/);
  });

  it('a directory cannot be read', async () => {
    const { answer } = await validate(home);
    expect(answer.files[0]?.problems?.[0]?.rule).toBe('cannot be read (EISDIR)');
  });

  it('invoke --payload @/dev/zero is refused too, before any credentials are looked for', async () => {
    const run = await runCli(['invoke', '--platform', 'scf', '--function', 'f', '--region', 'ap-guangzhou', '--payload', '@/dev/zero'], {}, home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--payload file must be at most');
  });
});

describe('local-cloud --seed', () => {
  it('names a misspelled key, with the key it resembles: exit 2, nothing served', async () => {
    const seed = writeFile(join(home, 'typo-seed.json'), {
      credentails: { aliyun: [] },
      ecs: { regions: ['cn-hangzhou'], snapshots: [{ snapshotID: 's-1', regionId: 'cn-hangzhou', diskId: 'd-1' }] },
    });
    const run = await runCli(['local-cloud', '--seed', seed], {}, home);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('seed.credentails is not a known field (did you mean credentials?)');
    expect(run.stderr).toContain('seed.ecs.snapshots[0].snapshotID is not a known field (did you mean snapshotId?)');
    expect(run.stderr).toContain('seed.ecs.snapshots[0].snapshotId is required');
  });

  it('recognises a replication policy given as a seed', async () => {
    const run = await runCli(['local-cloud', '--seed', writeFile(join(home, 'policy-as-seed.json'), POLICY)], {}, home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('rules is not a seed field: this looks like a replication policy');
  });

  it('checks the types of values', async () => {
    const run = await runCli(['local-cloud', '--seed', writeFile(join(home, 'types-seed.json'), { ecs: { regions: 'cn-hangzhou' }, timing: { ecsCopySeconds: '300' } })], {}, home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('seed.ecs.regions must be a list');
    expect(run.stderr).toContain('seed.timing.ecsCopySeconds must be a number');
  });
});
