/**
 * Malformed REPLICATION_POLICY values. Every function loads the whole policy (then keeps its own
 * cloud's rules), so each case is answered InvalidPolicy by all three.
 */
import type { CorpusCase } from '../corpus-case';
import { CBS_RULE, ECS_RULE, ENS_RULE } from '../fixture';

type PolicyCase = Omit<CorpusCase, 'event' | 'code'>;

function withRule(rule: Record<string, unknown>): string {
  return JSON.stringify({ rules: [rule] });
}

function ecs(over: Record<string, unknown>): string {
  return withRule({ ...ECS_RULE, ...over });
}

function ecsDestination(over: Record<string, unknown>): string {
  return ecs({ destinations: [{ region: 'cn-shanghai', retentionDays: 30, ...over }] });
}

export const POLICY_CASES: PolicyCase[] = [
  { name: 'an empty policy', policy: '', field: 'REPLICATION_POLICY' },
  { name: 'truncated JSON', policy: '{"rules":[{"name":"prod-dr","cloud":"aliyun-', field: 'REPLICATION_POLICY' },
  { name: 'binary garbage', policy: '\u0001\ufffd\ufffe\u0007\u00ff{', field: 'REPLICATION_POLICY' },
  { name: 'a policy over 256 KB', policy: JSON.stringify({ rules: [ECS_RULE], pad: 'x'.repeat(300_000) }), field: 'REPLICATION_POLICY' },
  { name: 'a list instead of an object', policy: '[]', field: 'input' },
  { name: 'no rules', policy: '{"rules":[]}', field: 'rules' },
  { name: '101 rules', policy: JSON.stringify({ rules: Array.from({ length: 101 }, (_, i) => ({ ...ECS_RULE, name: `r${i}` })) }), field: 'rules' },
  { name: 'an unknown top-level field', policy: JSON.stringify({ version: 2, rules: [ECS_RULE] }), field: 'version' },
  { name: 'an unknown cloud', policy: ecs({ cloud: 'azure-disk' }), field: 'rules[0].cloud' },
  { name: 'a rule name with a space', policy: ecs({ name: 'prod dr' }), field: 'rules[0].name' },
  { name: 'two rules of one name', policy: JSON.stringify({ rules: [ECS_RULE, { ...ENS_RULE, name: ECS_RULE.name }] }), field: 'rules[1].name' },
  { name: 'source regions as text', policy: ecs({ sourceRegions: 'cn-hangzhou' }), field: 'rules[0].sourceRegions' },
  { name: '101 source regions', policy: ecs({ sourceRegions: Array.from({ length: 101 }, (_, i) => `cn-r${i}`) }), field: 'rules[0].sourceRegions' },
  { name: 'a destination in a source region', policy: ecsDestination({ region: 'cn-hangzhou' }), field: 'rules[0].destinations[0].region' },
  { name: 'a duplicate destination', policy: ecs({ destinations: [{ region: 'cn-shanghai' }, { region: 'cn-shanghai' }] }), field: 'rules[0].destinations[1].region' },
  { name: 'retention over 65536 days', policy: ecsDestination({ retentionDays: 65537 }), field: 'rules[0].destinations[0].retentionDays' },
  { name: 'a KMS key without encryption', policy: ecsDestination({ encrypted: false, kmsKeyId: 'key-1' }), field: 'rules[0].destinations[0].kmsKeyId' },
  { name: 'tags on an ENS destination', policy: withRule({ ...ENS_RULE, destinations: [{ region: 'cn-chengdu-26', tags: { a: 'b' } }] }), field: 'rules[0].destinations[0].tags' },
  { name: 'a tag key starting with acs:', policy: ecsDestination({ tags: { 'acs:owner': 'me' } }), field: 'rules[0].destinations[0].tags' },
  { name: 'a copied snapshot type as a source', policy: ecs({ match: { snapshotTypes: ['copied'] } }), field: 'rules[0].match.snapshotTypes[0]' },
  { name: 'a negative maximum age', policy: ecs({ match: { maxAgeHours: -1 } }), field: 'rules[0].match.maxAgeHours' },
  { name: 'a CBS rule matching an Alibaba disk', policy: withRule({ ...CBS_RULE, match: { diskIds: ['d-1'] } }), field: 'rules[0].match.diskIds[0]' },
  { name: 'scheduled snapshots on ECS', policy: ecs({ createSnapshots: { diskIds: ['d-1'], intervalHours: 6 } }), field: 'rules[0].createSnapshots' },
  { name: 'scheduled snapshots of a malformed disk', policy: withRule({ ...ENS_RULE, createSnapshots: { diskIds: ['disk 1'], intervalHours: 6 } }), field: 'rules[0].createSnapshots.diskIds[0]' },
  { name: 'a CBS name without the lineage', policy: withRule({ ...CBS_RULE, copyName: 'copy of {sourceName}' }), field: 'rules[0].copyName' },
  { name: 'a CBS description', policy: withRule({ ...CBS_RULE, copyDescription: 'nightly' }), field: 'rules[0].copyDescription' },
  { name: 'an ECS description that can expand to nothing', policy: ecs({ copyDescription: '{sourceName}' }), field: 'rules[0].copyDescription' },
  { name: '__proto__ in match', policy: '{"rules":[{"name":"prod-dr","cloud":"aliyun-ecs","sourceRegions":["cn-hangzhou"],"match":{"__proto__":{"polluted":true}},"destinations":[{"region":"cn-shanghai"}]}]}', field: 'rules[0].match.__proto__' },
  { name: 'constructor at the top', policy: '{"constructor":{"prototype":{"polluted":true}},"rules":[]}', field: 'constructor' },
  { name: 'prototype in a destination', policy: '{"rules":[{"name":"prod-dr","cloud":"aliyun-ecs","sourceRegions":["cn-hangzhou"],"destinations":[{"region":"cn-shanghai","prototype":{"polluted":true}}]}]}', field: 'rules[0].destinations[0].prototype' },
];
