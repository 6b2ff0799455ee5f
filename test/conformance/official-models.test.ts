import { describe, expect, it } from 'vitest';
import {
  absentFields,
  answerProblems,
  closestName,
  requestProblems,
  responseField,
  shrunkFields,
  type Problem,
} from './conformance-checks';
import { describeType, LOCAL_CLOUD_ACTIONS, officialAction, officialApi, readEnsFixture, type FieldType } from './official-models';
import { officialSample } from './official-samples';
import { recordReads } from './read-paths';
import { parseTeaModelSource } from './tea-source';

function typeAt(service: 'ecs' | 'ens' | 'cbs', action: string, path: string): string | undefined {
  const type: FieldType | undefined = responseField(service, action, path);
  return type ? describeType(type) : undefined;
}

function summary(problems: Problem[]): Array<Pick<Problem, 'kind' | 'path'>> {
  return problems.map(({ kind, path }) => ({ kind, path }));
}

describe('the ECS 2014-05-26 models (installed @alicloud/ecs20140526)', () => {
  it('loads every action the adapters call', () => {
    const api = officialApi('ecs');
    expect(api.protocol).toBe('rpc');
    expect(api.source).toMatch(/^@alicloud\/ecs20140526@\d+\.\d+\.\d+$/);
    expect(Object.keys(api.actions).sort()).toEqual([...LOCAL_CLOUD_ACTIONS.ecs].sort());
  });

  it('models DescribeSnapshots with the Snapshots.Snapshot[] and Tags.Tag[] wrappers', () => {
    expect(typeAt('ecs', 'DescribeSnapshots', 'Snapshots')).toBe('DescribeSnapshotsResponseBodySnapshots');
    expect(typeAt('ecs', 'DescribeSnapshots', 'Snapshots.Snapshot')).toBe('DescribeSnapshotsResponseBodySnapshotsSnapshot[]');
    expect(typeAt('ecs', 'DescribeSnapshots', 'Snapshots.Snapshot[].SourceSnapshotId')).toBe('string');
    expect(typeAt('ecs', 'DescribeSnapshots', 'Snapshots.Snapshot[0].SourceRegionId')).toBe('string');
    expect(typeAt('ecs', 'DescribeSnapshots', 'Snapshots.Snapshot[].Tags.Tag[].TagKey')).toBe('string');
    // Progress ("100%") and SourceDiskSize are strings; Encrypted a boolean; RetentionDays a number.
    expect(typeAt('ecs', 'DescribeSnapshots', 'Snapshots.Snapshot.Progress')).toBe('string');
    expect(typeAt('ecs', 'DescribeSnapshots', 'Snapshots.Snapshot.SourceDiskSize')).toBe('string');
    expect(typeAt('ecs', 'DescribeSnapshots', 'Snapshots.Snapshot.Encrypted')).toBe('boolean');
    expect(typeAt('ecs', 'DescribeSnapshots', 'Snapshots.Snapshot.RetentionDays')).toBe('number');
    expect(typeAt('ecs', 'DescribeSnapshots', 'Snapshots.Snapshot[].DiskId')).toBeUndefined();
    expect(typeAt('ecs', 'CopySnapshot', 'SnapshotId')).toBe('string');
  });

  it('reads the request models with their flattening and doc facts', () => {
    const copy = officialAction('ecs', 'CopySnapshot').request;
    expect(describeType(copy.fields.Tag?.type ?? { kind: 'any' })).toBe('CopySnapshotRequestTag[]');
    expect(copy.fields.RegionId?.required).toBe(true);
    expect(copy.fields.Encrypted?.type.kind).toBe('boolean');
    const describe = officialAction('ecs', 'DescribeSnapshots').request;
    expect(describe.fields.SnapshotIds?.encoding).toBe('json-array');
    expect(describe.fields.Status?.enumHint).toEqual(expect.arrayContaining(['progressing', 'accomplished', 'failed', 'all']));
    const remove = officialAction('ecs', 'DeleteSnapshot').request;
    expect(remove.fields.Force?.type.kind).toBe('boolean');
    expect(remove.fields.RegionId).toBeUndefined();
  });
});

