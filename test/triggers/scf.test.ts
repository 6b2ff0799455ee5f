import { describe, expect, it } from 'vitest';
import { InputError } from '../../shared/contracts/errors';
import { parseScfEvent } from '../../shared/triggers/scf';

/** A CBS CreateSnapshot CloudAudit event on EventBridge (envelope per Tencent's EventBridge docs). */
const audit = (log: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: '13a3f42d-7258-4ada-da6d-023a33000000',
  source: 'cbs.cloud.tencent',
  type: 'cbs:CloudEvent:ApiCall',
  subject: 'qcs::cbs:ap-guangzhou:uin/100000000001:snap/snap-ckgjwkqh',
  time: 1717200301123,
  region: 'ap-guangzhou',
  resource: ['qcs::eb:ap-guangzhou:uid1250000000:eventbusid/eventruleid'],
  datacontenttype: 'application/json;charset=utf-8',
  tags: {},
  data: {
    eventName: 'CreateSnapshot',
    eventRegion: 'ap-guangzhou',
    eventType: 'ApiCall',
    apiErrorCode: 0,
    errorCode: 0,
    resourceType: 'cbs',
    requestParameters: JSON.stringify({ DiskId: 'disk-abc12345', SnapshotName: 'nightly' }),
    responseElements: JSON.stringify({ Response: { SnapshotId: 'snap-ckgjwkqh', RequestId: 'r-1' } }),
    ...log,
  },
  ...envelope,
});

const expected = {
  cloud: 'tencent-cbs',
  snapshotId: 'snap-ckgjwkqh',
  region: 'ap-guangzhou',
  diskId: 'disk-abc12345',
  name: 'nightly',
  eventId: '13a3f42d-7258-4ada-da6d-023a33000000',
  time: new Date(1717200301123).toISOString(),
  notReadyYet: true,
};

describe('parseScfEvent: timer', () => {
  const timer = (extra: Record<string, unknown>) => ({ Type: 'Timer', TriggerName: 'sweep', Time: '2019-02-21T11:49:00Z', ...extra });

  it('treats an empty Message as a full sweep, whatever the case of Type', () => {
    expect(parseScfEvent(timer({ Message: '' }))).toEqual({ kind: 'timer', request: { action: 'sweep' } });
    expect(parseScfEvent(timer({ Type: 'timer' }))).toEqual({ kind: 'timer', request: { action: 'sweep' } });
    expect(parseScfEvent(timer({ Type: 'TIMER', Message: '  ' }))).toEqual({ kind: 'timer', request: { action: 'sweep' } });
  });

  it('reads sweep options from a JSON Message', () => {
    expect(parseScfEvent(timer({ Message: '{"rules":["tc"],"dryRun":true}' }))).toEqual({
      kind: 'timer',
      request: { action: 'sweep', rules: ['tc'], dryRun: true },
    });
  });

  it('accepts the event as text or a Buffer too', () => {
    const event = timer({ Message: '{"dryRun":false}' });
    const trigger = { kind: 'timer', request: { action: 'sweep', dryRun: false } };
    expect(parseScfEvent(JSON.stringify(event))).toEqual(trigger);
    expect(parseScfEvent(Buffer.from(JSON.stringify(event)))).toEqual(trigger);
  });

  it('runs a plain sweep for free text (the console\'s own example is "user define msg body"), saying the text was ignored', () => {
    const trigger = parseScfEvent(timer({ Message: 'user define msg body' }));
    expect(trigger).toEqual({ kind: 'timer', request: { action: 'sweep' }, ignoredText: expect.stringContaining('Message "user define msg body"') });
  });

  it.each([
    [timer({ Message: '{"rules":"tc"}' }), 'Message.rules'],
    [timer({ Message: { rules: [] } }), 'Message'],
  ])('refuses %j on %s', (event, field) => {
    expect(() => parseScfEvent(event)).toThrow(expect.objectContaining({ field }));
  });
});

