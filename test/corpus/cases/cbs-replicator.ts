/** Malformed inputs for cbs-replicator (SCF: the event arrives as an object; text and Buffers are read too). */
import { textBytes, type CorpusCase } from '../corpus-case';

const COPY = {
  action: 'copy',
  cloud: 'tencent-cbs',
  snapshotId: 'snap-gzdb0001',
  sourceRegion: 'ap-guangzhou',
  destinations: [{ region: 'ap-beijing', retentionDays: 14 }],
};

function copy(over: Record<string, unknown>): Record<string, unknown> {
  return { ...COPY, ...over };
}

function destination(over: Record<string, unknown>): Record<string, unknown> {
  return copy({ destinations: [{ region: 'ap-beijing', ...over }] });
}

function audit(over: Record<string, unknown> = {}, data: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: 'evt-1',
    source: 'cbs.cloud.tencent',
    type: 'cbs:CloudEvent:ApiCall',
    time: 1_795_000_000_000,
    region: 'ap-guangzhou',
    data: {
      eventName: 'CreateSnapshot',
      requestParameters: { DiskId: 'disk-gzdb01', SnapshotName: 'orders' },
      responseElements: { SnapshotId: 'snap-gzdb0002' },
      ...data,
    },
    ...over,
  };
}

function timer(Message: unknown): Record<string, unknown> {
  return { Type: 'Timer', TriggerName: 'sweep', Time: '2026-11-22T10:30:00Z', Message };
}

function cyclic(): Record<string, unknown> {
  const event: Record<string, unknown> = { action: 'sweep' };
  event.self = event;
  return event;
}