describe('the CBS 2017-03-12 models (cbs_models.d.ts through the compiler API)', () => {
  it('loads every action the adapters call', () => {
    const api = officialApi('cbs');
    expect(api.protocol).toBe('json');
    expect(Object.keys(api.actions).sort()).toEqual([...LOCAL_CLOUD_ACTIONS.cbs].sort());
  });

  it('has Snapshot.CopyingToRegions as string[] and the nested Placement and SnapshotCopyResult', () => {
    expect(typeAt('cbs', 'DescribeSnapshots', 'SnapshotSet[].CopyingToRegions')).toBe('string[]');
    expect(typeAt('cbs', 'DescribeSnapshots', 'Response.SnapshotSet[].Placement.Zone')).toBe('string');
    expect(typeAt('cbs', 'DescribeSnapshots', 'SnapshotSet.DiskSize')).toBe('number');
    expect(typeAt('cbs', 'DescribeSnapshots', 'SnapshotSet.IsPermanent')).toBe('boolean');
    expect(typeAt('cbs', 'CopySnapshotCrossRegions', 'SnapshotCopyResultSet[].SnapshotId')).toBe('string');
    const state = officialAction('cbs', 'DescribeSnapshots').response;
    const snapshot = state.fields.SnapshotSet?.type;
    expect(snapshot?.kind === 'array' && snapshot.item.kind === 'model' ? snapshot.item.model.fields.SnapshotState?.enumHint : undefined).toEqual(
      expect.arrayContaining(['NORMAL', 'CREATING', 'COPYING_FROM_REMOTE', 'CHECKING_COPIED']),
    );
  });

  it('keeps optionality and nested request interfaces (Filter)', () => {
    const describe = officialAction('cbs', 'DescribeSnapshots').request;
    const filters = describe.fields.Filters?.type;
    expect(filters && describeType(filters)).toBe('Filter[]');
    const filter = filters?.kind === 'array' && filters.item.kind === 'model' ? filters.item.model : undefined;
    expect(filter?.fields.Name?.required).toBe(true);
    expect(filter && describeType(filter.fields.Values?.type ?? { kind: 'any' })).toBe('string[]');
    expect(describe.fields.SnapshotIds?.required).toBe(false);
    expect(officialAction('cbs', 'CopySnapshotCrossRegions').request.fields.DestinationRegions?.required).toBe(true);
    expect(officialAction('cbs', 'ModifySnapshotAttribute').request.fields.IsPermanent?.type.kind).toBe('boolean');
  });
});

