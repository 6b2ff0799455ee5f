import RPCClient from '@alicloud/pop-core/lib/rpc';
import { Client as CbsSdkClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_client';
import type { AliyunKey, TencentKey } from '../../local-cloud/seed';

/**
 * What a person does by hand in the consoles, made through the real SDKs (not the project's adapters)
 * with the parameters of the official request models: delete a copy, rename one. Tests use it to
 * change the cloud under the product the way a user would.
 */

export interface ConsoleActions {
  /** ECS DeleteSnapshot: by id alone (the request has no RegionId). */
  ecsDelete(snapshotId: string): Promise<void>;
  /** ECS ModifySnapshotAttribute with SnapshotName. */
  ecsRename(snapshotId: string, name: string): Promise<void>;
  /** ENS DeleteSnapshot: SnapshotId only. */
  ensDelete(snapshotId: string): Promise<void>;
  /** ENS ModifySnapshotAttribute with SnapshotName. */
  ensRename(snapshotId: string, name: string): Promise<void>;
  /** CBS DeleteSnapshots of one snapshot, in its region. */
  cbsDelete(region: string, snapshotId: string): Promise<void>;
  /** CBS ModifySnapshotAttribute with SnapshotName, in the snapshot's region. */
  cbsRename(region: string, snapshotId: string, name: string): Promise<void>;
}

/** `endpoint`: the base URL of the clouds (the local cloud's, say); keys for those that are used. */
export function consoleActions(endpoint: string, keys: { aliyun?: AliyunKey; tencent?: TencentKey }): ConsoleActions {
  const rpc = (apiVersion: string): RPCClient => {
    if (!keys.aliyun) throw new Error('consoleActions: no Alibaba Cloud key given');
    return new RPCClient({ endpoint, apiVersion, ...keys.aliyun });
  };
  const ecs = async (action: string, params: Record<string, string>): Promise<void> => {
    await rpc('2014-05-26').request(action, params, { method: 'POST', formatParams: false });
  };
  const ens = async (action: string, params: Record<string, string>): Promise<void> => {
    await rpc('2017-11-10').request(action, params, { method: 'POST', formatParams: false });
  };
  const cbs = (region: string): CbsSdkClient => {
    if (!keys.tencent) throw new Error('consoleActions: no Tencent Cloud key given');
    const { secretId, secretKey, sessionToken } = keys.tencent;
    const url = new URL(endpoint);
    return new CbsSdkClient({
      credential: { secretId, secretKey, ...(sessionToken ? { token: sessionToken } : {}) },
      region,
      profile: { httpProfile: { endpoint: url.host, protocol: `${url.protocol}//`, reqTimeout: 10 } },
    });
  };
  return {
    ecsDelete: (snapshotId) => ecs('DeleteSnapshot', { SnapshotId: snapshotId }),
    ecsRename: (snapshotId, name) => ecs('ModifySnapshotAttribute', { SnapshotId: snapshotId, SnapshotName: name }),
    ensDelete: (snapshotId) => ens('DeleteSnapshot', { SnapshotId: snapshotId }),
    ensRename: (snapshotId, name) => ens('ModifySnapshotAttribute', { SnapshotId: snapshotId, SnapshotName: name }),
    cbsDelete: async (region, snapshotId) => {
      await cbs(region).DeleteSnapshots({ SnapshotIds: [snapshotId] });
    },
    cbsRename: async (region, snapshotId, name) => {
      await cbs(region).ModifySnapshotAttribute({ SnapshotId: snapshotId, SnapshotName: name });
    },
  };
}
