/** The valid side of the corpus: a policy with one rule per cloud, and a local cloud seeded to match. */
import { EXAMPLE_SEED, type Seed } from '../../local-cloud/index';
import { credentialsSeed } from '../functions/harness';

export const ECS_RULE = {
  name: 'prod-dr',
  cloud: 'aliyun-ecs',
  sourceRegions: ['cn-hangzhou'],
  match: { tags: { backup: 'dr' } },
  destinations: [{ region: 'cn-shanghai', retentionDays: 30 }],
};

export const ENS_RULE = {
  name: 'edge',
  cloud: 'aliyun-ens',
  sourceRegions: ['cn-hangzhou-26'],
  destinations: [{ region: 'cn-chengdu-26', retentionDays: 14 }],
};

export const CBS_RULE = {
  name: 'tencent-dr',
  cloud: 'tencent-cbs',
  sourceRegions: ['ap-guangzhou'],
  destinations: [{ region: 'ap-beijing', retentionDays: 14 }],
};

export const POLICY = { rules: [ECS_RULE, ENS_RULE, CBS_RULE] };

export function corpusSeed(): Seed {
  return { ...EXAMPLE_SEED, credentials: credentialsSeed() };
}