describe('the ENS 2017-11-10 facts fixture', () => {
  it('records, per model, its path in the SDK repository and the commit read', () => {
    const fixture = readEnsFixture();
    expect(fixture.repository).toBe('https://github.com/aliyun/alibabacloud-typescript-sdk');
    for (const model of Object.values(fixture.models)) {
      if (model.repository === undefined) expect(model.path).toMatch(/^ens-20171110\/src\/models\/\w+\.ts$/);
      else expect(model.repository).toMatch(/^https:\/\/github\.com\/aliyun\/alibabacloud-[a-z]+-sdk$/);
      expect(model.commit).toMatch(/^[0-9a-f]{40}$/);
    }
    expect(Object.keys(officialApi('ens').actions).sort()).toEqual([...LOCAL_CLOUD_ACTIONS.ens].sort());
  });

  it('has CreateSnapshot.SnapShotId as an array of strings', () => {
    expect(typeAt('ens', 'CreateSnapshot', 'SnapShotId')).toBe('string[]');
    expect(typeAt('ens', 'CreateSnapshot', 'SnapshotId')).toBeUndefined();
  });

  it('lists snapshots as a bare array with lineage fields and a string Size', () => {
    expect(typeAt('ens', 'DescribeSnapshots', 'Snapshots')).toBe('DescribeSnapshotsResponseBodySnapshots[]');
    expect(typeAt('ens', 'DescribeSnapshots', 'Snapshots.Snapshot')).toBeUndefined();
    expect(typeAt('ens', 'DescribeSnapshots', 'Snapshots[].SourceSnapshotId')).toBe('string');
    expect(typeAt('ens', 'DescribeSnapshots', 'Snapshots[].SourceEnsRegionId')).toBe('string');
    expect(typeAt('ens', 'DescribeSnapshots', 'Snapshots[].Size')).toBe('string');
    const item = officialAction('ens', 'DescribeSnapshots').response.fields.Snapshots?.type;
    const status = item?.kind === 'array' && item.item.kind === 'model' ? item.item.model.fields.Status : undefined;
    expect(status?.example).toBe('available');
    expect(status?.enumHint?.map((s) => s.toLowerCase())).toEqual(['creating', 'available', 'deleting', 'error']);
  });

  it('knows CopySnapshot shrinks DestinationRegionIds to one JSON string', () => {
    const copy = officialAction('ens', 'CopySnapshot');
    expect(describeType(copy.request.fields.DestinationRegionIds?.type ?? { kind: 'any' })).toBe('string[]');
    expect(copy.shrinkRequest?.fields.DestinationRegionIds?.type.kind).toBe('string');
    expect([...shrunkFields('ens', 'CopySnapshot')]).toEqual(['DestinationRegionIds']);
    expect(typeAt('ens', 'CopySnapshot', 'AllocationId[].InstanceId')).toBe('string[]');
    expect(typeAt('ens', 'CopySnapshot', 'UnAllocationId[].EnsRegionId')).toBe('string');
  });

  it('has no Status filter on DescribeSnapshots and documents the DeleteSnapshot error codes', () => {
    expect(officialAction('ens', 'DescribeSnapshots').request.fields.Status).toBeUndefined();
    const codes = readEnsFixture().actions.DeleteSnapshot?.errorCodes as { codes?: string[] } | undefined;
    expect(codes?.codes).toEqual(expect.arrayContaining(['ERROR_SNAPSHOT_NOT_FOUND', 'ERROR_SNAPSHOT_COPY_IN_PROGRESS', 'IncorrectInstanceStatus']));
  });
});

describe('parseTeaModelSource', () => {
  it('reads wire names, declared types and doc facts of a generated model', () => {
    const source = `
      export class WidgetResponseBodyPart extends $dara.Model {
        partId?: string;
        static names(): { [key: string]: string } { return { partId: 'PartID' }; }
        static types(): { [key: string]: any } { return { partId: 'string' }; }
      }
      export class WidgetRequest extends $dara.Model {
        /**
         * @remarks
         * The colour. Valid values:
         *
         * *   **Red**: warm.
         * *   blue: cold.
         * *   green (default): calm.
         *
         * This parameter is required.
         *
         * @example
         * Red
         */
        colour?: string;
        parts?: WidgetResponseBodyPart[];
        labels?: { [key: string]: number };
        static names(): { [key: string]: string } { return { colour: 'Colour', parts: 'Part', labels: 'Labels' }; }
        static types(): { [key: string]: any } {
          return { colour: 'string', parts: { 'type': 'array', 'itemType': WidgetResponseBodyPart }, labels: { 'type': 'map', 'keyType': 'string', 'valueType': 'number' } };
        }
      }`;
    const [part, request] = parseTeaModelSource(source);
    expect(part?.properties).toEqual([{ property: 'partId', wireName: 'PartID', type: 'string', required: false }]);
    expect(request?.properties[0]).toMatchObject({ wireName: 'Colour', type: 'string', required: true, example: 'Red', enumHint: ['Red', 'blue', 'green'] });
    expect(request?.properties[1]).toMatchObject({ wireName: 'Part', type: { array: { model: 'WidgetResponseBodyPart' } } });
    expect(request?.properties[2]).toMatchObject({ wireName: 'Labels', type: { map: 'number' } });
  });
});

