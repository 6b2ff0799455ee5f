/** Malformed inputs for ens-replicator (FC 3.0: the payload arrives as a Buffer; edge node ids as regions). */
import { jsonBytes, textBytes, type CorpusCase } from '../corpus-case';

const COPY = {
  action: 'copy',
  cloud: 'aliyun-ens',
  snapshotId: 'sp-edge00000001',
  sourceRegion: 'cn-hangzhou-26',
  destinations: [{ region: 'cn-chengdu-26', retentionDays: 14 }],
};

function copy(over: Record<string, unknown>): Buffer {
  return jsonBytes({ ...COPY, ...over });
}

function destination(over: Record<string, unknown>): Buffer {
  return copy({ destinations: [{ region: 'cn-chengdu-26', ...over }] });
}

function timer(payload: unknown): Buffer {
  return jsonBytes({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload });
}

export const ENS_CASES: CorpusCase[] = [
  { name: 'truncated JSON', event: textBytes('{"triggerTime":"2026-11-22T10:30:00Z","triggerName":"sw'), code: 'InvalidInput', field: 'event' },
  { name: 'invalid UTF-8 (a lone continuation byte)', event: Buffer.from([0x7b, 0x22, 0x61, 0x80, 0x22, 0x7d]), code: 'InvalidInput', field: 'event' },
  { name: 'a UTF-16 payload', event: Buffer.from('\ufeff{"action":"sweep"}', 'utf16le'), code: 'InvalidInput', field: 'event' },
  { name: 'a JSON string', event: textBytes('"sweep"'), code: 'InvalidInput', field: 'event' },
  { name: 'an ECS event sent to the ENS function', event: jsonBytes({ source: 'acs.ecs', type: 'ecs:Snapshot:CreateSnapshotCompleted', aliyunregionid: 'cn-hangzhou', data: { snapshotId: 's-1' } }), code: 'InvalidInput', field: 'cloud' },
  { name: 'an ECS copy sent to the ENS function', event: jsonBytes({ action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-1', sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-shanghai' }] }), code: 'InvalidInput', field: 'cloud' },
  { name: 'a CBS snapshot id', event: copy({ snapshotId: 'snap-bp1prodweb001' }), code: 'InvalidInput', field: 'snapshotId' },
  { name: 'a snapshot id with punctuation', event: copy({ snapshotId: 'sp-edge;drop' }), code: 'InvalidInput', field: 'snapshotId' },
  { name: 'an edge node id in upper case', event: copy({ sourceRegion: 'CN-HANGZHOU-26' }), code: 'InvalidInput', field: 'sourceRegion' },
  { name: 'a 65-character edge node id', event: destination({ region: `cn-${'a'.repeat(62)}` }), code: 'InvalidInput', field: 'destinations[0].region' },
  { name: 'a copy to its own node', event: destination({ region: 'cn-hangzhou-26' }), code: 'InvalidInput', field: 'destinations[0].region' },
  { name: 'a node named twice', event: copy({ destinations: [{ region: 'cn-chengdu-26' }, { region: 'cn-shenzhen-3' }, { region: 'cn-chengdu-26' }] }), code: 'InvalidInput', field: 'destinations[2].region' },
  { name: 'tags on an ENS copy', event: destination({ tags: { a: 'b' } }), code: 'InvalidInput', field: 'destinations[0].tags' },
  { name: 'encryption on an ENS copy', event: destination({ encrypted: true }), code: 'InvalidInput', field: 'destinations[0].encrypted' },
  { name: 'a KMS key on an ENS copy', event: destination({ kmsKeyId: 'key-1' }), code: 'InvalidInput', field: 'destinations[0].kmsKeyId' },
  { name: 'negative retention', event: destination({ retentionDays: -1 }), code: 'InvalidInput', field: 'destinations[0].retentionDays' },
  { name: 'a name without the lineage placeholders', event: copy({ copyName: 'edge-copy' }), code: 'InvalidInput', field: 'copyName' },
  { name: 'a name without {rule}', event: copy({ copyName: 'copy:{sourceId}:{sourceRegion}' }), code: 'InvalidInput', field: 'copyName' },
  { name: 'a name that starts with a digit', event: copy({ copyName: '1{rule}:{sourceId}:{sourceRegion}' }), code: 'InvalidInput', field: 'copyName' },
  { name: 'a name that can outgrow 128 characters', event: copy({ copyName: `{rule}:{sourceId}:{sourceRegion}:${'x'.repeat(100)}` }), code: 'InvalidInput', field: 'copyName' },
  { name: 'a name with an unbalanced brace', event: copy({ copyName: 'srep:{rule:{sourceId}:{sourceRegion}' }), code: 'InvalidInput', field: 'copyName' },
  { name: 'a description with an unknown placeholder', event: copy({ copyDescription: 'copy of {source}' }), code: 'InvalidInput', field: 'copyDescription' },
  { name: 'a rule name of 41 characters', event: copy({ rule: `r${'x'.repeat(40)}` }), code: 'InvalidInput', field: 'rule' },
  { name: 'a sweep with a misspelt option', event: jsonBytes({ action: 'sweep', dryrun: true }), code: 'InvalidInput', field: 'dryrun' },
  { name: 'a sweep with rules as text', event: jsonBytes({ action: 'sweep', rules: 'edge' }), code: 'InvalidInput', field: 'rules' },
  { name: 'a sweep naming 101 rules', event: jsonBytes({ action: 'sweep', rules: Array.from({ length: 101 }, (_, i) => `r${i}`) }), code: 'InvalidInput', field: 'rules' },
  { name: '__proto__ in a timer payload', event: timer('{"__proto__":{"polluted":true}}'), code: 'InvalidInput', field: 'payload.__proto__' },
  { name: 'constructor at the top of a sweep', event: textBytes('{"action":"sweep","constructor":{"prototype":{"polluted":true}}}'), code: 'InvalidInput', field: 'constructor' },
  { name: 'prototype three levels down', event: textBytes('{"action":"copy","cloud":"aliyun-ens","x":{"y":{"prototype":{"polluted":true}}}}'), code: 'InvalidInput', field: 'x.y.prototype' },
  { name: 'a timer payload of dryRun as a number', event: timer('{"dryRun":1}'), code: 'InvalidInput', field: 'payload.dryRun' },
];