describe('parseScfEvent: CloudAudit CreateSnapshot', () => {
  it('reads the new snapshot, marked as maybe not ready yet', () => {
    expect(parseScfEvent(audit())).toEqual({ kind: 'event', events: [expected] });
  });

  it('reads request and response given as objects, the response unwrapped', () => {
    const trigger = parseScfEvent(audit({ requestParameters: { DiskId: 'disk-abc12345' }, responseElements: { SnapshotId: 'snap-ckgjwkqh' } }));
    const { name: _name, ...unnamed } = expected;
    expect(trigger).toEqual({ kind: 'event', events: [unnamed] });
  });

  it('accepts console calls and data as JSON text, and takes the region from the log when the envelope lacks it', () => {
    const event = audit({}, { type: 'cbs:CloudEvent:ConsoleCall', region: undefined });
    const withText = { ...event, data: JSON.stringify(event.data) };
    expect(parseScfEvent(withText)).toEqual({ kind: 'event', events: [expected] });
  });

  it('falls back to resourceName for the snapshot id', () => {
    const trigger = parseScfEvent(audit({ responseElements: undefined, resourceName: 'snap-ckgjwkqh' }));
    expect(trigger).toMatchObject({ events: [{ snapshotId: 'snap-ckgjwkqh', notReadyYet: true }] });
  });

  it('skips other CBS API calls with a reason', () => {
    const trigger = parseScfEvent(audit({ eventName: 'DeleteSnapshots', resourceName: 'snap-old1' }));
    expect(trigger).toEqual({
      kind: 'event',
      events: [{ cloud: 'tencent-cbs', snapshotId: 'snap-old1', region: 'ap-guangzhou', eventId: expected.eventId, time: expected.time, skip: 'CloudAudit call DeleteSnapshots makes no copy' }],
    });
  });

  it('skips a CreateSnapshot call that failed', () => {
    const trigger = parseScfEvent(audit({ apiErrorCode: 'InvalidDisk.NotSupported', responseElements: undefined }));
    expect(trigger).toMatchObject({ events: [{ snapshotId: '', skip: 'CreateSnapshot failed (apiErrorCode InvalidDisk.NotSupported)' }] });
  });
});

describe('parseScfEvent: manual', () => {
  it('reads a CBS copy request', () => {
    const request = { action: 'copy', cloud: 'tencent-cbs', snapshotId: 'snap-1', sourceRegion: 'ap-guangzhou', destinations: [{ region: 'ap-beijing', retentionDays: 7 }] };
    expect(parseScfEvent(request)).toEqual({ kind: 'manual', request });
  });
});

describe('parseScfEvent: CloudAudit without a snapshot id, and batches', () => {
  it('takes the id from the envelope\'s subject when the log has none', () => {
    const trigger = parseScfEvent(audit({ responseElements: undefined }, { subject: 'snap-abcd1234' }));
    expect(trigger).toMatchObject({ kind: 'event', events: [{ snapshotId: 'snap-abcd1234', notReadyYet: true }] });
  });

  it('sweeps the region when no id is anywhere (the documented log guarantees none)', () => {
    expect(parseScfEvent(audit({ responseElements: '{}' }))).toEqual({ kind: 'event', events: [], regionsToSweep: ['ap-guangzhou'] });
  });

  it('reads a batch: the named snapshots, and each unnamed region once', () => {
    const unnamed = audit({ responseElements: undefined, eventRegion: 'ap-beijing' }, { region: 'ap-beijing' });
    const trigger = parseScfEvent([audit(), unnamed, unnamed]);
    expect(trigger).toEqual({ kind: 'event', events: [expected], regionsToSweep: ['ap-beijing'] });
  });
});

describe('parseScfEvent: bad input is an InputError naming the field', () => {
  it.each<[string, unknown, string]>([
    ['an empty Buffer', Buffer.alloc(0), 'event'],
    ['non-JSON text', 'timer please', 'event'],
    ['binary garbage', Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), 'event'],
    ['an empty batch', [], 'event'],
    ['undefined', undefined, 'event'],
    ['an unknown object', { hello: 'world' }, 'event'],
    ['another source', audit({}, { source: 'cvm.cloud.tencent' }), 'source'],
    ['another type', audit({}, { type: 'cvm:CloudEvent:ApiCall' }), 'type'],
    ['data that is not an object', audit({}, { data: 7 }), 'data'],
    ['no region', audit({ eventRegion: undefined }, { region: undefined }), 'region'],
    ['a bad region', audit({}, { region: 'Guangzhou' }), 'region'],
    ['a snapshot id of another cloud', audit({ responseElements: { SnapshotId: 's-1' } }), 'data.responseElements.SnapshotId'],
    ['a bad disk id', audit({ requestParameters: { DiskId: 'd-1' } }), 'data.requestParameters.DiskId'],
    ['response elements that are not JSON', audit({ responseElements: '{oops' }), 'data.responseElements'],
    ['a prototype key', { action: 'sweep', constructor: { prototype: {} } }, 'constructor'],
    ['a __proto__ key in request text', audit({ requestParameters: '{"__proto__":{"x":1}}' }), 'data.requestParameters.__proto__'],
    ['a copy with ENS-only fields on CBS', { action: 'copy', cloud: 'tencent-cbs', snapshotId: 'snap-1', sourceRegion: 'ap-guangzhou', destinations: [{ region: 'ap-beijing', encrypted: true }] }, 'destinations[0].encrypted'],
  ])('%s', (_label, event, field) => {
    let thrown: unknown;
    try {
      parseScfEvent(event);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).field).toBe(field);
  });

  it('turns anything unexpected into an InputError', () => {
    const hostile = {
      get action(): never {
        throw new TypeError('boom');
      },
    };
    expect(() => parseScfEvent(hostile)).toThrow(InputError);
  });
});