describe('answerProblems', () => {
  it('passes the ENS API pages\' sample answers of the current shape', () => {
    const copy = {
      RequestId: 'EA3758E0-8899-17D3-9526-5F62CF33A586',
      AllocationId: [{ EnsRegionId: 'cn-hangzhou-27', InstanceId: ['e426409223'] }],
      BizStatusCode: 'PartSuccess',
      UnAllocationId: [{ EnsRegionId: 'cn-chengdu-26' }],
    };
    expect(answerProblems('ens', 'CopySnapshot', copy)).toEqual([]);
    const create = { RequestId: '473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E', SnapShotId: ['sp-5w1x1nxsmkhdgval1h5l****'], OrderId: '21969183547****' };
    expect(answerProblems('ens', 'CreateSnapshot', create)).toEqual([]);
  });

  it('passes a DescribeSnapshots answer built from the ECS model comments', () => {
    const answer = {
      RequestId: 'ED5CF6DD-71CA-4E0B-9E64-2B5B3F0B5A9E',
      TotalCount: 1,
      NextToken: 'e71d8a535bd9cc11',
      Snapshots: {
        Snapshot: [{
          SnapshotId: 's-bp67acfmxazb4p****', SnapshotName: 'testSnapshotName', Status: 'accomplished', Progress: '100%',
          SourceDiskId: 'd-bp67acfmxazb4p****', SourceDiskSize: '2000', Encrypted: false, RetentionDays: 30,
          SourceSnapshotId: 's-bp67acfmxazb4p****', SourceRegionId: 'cn-hangzhou', CreationTime: '2020-08-20T14:52:28Z',
          Tags: { Tag: [{ TagKey: 'TestKey', TagValue: 'TestValue' }] },
        }],
      },
    };
    expect(answerProblems('ecs', 'DescribeSnapshots', answer)).toEqual([]);
  });

  it('reports a string where the model has an array, with the path', () => {
    const older = { RequestId: 'r', SnapShotId: 's-bp17441ohwka0yuh****', OrderId: '1' };
    expect(answerProblems('ens', 'CreateSnapshot', older)).toEqual([
      expect.objectContaining({ kind: 'kind-mismatch', path: 'SnapShotId', expected: 'string[]', actual: 'string' }),
    ]);
  });

  it('reports a renamed field with the official name beside it', () => {
    const answer = { RequestId: 'r', Snapshots: { Snapshot: [{ SnapshotId: 's-1' }, { SnapshotId: 's-2', SourceSnapshotID: 's-1' }] } };
    const problems = answerProblems('ecs', 'DescribeSnapshots', answer);
    expect(summary(problems)).toEqual([{ kind: 'unknown-field', path: 'Snapshots.Snapshot[1].SourceSnapshotID' }]);
    expect(problems[0]?.message).toContain('official: SourceSnapshotId');
    expect(summary(answerProblems('ens', 'CreateSnapshot', { SnapshotId: ['sp-1'] }))).toEqual([{ kind: 'unknown-field', path: 'SnapshotId' }]);
    expect(closestName('SnapshotId', officialAction('ens', 'CreateSnapshot').response)).toBe('SnapShotId');
  });

  it('models the list wrappers exactly: ECS wraps, ENS does not', () => {
    expect(summary(answerProblems('ecs', 'DescribeSnapshots', { Snapshots: [{ SnapshotId: 's-1' }] }))).toEqual([{ kind: 'kind-mismatch', path: 'Snapshots' }]);
    expect(summary(answerProblems('ens', 'DescribeSnapshots', { Snapshots: { Snapshot: [] } }))).toEqual([{ kind: 'kind-mismatch', path: 'Snapshots' }]);
    expect(answerProblems('ens', 'DescribeSnapshots', { Snapshots: [{ SnapshotId: 'sp-1', Size: '40' }], TotalCount: 1 })).toEqual([]);
  });

  it('tells numbers, strings and booleans apart', () => {
    expect(summary(answerProblems('ens', 'DescribeSnapshots', { Snapshots: [{ Size: 40 }], TotalCount: '1' }))).toEqual([
      { kind: 'kind-mismatch', path: 'Snapshots[0].Size' },
      { kind: 'kind-mismatch', path: 'TotalCount' },
    ]);
    expect(summary(answerProblems('ecs', 'DescribeSnapshots', { Snapshots: { Snapshot: [{ Encrypted: 'false' }] } }))).toEqual([
      { kind: 'kind-mismatch', path: 'Snapshots.Snapshot[0].Encrypted' },
    ]);
  });

  it('takes CBS answers with or without the Response envelope, and error answers of both families', () => {
    const content = { TotalCount: 1, SnapshotSet: [{ SnapshotId: 'snap-1', CopyingToRegions: [], Placement: { Zone: 'ap-guangzhou-3', ProjectId: 0 } }], RequestId: 'r' };
    expect(answerProblems('cbs', 'DescribeSnapshots', content)).toEqual([]);
    expect(answerProblems('cbs', 'DescribeSnapshots', { Response: content })).toEqual([]);
    const wrong = { Response: { ...content, SnapshotSet: [{ CopyingToRegions: 'ap-beijing' }] } };
    expect(summary(answerProblems('cbs', 'DescribeSnapshots', wrong))).toEqual([{ kind: 'kind-mismatch', path: 'SnapshotSet[0].CopyingToRegions' }]);
    expect(answerProblems('cbs', 'DeleteSnapshots', { Response: { Error: { Code: 'InvalidSnapshotId.NotFound', Message: 'm' }, RequestId: 'r' } })).toEqual([]);
    const rpcError = { RequestId: 'r', HostId: 'ens.aliyuncs.com', Code: 'ERROR_SNAPSHOT_NOT_FOUND', Message: 'm', Recommend: 'https://api.aliyun.com' };
    expect(answerProblems('ens', 'DeleteSnapshot', rpcError)).toEqual([]);
    expect(summary(answerProblems('ens', 'DeleteSnapshot', { ...rpcError, Detail: 'x' }))).toEqual([{ kind: 'unknown-field', path: 'Detail' }]);
  });

  it('names the official fields an answer never carries', () => {
    const answer = { Snapshots: [{ SnapshotId: 'sp-1', SourceSnapshotId: 'sp-0' }, { SnapshotId: 'sp-2' }] };
    const absent = absentFields('ens', 'DescribeSnapshots', answer);
    expect(absent).toContain('Snapshots[].SourceEnsRegionId');
    expect(absent).toContain('TotalCount');
    expect(absent).not.toContain('Snapshots[].SourceSnapshotId');
  });
});

