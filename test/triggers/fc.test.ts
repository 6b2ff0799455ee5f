import { describe, expect, it } from 'vitest';
import { InputError } from '../../shared/contracts/errors';
import { parseFcEvent } from '../../shared/triggers/fc';

const data = {
  result: 'accomplished',
  snapshotId: 's-bp1abc',
  snapshotName: 'prod-a',
  snapshotType: 'user',
  diskId: 'd-bp1disk',
  startTime: '2024-06-01T00:00:00Z',
  endTime: '2024-06-01T00:05:00Z',
};

/** The CloudEvents envelope FC receives from EventBridge. */
const cloudEvent = (overrides: Record<string, unknown> = {}) => ({
  id: 'evt-1',
  source: 'acs.ecs',
  specversion: '1.0',
  type: 'ecs:Snapshot:CreateSnapshotCompleted',
  subject: 'acs:ecs:cn-hangzhou:123456:snapshot/s-bp1abc',
  time: '2024-06-01T00:05:01Z',
  datacontenttype: 'application/json;charset=utf-8',
  aliyunaccountid: '123456',
  aliyunpublishtime: '2024-06-01T00:05:01.123Z',
  aliyuneventbusname: 'default',
  aliyunregionid: 'cn-hangzhou',
  aliyunpublishaddr: '10.0.0.1',
  data,
  ...overrides,
});

/** The CloudMonitor layout of the same event. */
const cloudMonitor = (overrides: Record<string, unknown> = {}) => ({
  id: 'cm-1',
  product: 'ECS',
  resourceId: 'acs:ecs:cn-beijing:123456:snapshot/s-bp1abc',
  level: 'INFO',
  name: 'Snapshot:CreateSnapshotCompleted',
  userId: '123456',
  eventTime: '20240601T000501.123+0800',
  regionId: 'cn-beijing',
  content: data,
  ...overrides,
});

const buffer = (value: unknown) => Buffer.from(JSON.stringify(value));

const expectedEvent = {
  cloud: 'aliyun-ecs',
  snapshotId: 's-bp1abc',
  region: 'cn-hangzhou',
  diskId: 'd-bp1disk',
  name: 'prod-a',
  snapshotType: 'user',
  eventId: 'evt-1',
  time: '2024-06-01T00:05:01Z',
};

describe('parseFcEvent: EventBridge', () => {
  it('reads a CloudEvent from a Buffer', () => {
    expect(parseFcEvent(buffer(cloudEvent()))).toEqual({ kind: 'event', events: [expectedEvent] });
  });

  it('reads data given as a JSON string', () => {
    expect(parseFcEvent(buffer(cloudEvent({ data: JSON.stringify(data) })))).toEqual({ kind: 'event', events: [expectedEvent] });
  });

  it('accepts a string or an already parsed object too', () => {
    expect(parseFcEvent(JSON.stringify(cloudEvent()))).toEqual({ kind: 'event', events: [expectedEvent] });
    expect(parseFcEvent(cloudEvent())).toEqual({ kind: 'event', events: [expectedEvent] });
  });

  it('reads the CloudMonitor layout inside data', () => {
    const event = cloudEvent({ aliyunregionid: undefined, data: { ...cloudMonitor(), content: data } });
    expect(parseFcEvent(buffer(event))).toEqual({ kind: 'event', events: [{ ...expectedEvent, region: 'cn-beijing' }] });
  });

  it('takes the region from resourceId when nothing else names it', () => {
    const event = cloudEvent({ aliyunregionid: undefined, data: { resourceId: 'acs:ecs:cn-shenzhen:1:snapshot/s-bp1abc', content: data } });
    expect(parseFcEvent(buffer(event))).toMatchObject({ events: [{ region: 'cn-shenzhen' }] });
  });

  it('reads a batch of events', () => {
    const second = cloudEvent({ id: 'evt-2', aliyunregionid: 'cn-beijing', data: { ...data, snapshotId: 's-2' } });
    const trigger = parseFcEvent(buffer([cloudEvent(), second, cloudMonitor()]));
    expect(trigger.kind).toBe('event');
    expect(trigger.kind === 'event' && trigger.events.map((e) => [e.snapshotId, e.region])).toEqual([
      ['s-bp1abc', 'cn-hangzhou'],
      ['s-2', 'cn-beijing'],
      ['s-bp1abc', 'cn-beijing'],
    ]);
  });
});

