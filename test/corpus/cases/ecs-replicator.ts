/** Malformed inputs for ecs-replicator (FC 3.0: the payload arrives as a Buffer). */
import { jsonBytes, textBytes, type CorpusCase } from '../corpus-case';

const COPY = {
  action: 'copy',
  cloud: 'aliyun-ecs',
  snapshotId: 's-bp1prodweb001',
  sourceRegion: 'cn-hangzhou',
  destinations: [{ region: 'cn-shanghai', retentionDays: 7 }],
};

function copy(over: Record<string, unknown>): Buffer {
  return jsonBytes({ ...COPY, ...over });
}

function destination(over: Record<string, unknown>): Buffer {
  return copy({ destinations: [{ region: 'cn-shanghai', retentionDays: 7, ...over }] });
}

function cloudEvent(over: Record<string, unknown> = {}, data: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'evt-1',
    source: 'acs.ecs',
    specversion: '1.0',
    type: 'ecs:Snapshot:CreateSnapshotCompleted',
    aliyunregionid: 'cn-hangzhou',
    time: '2026-11-22T10:00:00Z',
    data: { result: 'accomplished', snapshotId: 's-bp1prodweb001', snapshotName: 'prod-web', snapshotType: 'user', diskId: 'd-bp1web01', ...data },
    ...over,
  };
}

function timer(payload: unknown): Buffer {
  return jsonBytes({ triggerTime: '2026-11-22T10:30:00Z', triggerName: 'sweep', payload });
}