export const CBS_CASES: CorpusCase[] = [
  { name: 'truncated JSON text', event: '{"Type":"Timer","Message":"', code: 'InvalidInput', field: 'event' },
  { name: 'binary garbage in a Buffer', event: Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28]), code: 'InvalidInput', field: 'event' },
  { name: 'a batch holding a manual payload', event: [{ action: 'sweep' }], code: 'InvalidInput', field: 'source' },
  { name: 'undefined', event: undefined, code: 'InvalidInput', field: 'event' },
  { name: 'a cyclic object', event: cyclic(), code: 'InvalidInput', field: 'event' },
  { name: 'an object holding a BigInt', event: { action: 'sweep', n: BigInt(1) }, code: 'InvalidInput', field: 'event' },
  { name: 'an object over 32 MB', event: { action: 'sweep', pad: 'x'.repeat(33 * 1024 * 1024) }, code: 'InvalidInput', field: 'event' },
  // Timers.
  { name: 'a timer Message that is JSON options of the wrong kind', event: timer('{"dryRun":"yes"}'), code: 'InvalidInput', field: 'Message.dryRun' },
  { name: 'a timer Message asking for a copy', event: timer('{"action":"copy"}'), code: 'InvalidInput', field: 'Message.action' },
  { name: 'a timer Message with an unknown option', event: timer('{"since":"yesterday"}'), code: 'InvalidInput', field: 'Message.since' },
  // CloudAudit events.
  { name: 'an event from another service', event: audit({ source: 'cvm.cloud.tencent' }), code: 'InvalidInput', field: 'source' },
  { name: 'an event of another type', event: audit({ type: 'cbs:CloudEvent:Alarm' }), code: 'InvalidInput', field: 'type' },
  { name: 'an event without data', event: audit({ data: undefined }), code: 'InvalidInput', field: 'data' },
  { name: 'an event region in the wrong form', event: audit({ region: 'Guangzhou' }), code: 'InvalidInput', field: 'region' },
  { name: 'an event without a region anywhere', event: audit({ region: undefined }), code: 'InvalidInput', field: 'region' },
  { name: 'a CreateSnapshot answering another cloud\'s id', event: audit({}, { responseElements: { SnapshotId: 's-1' } }), code: 'InvalidInput', field: 'data.responseElements.SnapshotId' },
  { name: 'a new id over 24 characters', event: audit({}, { responseElements: { Response: { SnapshotId: `snap-${'a'.repeat(20)}` } } }), code: 'InvalidInput', field: 'data.responseElements.Response.SnapshotId' },
  { name: 'a response as truncated JSON text', event: audit({}, { responseElements: '{"SnapshotId":' }), code: 'InvalidInput', field: 'data.responseElements' },
  { name: 'an Alibaba disk id', event: audit({}, { requestParameters: { DiskId: 'd-bp1web01' } }), code: 'InvalidInput', field: 'data.requestParameters.DiskId' },
  { name: 'an event name of the wrong type', event: audit({}, { eventName: ['CreateSnapshot'] }), code: 'InvalidInput', field: 'data.eventName' },
  // Manual copies.
  { name: 'a snapshot id over 24 characters', event: copy({ snapshotId: `snap-${'a'.repeat(20)}` }), code: 'InvalidInput', field: 'snapshotId' },
  { name: 'a missing snapshot id', event: copy({ snapshotId: undefined }), code: 'InvalidInput', field: 'snapshotId' },
  { name: 'a null source region', event: copy({ sourceRegion: null }), code: 'InvalidInput', field: 'sourceRegion' },
  { name: 'a description (CBS takes none)', event: copy({ copyDescription: 'copy of {sourceId}' }), code: 'InvalidInput', field: 'copyDescription' },
  { name: 'a name without the lineage', event: copy({ copyName: 'nightly copy' }), code: 'InvalidInput', field: 'copyName' },
  { name: 'a name over 60 bytes', event: copy({ copyName: `{sourceId} {sourceRegion} ${'快'.repeat(20)}` }), code: 'InvalidInput', field: 'copyName' },
  { name: 'a KMS key on a CBS copy', event: destination({ kmsKeyId: 'key-1' }), code: 'InvalidInput', field: 'destinations[0].kmsKeyId' },
  { name: 'retention over 65536 days', event: destination({ retentionDays: 100_000 }), code: 'InvalidInput', field: 'destinations[0].retentionDays' },
  { name: 'a copy within the source region', event: destination({ region: 'ap-guangzhou' }), code: 'InvalidInput', field: 'destinations[0].region' },
  { name: 'a destination region as a number', event: destination({ region: 1 }), code: 'InvalidInput', field: 'destinations[0].region' },
  { name: 'a destination as a string', event: copy({ destinations: ['ap-beijing'] }), code: 'InvalidInput', field: 'destinations[0]' },
  // Prototype-pollution keys as the platform would hand them: own keys of a parsed object.
  { name: '__proto__ at the top', event: JSON.parse('{"action":"sweep","__proto__":{"polluted":true}}') as unknown, code: 'InvalidInput', field: '__proto__' },
  { name: '__proto__ in CloudAudit request parameters', event: JSON.parse('{"source":"cbs.cloud.tencent","type":"cbs:CloudEvent:ApiCall","region":"ap-guangzhou","data":{"eventName":"CreateSnapshot","requestParameters":{"__proto__":{"polluted":true}}}}') as unknown, code: 'InvalidInput', field: 'data.requestParameters.__proto__' },
  { name: 'constructor in a timer Message', event: timer('{"rules":["tencent-dr"],"constructor":{"prototype":{"polluted":true}}}'), code: 'InvalidInput', field: 'Message.constructor' },
  { name: 'prototype inside a destination', event: JSON.parse('{"action":"copy","cloud":"tencent-cbs","destinations":[{"region":"ap-beijing","prototype":{"polluted":true}}]}') as unknown, code: 'InvalidInput', field: 'destinations[0].prototype' },
  { name: '__proto__ in a JSON text event', event: '{"action":"sweep","rules":[{"__proto__":{"polluted":true}}]}', code: 'InvalidInput', field: 'rules[0].__proto__' },
  { name: '__proto__ in a Buffer event', event: textBytes('{"Type":"Timer","__proto__":{"polluted":true}}'), code: 'InvalidInput', field: '__proto__' },
];