describe('parseFcEvent: RawData push (the content alone)', () => {
  it('reads the snapshot and takes the function\'s own region', () => {
    expect(parseFcEvent(buffer(data), 'cn-hangzhou')).toMatchObject({ kind: 'event', events: [{ cloud: 'aliyun-ecs', snapshotId: data.snapshotId, region: 'cn-hangzhou', diskId: 'd-bp1disk' }] });
  });

  it('refuses it when the function\'s region is unknown, naming FC_REGION', () => {
    expect(() => parseFcEvent(buffer(data))).toThrow(expect.objectContaining({ field: 'FC_REGION' }));
  });
});

describe('parseFcEvent: CloudMonitor', () => {
  it('reads the top-level layout, with regionId and eventTime', () => {
    expect(parseFcEvent(buffer(cloudMonitor()))).toEqual({
      kind: 'event',
      events: [{ ...expectedEvent, region: 'cn-beijing', eventId: 'cm-1', time: '20240601T000501.123+0800' }],
    });
  });

  it('falls back to resourceId for the region and accepts content as JSON text', () => {
    expect(parseFcEvent(buffer(cloudMonitor({ regionId: undefined, content: JSON.stringify(data) })))).toMatchObject({
      events: [{ region: 'cn-beijing', snapshotId: 's-bp1abc' }],
    });
  });
});

describe('parseFcEvent: loop guard', () => {
  it('keeps a copied snapshot but marks it as never a source', () => {
    const trigger = parseFcEvent(buffer(cloudEvent({ data: { ...data, snapshotType: 'copied' } })));
    expect(trigger).toMatchObject({ kind: 'event', events: [{ snapshotId: 's-bp1abc', snapshotType: 'copied', skip: 'is a copy (never a source)' }] });
  });

  it('keeps a failed snapshot with its reason', () => {
    const trigger = parseFcEvent(buffer(cloudMonitor({ content: { ...data, result: 'failed' } })));
    expect(trigger).toMatchObject({ kind: 'event', events: [{ skip: 'snapshot failed' }] });
  });

  it('leaves skip unset for a snapshot to copy', () => {
    const trigger = parseFcEvent(buffer(cloudEvent()));
    expect(trigger.kind === 'event' && trigger.events[0]?.skip).toBeUndefined();
  });
});

describe('parseFcEvent: timer', () => {
  const timer = (payload: unknown) => ({ triggerTime: '2019-03-29T06:41:57Z', triggerName: 'sweep', payload });

  it('treats an empty payload as a full sweep', () => {
    expect(parseFcEvent(buffer(timer('')))).toEqual({ kind: 'timer', request: { action: 'sweep' } });
    expect(parseFcEvent(buffer({ triggerTime: '2019-03-29T06:41:57Z', triggerName: 'sweep' }))).toEqual({ kind: 'timer', request: { action: 'sweep' } });
  });

  it('reads sweep options from a JSON payload', () => {
    expect(parseFcEvent(buffer(timer('{"action":"sweep","rules":["prod-dr"],"dryRun":true}')))).toEqual({
      kind: 'timer',
      request: { action: 'sweep', rules: ['prod-dr'], dryRun: true },
    });
    expect(parseFcEvent(buffer(timer('{"dryRun":true}')))).toEqual({ kind: 'timer', request: { action: 'sweep', dryRun: true } });
  });

  it('runs a plain sweep for free text (the console\'s own example is "awesome-fc"), saying the text was ignored', () => {
    for (const text of ['awesome-fc', 'not json', '[1]', '"sweep"', '{rules']) {
      const trigger = parseFcEvent(buffer(timer(text)));
      expect(trigger).toMatchObject({ kind: 'timer', request: { action: 'sweep' } });
      expect(trigger.kind === 'timer' ? trigger.request : undefined).toEqual({ action: 'sweep' });
      expect(trigger.kind === 'timer' ? trigger.ignoredText : undefined).toContain('payload');
    }
  });

  it.each([
    [timer('{"action":"copy"}'), 'payload.action', 'must be "sweep" (a timer only sweeps)'],
    [timer('{"rules":["1bad"]}'), 'payload.rules[0]', 'must start with a letter and be at most 40 letters, digits, "_" or "-"'],
    [timer('{"dryRun":"yes"}'), 'payload.dryRun', 'must be true or false'],
    [timer('{"ruls":[]}'), 'payload.ruls', 'is not a known field'],
    [timer(42), 'payload', 'must be a string (empty, or JSON sweep options)'],
  ])('refuses %j on %s', (event, field, rule) => {
    expect(() => parseFcEvent(buffer(event))).toThrow(expect.objectContaining({ code: 'InvalidInput', field, problems: [expect.objectContaining({ field, rule })] }));
  });
});

