/**
 * Every malformed input of the corpus, through the built bundles against a local cloud: each is
 * answered ok: false with its code and field, never thrown, with no API call, and no prototype touched.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { captureLogs, fcContext, loadBundle, scfContext, useLocalCloud } from '../functions/harness';
import { CBS_CASES } from './cases/cbs-replicator';
import { ECS_CASES } from './cases/ecs-replicator';
import { ENS_CASES } from './cases/ens-replicator';
import { POLICY_CASES } from './cases/policies';
import type { CorpusCase } from './corpus-case';
import { corpusSeed, POLICY } from './fixture';

type Handler = (event: unknown, context?: unknown) => Promise<Record<string, unknown>>;

interface Target {
  name: 'ecs-replicator' | 'ens-replicator' | 'cbs-replicator';
  handler: Handler;
  context: () => Record<string, unknown>;
  cases: CorpusCase[];
  /** A valid event, so the policy is what gets checked. */
  sweep: unknown;
}

const TARGETS: Target[] = [
  { name: 'ecs-replicator', handler: loadBundle('ecs-replicator'), context: () => fcContext(), cases: ECS_CASES, sweep: Buffer.from('{"action":"sweep"}') },
  { name: 'ens-replicator', handler: loadBundle('ens-replicator'), context: () => fcContext(), cases: ENS_CASES, sweep: Buffer.from('{"action":"sweep"}') },
  { name: 'cbs-replicator', handler: loadBundle('cbs-replicator'), context: () => scfContext(), cases: CBS_CASES, sweep: { action: 'sweep' } },
];

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

const cloud = localCloudPerFile(corpusSeed, (c) => useLocalCloud(c, POLICY));

async function answerOf(target: Target, c: CorpusCase): Promise<Record<string, unknown>> {
  if (c.policy !== undefined) process.env.REPLICATION_POLICY = c.policy;
  let thrown: unknown;
  const { value } = await captureLogs(() =>
    target.handler(c.event, target.context()).catch((error: unknown) => {
      thrown = error;
      return {};
    }),
  );
  expect(thrown, 'the handler threw').toBeUndefined();
  return value;
}

function expectRefused(answer: Record<string, unknown>, c: CorpusCase): void {
  expect(answer.ok).toBe(false);
  expect(answer.results).toEqual([]);
  const error = answer.error as { code?: unknown; field?: unknown; message?: unknown };
  expect(error.code).toBe(c.code);
  expect(typeof error.message).toBe('string');
  expect(String(error.field).startsWith(c.field), `field ${String(error.field)}`).toBe(true);
  expect(cloud.calls()).toEqual([]);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe.each(TARGETS)('$name', (target) => {
  it.each(target.cases.map((c) => [c.name, c] as const))('refuses %s', async (_name, c) => {
    expectRefused(await answerOf(target, c), c);
  });

  it.each(POLICY_CASES.map((p) => [p.name, p] as const))('refuses a policy with %s', async (_name, p) => {
    const c: CorpusCase = { ...p, event: target.sweep, code: 'InvalidPolicy' };
    expectRefused(await answerOf(target, c), c);
  });
});

describe('the corpus', () => {
  it('holds at least 60 distinct malformed inputs, every name unique within its table', () => {
    const tables = [ECS_CASES, ENS_CASES, CBS_CASES, POLICY_CASES];
    for (const table of tables) expect(new Set(table.map((c) => c.name)).size).toBe(table.length);
    expect(tables.reduce((n, t) => n + t.length, 0)).toBeGreaterThanOrEqual(60);
  });

  it('is counted as it is in the README\'s Guarantees', () => {
    const total = [ECS_CASES, ENS_CASES, CBS_CASES, POLICY_CASES].reduce((n, t) => n + t.length, 0);
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const claimed = /`test\/corpus\/corpus\.test\.ts` \((\d+) malformed events, payloads and policies\b/.exec(readme)?.[1];
    expect(claimed, 'the README names the corpus with its size').toBeDefined();
    expect(Number(claimed)).toBe(total);
  });

  it('still answers a valid sweep on every function, so a refusal above is the input\'s doing', async () => {
    for (const target of TARGETS) {
      const { value } = await captureLogs(() => target.handler(target.sweep, target.context()));
      expect(value.ok, target.name).toBe(true);
    }
  });
});
