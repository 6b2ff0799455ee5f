import { describe, expect, it } from 'vitest';
import { CbsDriver } from '../../shared/clouds/cbs-driver';
import type { CbsClient } from '../../shared/clouds/cbs';
import { EcsDriver } from '../../shared/clouds/ecs-driver';
import type { EcsClient } from '../../shared/clouds/ecs';
import { EnsDriver } from '../../shared/clouds/ens-driver';
import type { EnsClient } from '../../shared/clouds/ens';
import { RegionalClients } from '../../shared/clouds/regional-clients';
import type { CopyCall } from '../../shared/contracts/driver';
import type { CloudKind, Snapshot } from '../../shared/contracts/snapshot';
/** validate() never reaches a client: any use of one fails the test. */
function noClient<C>(): C {
  return new Proxy({}, { get: () => { throw new Error('validate must not call the API'); } }) as C;
}

function call(cloud: CloudKind, snapshotId: string, region: string, to: string[], name: string, extra: Partial<CopyCall['destinations'][number]['destination']> = {}): CopyCall {
  const source: Snapshot = { cloud, snapshotId, region, tags: {}, readiness: 'ready', status: 'ok', createdAt: 0, isCopy: false };
  return { source, destinations: to.map((r) => ({ destination: { region: r, ...extra }, name })) };
}

const fields = (problems: Array<{ field: string }>): string[] => problems.map((p) => p.field);

describe('each driver checks its own copy call by its API rules', () => {
  it('ECS: one problem list across destinations, named by API parameter', () => {
    const driver = new EcsDriver(new RegionalClients(() => noClient<EcsClient>()));
    expect(driver.validate(call('aliyun-ecs', 's-1', 'cn-hangzhou', ['cn-shanghai'], 'srep:dr:s-1:cn-hangzhou'))).toEqual([]);
    expect(fields(driver.validate(call('aliyun-ecs', 's-1', 'cn-hangzhou', ['cn-hangzhou'], 'x', { retentionDays: 0 })))).toEqual(
      expect.arrayContaining(['DestinationRegionId', 'DestinationSnapshotName', 'RetentionDays']),
    );
  });

  it('ENS: the nodes of one call together', () => {
    const driver = new EnsDriver(noClient<EnsClient>());
    expect(driver.validate(call('aliyun-ens', 'sp-1', 'cn-hangzhou-26', ['cn-chengdu-26', 'cn-shenzhen-3'], 'srep:e:sp-1:cn-hangzhou-26'))).toEqual([]);
    expect(driver.validate(call('aliyun-ens', 'sp-1', 'cn-hangzhou-26', ['cn-chengdu-26', 'cn-chengdu-26'], 'http://x')).length).toBeGreaterThanOrEqual(2);
  });

  it('CBS: the 60-byte name limit and distinct regions', () => {
    const driver = new CbsDriver(new RegionalClients(() => noClient<CbsClient>()));
    expect(driver.validate(call('tencent-cbs', 'snap-1', 'ap-guangzhou', ['ap-beijing'], 'Copied snap-1 from ap-guangzhou'))).toEqual([]);
    expect(fields(driver.validate(call('tencent-cbs', 'snap-1', 'ap-guangzhou', ['ap-beijing'], 'x'.repeat(61))))).toEqual(['SnapshotName']);
  });
});