describe('requestProblems', () => {
  it('accepts the flat form the official client sends for ECS CopySnapshot', () => {
    const params = {
      Action: 'CopySnapshot', Version: '2014-05-26', Signature: 'x', SignatureNonce: 'n', Timestamp: 't', AccessKeyId: 'k', Format: 'JSON',
      RegionId: 'cn-hangzhou', SnapshotId: 's-1', DestinationRegionId: 'cn-shanghai', DestinationSnapshotName: 'copy', DestinationSnapshotDescription: 'd',
      RetentionDays: '7', Encrypted: 'false', 'Tag.1.Key': 'backup', 'Tag.1.Value': 'dr', 'Tag.2.Key': 'team', 'Tag.2.Value': '',
    };
    expect(requestProblems('ecs', 'CopySnapshot', params)).toEqual([]);
  });

  it('reports unknown names, wrong flattening, wrong text forms and missing required parameters', () => {
    const params = {
      SnapshotId: 's-1', DestinationRegionId: 'cn-shanghai', DestinationSnapshotName: 'n', DestinationSnapshotDescription: 'd',
      'Tags.1.Key': 'a', 'Tag.0.Key': 'b', 'Tag.1.Colour': 'c', Tag: '[{"Key":"a"}]', RetentionDays: 'seven', Encrypted: 'yes',
    };
    expect(summary(requestProblems('ecs', 'CopySnapshot', params))).toEqual([
      { kind: 'unknown-field', path: 'Tags.1.Key' },
      { kind: 'not-official-form', path: 'Tag.0.Key' },
      { kind: 'unknown-field', path: 'Tag.1.Colour' },
      { kind: 'not-official-form', path: 'Tag' },
      { kind: 'kind-mismatch', path: 'RetentionDays' },
      { kind: 'kind-mismatch', path: 'Encrypted' },
      { kind: 'missing-required', path: 'RegionId' },
    ]);
    expect(requestProblems('ecs', 'CopySnapshot', params)[0]?.message).toContain('official: Tag');
    expect(summary(requestProblems('ecs', 'DescribeSnapshots', { RegionId: 'cn-hangzhou', SnapshotIds: 's-1,s-2' }))).toEqual([{ kind: 'bad-json-list', path: 'SnapshotIds' }]);
    expect(summary(requestProblems('ecs', 'DeleteSnapshot', { RegionId: 'cn-hangzhou', SnapshotId: 's-1' }))).toEqual([{ kind: 'unknown-field', path: 'RegionId' }]);
  });

  it('holds ENS CopySnapshot to one JSON-string DestinationRegionIds, as the Shrink model says', () => {
    expect(requestProblems('ens', 'CopySnapshot', { SnapshotId: 'sp-1', DestinationRegionIds: '["cn-chengdu-26","cn-shenzhen-3"]' })).toEqual([]);
    expect(summary(requestProblems('ens', 'CopySnapshot', { SnapshotId: 'sp-1', 'DestinationRegionIds.1': 'cn-chengdu-26' }))).toEqual([
      { kind: 'not-official-form', path: 'DestinationRegionIds.1' },
    ]);
    expect(summary(requestProblems('ens', 'CopySnapshot', { SnapshotId: 'sp-1', DestinationRegionIds: 'cn-chengdu-26,cn-shenzhen-3' }))).toEqual([
      { kind: 'bad-json-list', path: 'DestinationRegionIds' },
    ]);
    expect(summary(requestProblems('ens', 'CopySnapshot', { SnapshotId: 'sp-1', DestinationRegionIds: '[1,2]' }))).toEqual([
      { kind: 'kind-mismatch', path: 'DestinationRegionIds[0]' },
    ]);
    expect(summary(requestProblems('ens', 'CopySnapshot', {}))).toEqual([
      { kind: 'missing-required', path: 'DestinationRegionIds' },
      { kind: 'missing-required', path: 'SnapshotId' },
    ]);
  });

  it('checks the JSON-string lists of ENS DescribeSnapshots and refuses a Status filter', () => {
    expect(requestProblems('ens', 'DescribeSnapshots', { SnapshotId: 'sp-1', EnsRegionIds: '["cn-hangzhou-26"]', PageSize: '100' })).toEqual([]);
    expect(requestProblems('ens', 'DescribeSnapshots', { SnapshotId: '["sp-1","sp-2"]' })).toEqual([]);
    expect(summary(requestProblems('ens', 'DescribeSnapshots', { SnapshotId: '[sp-1', EnsRegionIds: 'cn-hangzhou-26', Status: 'available', PageSize: 'ten' }))).toEqual([
      { kind: 'bad-json-list', path: 'SnapshotId' },
      { kind: 'bad-json-list', path: 'EnsRegionIds' },
      { kind: 'unknown-field', path: 'Status' },
      { kind: 'kind-mismatch', path: 'PageSize' },
    ]);
  });

  it('checks CBS JSON bodies against the request interfaces', () => {
    expect(requestProblems('cbs', 'DescribeSnapshots', { Filters: [{ Name: 'disk-id', Values: ['disk-1'] }], Offset: 0, Limit: 100 })).toEqual([]);
    expect(summary(requestProblems('cbs', 'DescribeSnapshots', { Filters: [{ Name: 'disk-id', Values: 'disk-1' }], Filter: [], Limit: '100' }))).toEqual([
      { kind: 'kind-mismatch', path: 'Filters[0].Values' },
      { kind: 'unknown-field', path: 'Filter' },
      { kind: 'kind-mismatch', path: 'Limit' },
    ]);
    expect(summary(requestProblems('cbs', 'CopySnapshotCrossRegions', { SnapshotId: 'snap-1' }))).toEqual([{ kind: 'missing-required', path: 'DestinationRegions' }]);
    expect(requestProblems('cbs', 'ModifySnapshotAttribute', { SnapshotId: 'snap-1', IsPermanent: false, Deadline: '2030-01-01T00:00:00+00:00' })).toEqual([]);
  });
});