describe('parseFcEvent: manual', () => {
  it('reads a copy request', () => {
    const request = { action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-1', sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-shanghai', retentionDays: 7 }] };
    expect(parseFcEvent(buffer(request))).toEqual({ kind: 'manual', request });
  });

  it('reads a sweep request', () => {
    expect(parseFcEvent(buffer({ action: 'sweep' }))).toEqual({ kind: 'manual', request: { action: 'sweep' } });
  });
});

describe('parseFcEvent: bad input is an InputError naming the field', () => {
  it('takes a batch of any size the platform delivers (here 1000 events)', () => {
    const trigger = parseFcEvent(buffer(Array.from({ length: 1000 }, () => cloudEvent())));
    expect(trigger.kind === 'event' ? trigger.events : []).toHaveLength(1000);
  });

  it.each<[string, unknown, string]>([
    ['non-JSON text', Buffer.from('hello'), 'event'],
    ['an empty Buffer', Buffer.alloc(0), 'event'],
    ['a blank string', '   ', 'event'],
    ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x81, 0xc3]), 'event'],
    ['a payload over 32 MB', Buffer.from(JSON.stringify({ action: 'sweep', pad: 'x'.repeat(33 * 1024 * 1024) })), 'event'],
    ['null', null, 'event'],
    ['a JSON number', buffer(42), 'event'],
    ['an unknown object', buffer({ hello: 'world' }), 'event'],
    ['an empty batch', buffer([]), 'event'],
    ['a batch holding a manual payload', buffer([{ action: 'sweep' }]), '[0].source'],
    ['a batch entry that is not an object', buffer([cloudEvent(), 'x']), '[1]'],
    ['another source', buffer(cloudEvent({ source: 'acs.oss' })), 'source'],
    ['another type', buffer(cloudEvent({ type: 'ecs:Disk:CreateDiskCompleted' })), 'type'],
    ['another CloudMonitor product', buffer(cloudMonitor({ product: 'RDS' })), 'product'],
    ['another CloudMonitor event', buffer(cloudMonitor({ name: 'Disk:Created' })), 'name'],
    ['data that is not JSON', buffer(cloudEvent({ data: '{oops' })), 'data'],
    ['data that is a number', buffer(cloudEvent({ data: 5 })), 'data'],
    ['a missing snapshotId', buffer(cloudEvent({ data: { ...data, snapshotId: undefined } })), 'data.snapshotId'],
    ['a snapshotId of the wrong type', buffer(cloudEvent({ data: { ...data, snapshotId: 12 } })), 'data.snapshotId'],
    ['a snapshotId of another cloud', buffer(cloudEvent({ data: { ...data, snapshotId: 'snap-1' } })), 'data.snapshotId'],
    ['an oversized snapshotId', buffer(cloudEvent({ data: { ...data, snapshotId: `s-${'a'.repeat(2000)}` } })), 'data.snapshotId'],
    ['a bad diskId', buffer(cloudEvent({ data: { ...data, diskId: 'disk 1' } })), 'data.diskId'],
    ['an unknown result', buffer(cloudEvent({ data: { ...data, result: 'pending' } })), 'data.result'],
    ['no region anywhere', buffer(cloudEvent({ aliyunregionid: undefined })), 'aliyunregionid'],
    ['a bad region', buffer(cloudEvent({ aliyunregionid: 'Hangzhou' })), 'aliyunregionid'],
    ['a batch entry with a bad id', buffer([cloudEvent(), cloudEvent({ data: { ...data, snapshotId: 'x' } })]), '[1].data.snapshotId'],
    ['a __proto__ key', Buffer.from('{"action":"sweep","__proto__":{"polluted":true}}'), '__proto__'],
    ['a constructor key in data', Buffer.from(`{"source":"acs.ecs","type":"ecs:Snapshot:CreateSnapshotCompleted","data":"{\\"constructor\\":{}}"}`), 'data.constructor'],
    ['a manual action that is unknown', buffer({ action: 'delete' }), 'action'],
    ['a copy with a same-region destination', buffer({ action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-1', sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-hangzhou' }] }), 'destinations[0].region'],
    ['a copy with 101 destinations', buffer({ action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-1', sourceRegion: 'cn-hangzhou', destinations: Array.from({ length: 101 }, (_, i) => ({ region: `cn-r${i}` })) }), 'destinations'],
  ])('%s', (_label, event, field) => {
    let thrown: unknown;
    try {
      parseFcEvent(event);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).code).toBe('InvalidInput');
    expect((thrown as InputError).field).toBe(field);
  });

  it('does not pollute Object.prototype', () => {
    expect(() => parseFcEvent(Buffer.from('{"action":"sweep","__proto__":{"polluted":true}}'))).toThrow(InputError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