export const ECS_CASES: CorpusCase[] = [
  // Framing: not JSON, not text, not an object.
  { name: 'truncated JSON', event: textBytes('{"action": "copy", "cloud": "aliyun-ecs", "snapsh'), code: 'InvalidInput', field: 'event' },
  { name: 'binary garbage', event: Buffer.from([0xff, 0xfe, 0x00, 0x9c, 0x80, 0x01]), code: 'InvalidInput', field: 'event' },
  { name: 'an empty payload', event: Buffer.alloc(0), code: 'InvalidInput', field: 'event' },
  { name: 'whitespace only', event: textBytes(' \n\t '), code: 'InvalidInput', field: 'event' },
  { name: 'a bare number', event: textBytes('42'), code: 'InvalidInput', field: 'event' },
  { name: 'null', event: textBytes('null'), code: 'InvalidInput', field: 'event' },
  { name: 'a payload over 32 MB', event: jsonBytes({ action: 'sweep', pad: 'x'.repeat(33 * 1024 * 1024) }), code: 'InvalidInput', field: 'event' },
  { name: 'an empty batch', event: textBytes('[]'), code: 'InvalidInput', field: 'event' },
  { name: 'a batch holding a manual payload', event: jsonBytes([{ action: 'sweep' }]), code: 'InvalidInput', field: '[0].source' },
  { name: 'an object of no known kind', event: jsonBytes({ hello: 'world' }), code: 'InvalidInput', field: 'event' },
  // Manual copies: every rule of the copy call.
  { name: 'an unknown action', event: jsonBytes({ action: 'explode' }), code: 'InvalidInput', field: 'action' },
  { name: 'an unknown cloud', event: copy({ cloud: 'aws-ebs' }), code: 'InvalidInput', field: 'cloud' },
  { name: 'another function\'s cloud', event: jsonBytes({ action: 'copy', cloud: 'tencent-cbs', snapshotId: 'snap-gzdb0001', sourceRegion: 'ap-guangzhou', destinations: [{ region: 'ap-beijing' }] }), code: 'InvalidInput', field: 'cloud' },
  { name: 'a snapshot id of the wrong type', event: copy({ snapshotId: 7 }), code: 'InvalidInput', field: 'snapshotId' },
  { name: 'a snapshot id of another cloud', event: copy({ snapshotId: 'snap-gzdb0001' }), code: 'InvalidInput', field: 'snapshotId' },
  { name: 'a 65-character snapshot id', event: copy({ snapshotId: `s-${'a'.repeat(63)}` }), code: 'InvalidInput', field: 'snapshotId' },
  { name: 'a missing source region', event: copy({ sourceRegion: undefined }), code: 'InvalidInput', field: 'sourceRegion' },
  { name: 'a source region in the wrong form', event: copy({ sourceRegion: 'CN_Hangzhou' }), code: 'InvalidInput', field: 'sourceRegion' },
  { name: 'destinations as an object', event: copy({ destinations: { region: 'cn-shanghai' } }), code: 'InvalidInput', field: 'destinations' },
  { name: 'no destinations', event: copy({ destinations: [] }), code: 'InvalidInput', field: 'destinations' },
  { name: '101 destinations', event: copy({ destinations: Array.from({ length: 101 }, (_, i) => ({ region: `cn-r${i}` })) }), code: 'InvalidInput', field: 'destinations' },
  { name: 'a same-region destination', event: copy({ destinations: [{ region: 'cn-hangzhou' }] }), code: 'InvalidInput', field: 'destinations[0].region' },
  { name: 'a duplicate destination', event: copy({ destinations: [{ region: 'cn-shanghai' }, { region: 'cn-shanghai' }] }), code: 'InvalidInput', field: 'destinations[1].region' },
  { name: 'retention of 0 days', event: destination({ retentionDays: 0 }), code: 'InvalidInput', field: 'destinations[0].retentionDays' },
  { name: 'retention of 65537 days', event: destination({ retentionDays: 65537 }), code: 'InvalidInput', field: 'destinations[0].retentionDays' },
  { name: 'retention as text', event: destination({ retentionDays: '7' }), code: 'InvalidInput', field: 'destinations[0].retentionDays' },
  { name: 'fractional retention', event: destination({ retentionDays: 1.5 }), code: 'InvalidInput', field: 'destinations[0].retentionDays' },
  { name: 'a KMS key without encryption', event: destination({ kmsKeyId: 'key-1' }), code: 'InvalidInput', field: 'destinations[0].kmsKeyId' },
  { name: 'a 65-character KMS key', event: destination({ encrypted: true, kmsKeyId: 'k'.repeat(65) }), code: 'InvalidInput', field: 'destinations[0].kmsKeyId' },
  { name: 'encryption as text', event: destination({ encrypted: 'yes' }), code: 'InvalidInput', field: 'destinations[0].encrypted' },
  { name: '21 tags', event: destination({ tags: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) }), code: 'InvalidInput', field: 'destinations[0].tags' },
  { name: 'a reserved tag key', event: destination({ tags: { 'aliyun-owner': 'me' } }), code: 'InvalidInput', field: 'destinations[0].tags' },
  { name: 'a tag value holding a URL', event: destination({ tags: { site: 'see https://example.com' } }), code: 'InvalidInput', field: 'destinations[0].tags' },
  { name: 'a 129-character tag key', event: destination({ tags: { ['k'.repeat(129)]: 'v' } }), code: 'InvalidInput', field: 'destinations[0].tags' },
  { name: 'a name starting with http://', event: copy({ copyName: 'http://x' }), code: 'InvalidInput', field: 'copyName' },
  { name: 'a one-character name', event: copy({ copyName: 'a' }), code: 'InvalidInput', field: 'copyName' },
  { name: 'a name with an unknown placeholder', event: copy({ copyName: 'dr-{owner}' }), code: 'InvalidInput', field: 'copyName' },
  { name: 'a 129-character name', event: copy({ copyName: `n${'a'.repeat(128)}` }), code: 'InvalidInput', field: 'copyName' },
  { name: 'a description starting with https://', event: copy({ copyDescription: 'https://x.example' }), code: 'InvalidInput', field: 'copyDescription' },
  { name: 'a 257-character description', event: copy({ copyDescription: 'd'.repeat(257) }), code: 'InvalidInput', field: 'copyDescription' },
  { name: 'a rule name starting with a digit', event: copy({ rule: '1st' }), code: 'InvalidInput', field: 'rule' },
  { name: 'an unknown field', event: copy({ colour: 'blue' }), code: 'InvalidInput', field: 'colour' },
  // Prototype-pollution keys at several depths (JSON text: JSON.stringify cannot write __proto__).
  { name: '__proto__ at the top', event: textBytes('{"action":"copy","__proto__":{"polluted":true}}'), code: 'InvalidInput', field: '__proto__' },
  { name: '__proto__ in a destination', event: textBytes('{"action":"copy","cloud":"aliyun-ecs","snapshotId":"s-1","sourceRegion":"cn-hangzhou","destinations":[{"region":"cn-shanghai","__proto__":{"polluted":true}}]}'), code: 'InvalidInput', field: 'destinations[0].__proto__' },
  { name: 'constructor.prototype in tags', event: textBytes('{"action":"copy","cloud":"aliyun-ecs","snapshotId":"s-1","sourceRegion":"cn-hangzhou","destinations":[{"region":"cn-shanghai","tags":{"constructor":{"prototype":{"polluted":true}}}}]}'), code: 'InvalidInput', field: 'destinations[0].tags.constructor' },
  { name: '__proto__ in event data', event: textBytes('{"source":"acs.ecs","type":"ecs:Snapshot:CreateSnapshotCompleted","aliyunregionid":"cn-hangzhou","data":{"snapshotId":"s-1","__proto__":{"polluted":true}}}'), code: 'InvalidInput', field: 'data.__proto__' },
  { name: 'prototype inside event data given as JSON text', event: jsonBytes(cloudEvent({ data: '{"snapshotId":"s-1","x":{"prototype":{"polluted":true}}}' })), code: 'InvalidInput', field: 'data.x.prototype' },
  { name: 'nesting 40 levels deep', event: textBytes(`{"action":"sweep","x":${'['.repeat(40)}${']'.repeat(40)}}`), code: 'InvalidInput', field: 'x' },
  // EventBridge and CloudMonitor events.
  { name: 'an event from another product', event: jsonBytes(cloudEvent({ source: 'acs.oss' })), code: 'InvalidInput', field: 'source' },
  { name: 'an event of another type', event: jsonBytes(cloudEvent({ type: 'ecs:Snapshot:DeleteSnapshotCompleted' })), code: 'InvalidInput', field: 'type' },
  { name: 'an event without a snapshot id', event: jsonBytes(cloudEvent({}, { snapshotId: undefined })), code: 'InvalidInput', field: 'data.snapshotId' },
  { name: 'an event naming a disk as the snapshot', event: jsonBytes(cloudEvent({}, { snapshotId: 'd-bp1web01' })), code: 'InvalidInput', field: 'data.snapshotId' },
  { name: 'an event with a malformed region', event: jsonBytes(cloudEvent({ aliyunregionid: 'Hangzhou' })), code: 'InvalidInput', field: 'aliyunregionid' },
  { name: 'event data as truncated JSON text', event: jsonBytes(cloudEvent({ data: '{"snapshotId": "s-1"' })), code: 'InvalidInput', field: 'data' },
  { name: 'an event result of neither outcome', event: jsonBytes(cloudEvent({}, { result: 'maybe' })), code: 'InvalidInput', field: 'data.result' },
  { name: 'an event snapshot name over 1024 characters', event: jsonBytes(cloudEvent({}, { snapshotName: 'n'.repeat(1025) })), code: 'InvalidInput', field: 'data.snapshotName' },
  { name: 'a batch whose second event is broken', event: jsonBytes([cloudEvent(), cloudEvent({}, { snapshotId: 42 })]), code: 'InvalidInput', field: '[1].data.snapshotId' },
  { name: 'a CloudMonitor event of another product', event: jsonBytes({ product: 'RDS', name: 'Snapshot:CreateSnapshotCompleted', regionId: 'cn-hangzhou', content: {} }), code: 'InvalidInput', field: 'product' },
  // Timer payloads.
  { name: 'a timer payload holding JSON options of the wrong kind', event: timer('{"rules":"all"}'), code: 'InvalidInput', field: 'payload.rules' },
  { name: 'a timer asking for a copy', event: timer('{"action":"copy"}'), code: 'InvalidInput', field: 'payload.action' },
  { name: 'a timer payload that is a number', event: timer(5), code: 'InvalidInput', field: 'payload' },
  { name: 'a timer naming a malformed rule', event: timer('{"rules":["bad rule"]}'), code: 'InvalidInput', field: 'payload.rules[0]' },
  { name: 'a sweep naming a rule twice', event: jsonBytes({ action: 'sweep', rules: ['prod-dr', 'prod-dr'] }), code: 'InvalidInput', field: 'rules[1]' },
  { name: 'a sweep with dryRun as text', event: jsonBytes({ action: 'sweep', dryRun: 'yes' }), code: 'InvalidInput', field: 'dryRun' },
];