describe('responseField', () => {
  it('walks written or implied array steps and refuses missing fields', () => {
    expect(typeAt('ecs', 'DescribeSnapshots', 'Snapshots.Snapshot.Tags.Tag.TagValue')).toBe('string');
    expect(typeAt('ecs', 'DescribeSnapshots', 'Snapshots.Snapshot[][0]')).toBeUndefined();
    expect(typeAt('ecs', 'DescribeSnapshots', 'Snapshots.Snapshot[].Tags[]')).toBeUndefined();
    expect(typeAt('ens', 'DescribeSnapshots', 'Snapshots[].DiskId')).toBeUndefined();
    expect(typeAt('cbs', 'CopySnapshotCrossRegions', 'RequestId')).toBe('string');
  });
});

describe('the platform APIs the local cloud serves besides the snapshot services', () => {
  it('loads Alibaba STS 2015-04-01 AssumeRole from its facts fixture', () => {
    const api = officialApi('aliyun-sts');
    expect(api).toMatchObject({ apiVersion: '2015-04-01', protocol: 'rpc', source: expect.stringMatching(/alibabacloud-typescript-sdk@[0-9a-f]{40}$/) });
    const { request, response } = officialAction('aliyun-sts', 'AssumeRole');
    expect(Object.keys(request.fields).sort()).toEqual(['DurationSeconds', 'ExternalId', 'Policy', 'RoleArn', 'RoleSessionName', 'SourceIdentity']);
    expect([request.fields.RoleArn?.required, request.fields.RoleSessionName?.required, request.fields.DurationSeconds?.type.kind]).toEqual([true, true, 'number']);
    expect(describeType(responseField('aliyun-sts', 'AssumeRole', 'Credentials') ?? { kind: 'any' })).toBe('AssumeRoleResponseBodyCredentials');
    expect(describeType(responseField('aliyun-sts', 'AssumeRole', 'AssumedRoleUser.AssumedRoleId') ?? { kind: 'any' })).toBe('string');
    expect(response.fields.RequestId).toBeDefined();
  });

  it('loads Tencent STS 2018-08-13 AssumeRole and SCF 2018-04-16 Invoke from the SDK\'s declarations', () => {
    expect(officialApi('tencent-sts')).toMatchObject({ apiVersion: '2018-08-13', protocol: 'json' });
    expect(describeType(responseField('tencent-sts', 'AssumeRole', 'ExpiredTime') ?? { kind: 'any' })).toBe('number');
    expect(describeType(responseField('tencent-sts', 'AssumeRole', 'Response.Credentials.TmpSecretId') ?? { kind: 'any' })).toBe('string');
    expect(officialAction('tencent-sts', 'AssumeRole').request.fields.RoleSessionName?.required).toBe(true);
    expect(officialApi('scf')).toMatchObject({ apiVersion: '2018-04-16', protocol: 'json' });
    expect(describeType(responseField('scf', 'Invoke', 'Result.FunctionRequestId') ?? { kind: 'any' })).toBe('string');
    expect(officialAction('scf', 'Invoke').request.fields.InvocationType?.required).toBe(false);
    expect(summary(requestProblems('scf', 'Invoke', { InvocationType: 'Event' }))).toEqual([{ kind: 'missing-required', path: 'FunctionName' }]);
  });
});

