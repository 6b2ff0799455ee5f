/**
 * Where the policy comes from (shared/policy/policy-source.ts): the REPLICATION_POLICY variable, the
 * file REPLICATION_POLICY_FILE names, or policy.json shipped beside the bundle. Exactly one; two are
 * refused. The last part runs the packaged bundles (`npm run package` layout) against the local
 * cloud, the way the platforms load them: a plain require of index.js with policy.json beside it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageFunctions } from '../../scripts/code-package';
import { InputError } from '../../shared/contracts/errors';
import { loadPolicy, MAX_POLICY_BYTES } from '../../shared/policy/load';
import { POLICY_FILE_VARIABLE, policySource, SHIPPED_POLICY_FILE } from '../../shared/policy/policy-source';
import { buffer, captureLogs, ensureBuilt, fcContext, startLocalCloud, useLocalCloud, type LocalCloud } from '../functions/harness';
import { EVERY_PATH_POLICY, everyPathSeed } from '../security/every-path-fixture';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const POLICY = '{"rules":[]}';

function dir(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'srep-policy-source-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(d, name, '..'), { recursive: true });
    writeFileSync(join(d, name), text);
  }
  return d;
}

function refusal(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected a refusal');
}

describe('policySource', () => {
  const policyText = (env: Record<string, string>, code: string): string => policySource(env, code).text;

  it('reads REPLICATION_POLICY when nothing ships beside the bundle', () => {
    expect(policyText({ REPLICATION_POLICY: POLICY }, dir())).toBe(POLICY);
  });

  it('reads policy.json beside the bundle when no variable is set (a blank variable counts as unset)', () => {
    const code = dir({ [SHIPPED_POLICY_FILE]: '{"rules":[ ]}' });
    expect(policyText({}, code)).toBe('{"rules":[ ]}');
    expect(policyText({ REPLICATION_POLICY: '  ' }, code)).toBe('{"rules":[ ]}');
  });

  it('reads the file REPLICATION_POLICY_FILE names, relative to the bundle or absolute', () => {
    const code = dir({ 'config/p.json': '{"rules":[1]}' });
    expect(policyText({ [POLICY_FILE_VARIABLE]: 'config/p.json' }, code)).toBe('{"rules":[1]}');
    expect(policyText({ [POLICY_FILE_VARIABLE]: join(code, 'config/p.json') }, dir())).toBe('{"rules":[1]}');
  });

  it('accepts REPLICATION_POLICY_FILE naming the shipped policy.json itself', () => {
    const code = dir({ [SHIPPED_POLICY_FILE]: POLICY });
    expect(policyText({ [POLICY_FILE_VARIABLE]: SHIPPED_POLICY_FILE }, code)).toBe(POLICY);
  });

  it.each([
    ['both variables', { REPLICATION_POLICY: POLICY, [POLICY_FILE_VARIABLE]: 'p.json' }, { 'p.json': POLICY }, 'REPLICATION_POLICY'],
    ['the variable and a shipped policy.json', { REPLICATION_POLICY: POLICY }, { [SHIPPED_POLICY_FILE]: POLICY }, 'REPLICATION_POLICY'],
    ['another file and a shipped policy.json', { [POLICY_FILE_VARIABLE]: 'other.json' }, { [SHIPPED_POLICY_FILE]: POLICY, 'other.json': POLICY }, POLICY_FILE_VARIABLE],
  ])('refuses two sources at once: %s', (_name, env, files, field) => {
    const error = refusal(() => policyText(env, dir(files)));
    expect(error.code).toBe('InvalidConfiguration');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/exactly one place/);
  });

  it('refuses a named file that cannot be read, naming the variable and the path', () => {
    const code = dir();
    const error = refusal(() => policyText({ [POLICY_FILE_VARIABLE]: 'missing.json' }, code));
    expect(error.code).toBe('InvalidConfiguration');
    expect(error.field).toBe(POLICY_FILE_VARIABLE);
    expect(error.message).toContain(join(code, 'missing.json'));
    expect(error.message).toContain('ENOENT');
  });

  it.each([
    ['not JSON', '{"rules":[', /valid JSON/],
    ['empty', '', /must be set to the policy as JSON/],
    ['too large', `{"rules":[]}${' '.repeat(MAX_POLICY_BYTES)}`, /at most/],
  ])('refuses a shipped policy.json that is %s, naming the file', (_name, text, rule) => {
    const error = refusal(() => {
      const source = policySource({}, dir({ [SHIPPED_POLICY_FILE]: text }));
      return loadPolicy(source.text, source.field);
    });
    expect(error.code).toBe('InvalidPolicy');
    expect(error.field).toBe(SHIPPED_POLICY_FILE);
    expect(error.message).toMatch(rule);
  });

  it('says every way to give a policy when there is none', () => {
    const error = refusal(() => policyText({}, dir()));
    expect(error.code).toBe('InvalidPolicy');
    expect(error.field).toBe('REPLICATION_POLICY');
    expect(error.message).toContain(SHIPPED_POLICY_FILE);
    expect(error.message).toContain(POLICY_FILE_VARIABLE);
  });
});

describe('the packaged bundle (npm run package layout)', () => {
  type Handler = (event: unknown, context?: unknown) => Promise<Record<string, unknown>>;
  let cloud: LocalCloud;
  let shipped: Handler;
  let bare: string;

  /** A large policy: the same rules, padded past FC's 4 KB limit for all environment variables. */
  const bigPolicy = `${JSON.stringify(EVERY_PATH_POLICY, null, 2)}${' '.repeat(6 * 1024)}`;

  beforeAll(async () => {
    ensureBuilt();
    const policyFile = join(dir({ 'policy.json': bigPolicy }), 'policy.json');
    const withPolicy = dir();
    packageFunctions({ distDir: resolve(root, 'dist'), outDir: withPolicy, functionsDir: resolve(root, 'functions'), policyFile });
    shipped = (require(join(withPolicy, 'ecs-replicator', 'index.js')) as { handler: Handler }).handler;
    bare = dir();
    packageFunctions({ distDir: resolve(root, 'dist'), outDir: bare, functionsDir: resolve(root, 'functions') });
    cloud = await startLocalCloud({ seed: everyPathSeed() });
    useLocalCloud(cloud, EVERY_PATH_POLICY);
  });
  afterAll(async () => {
    delete process.env[POLICY_FILE_VARIABLE];
    await cloud.close();
  });

  const sweep = () => buffer({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload: '' });
  const copiesInShanghai = () => cloud.state().ecs.snapshots.filter((s) => s.regionId === 'cn-shanghai').length;

  it('replicates with the policy.json shipped beside it, larger than FC allows in variables', async () => {
    cloud.reset(everyPathSeed());
    delete process.env.REPLICATION_POLICY;
    expect(Buffer.byteLength(bigPolicy)).toBeGreaterThan(4096);
    const { value } = await captureLogs(() => shipped(sweep(), fcContext()));
    expect(value.ok).toBe(true);
    expect(copiesInShanghai()).toBe(1);
  });

  it('refuses to run when REPLICATION_POLICY is also set, before any API call', async () => {
    cloud.reset(everyPathSeed());
    process.env.REPLICATION_POLICY = JSON.stringify(EVERY_PATH_POLICY);
    const { value } = await captureLogs(() => shipped(sweep(), fcContext()));
    expect(value.ok).toBe(false);
    expect(value.error).toMatchObject({ code: 'InvalidConfiguration', field: 'REPLICATION_POLICY' });
    expect(cloud.calls()).toEqual([]);
    expect(copiesInShanghai()).toBe(0);
  });

  it('reads REPLICATION_POLICY_FILE relative to the bundle when no policy.json ships', async () => {
    cloud.reset(everyPathSeed());
    delete process.env.REPLICATION_POLICY;
    writeFileSync(join(bare, 'ecs-replicator', 'rules.json'), bigPolicy);
    process.env[POLICY_FILE_VARIABLE] = 'rules.json';
    const handler = (require(join(bare, 'ecs-replicator', 'index.js')) as { handler: Handler }).handler;
    const { value } = await captureLogs(() => handler(sweep(), fcContext()));
    delete process.env[POLICY_FILE_VARIABLE];
    expect(value.ok).toBe(true);
    expect(copiesInShanghai()).toBe(1);
  });
});