describe('recordReads', () => {
  it('records every path read, array positions as []', () => {
    const sink = new Set<string>();
    const answer = recordReads({ Snapshots: { Snapshot: [{ SnapshotId: 's-1', Tags: { Tag: [] } }, { SnapshotId: 's-2' }] }, TotalCount: 2 }, sink);
    const ids = answer.Snapshots.Snapshot.map((s) => s.SnapshotId);
    expect(ids).toEqual(['s-1', 's-2']);
    expect('NextToken' in answer).toBe(false);
    expect([...sink].sort()).toEqual(['NextToken', 'Snapshots', 'Snapshots.Snapshot', 'Snapshots.Snapshot[]', 'Snapshots.Snapshot[].SnapshotId']);
  });
});

describe('officialSample', () => {
  it('builds, for every action the local cloud serves, an answer its own checker accepts', () => {
    for (const service of ['ecs', 'ens', 'cbs', 'aliyun-sts', 'tencent-sts', 'scf'] as const) {
      for (const action of LOCAL_CLOUD_ACTIONS[service]) {
        expect(answerProblems(service, action, officialSample(service, action)), `${service} ${action}`).toEqual([]);
      }
    }
    expect(officialSample('ens', 'CreateSnapshot').SnapShotId).toEqual(['s-bp17441ohwka0yuh****']);
  });
});
