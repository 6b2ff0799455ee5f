/**
 * The lint that `npm test` runs keeps the layers apart (ARCHITECTURE.md): each deliberate crossing
 * below is linted as if it were written in that file, and must be refused; the allowed imports next
 * to them must pass.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function importProblems(file: string, from: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${from}';\nexport const y = x;\n`, { filePath: resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const CROSSINGS: Array<[file: string, from: string]> = [
  ['shared/engine/replicate.ts', '../clouds/ecs-driver'],
  ['shared/engine/plan.ts', '@alicloud/pop-core/lib/rpc'],
  ['shared/engine/execute.ts', 'node:https'],
  ['shared/engine/plan.ts', '../runtime/answer'],
  ['shared/contracts/driver.ts', '../engine/plan'],
  ['shared/contracts/errors.ts', '../secrets/redact'],
  ['shared/secrets/redact.ts', '../contracts/errors'],
  ['shared/clouds/ecs-driver.ts', '../engine/plan'],
  ['shared/clouds/ens.ts', '../policy/match'],
  ['shared/notify/notifier.ts', '../runtime/answer'],
  ['shared/policy/match.ts', '../clouds/ecs'],
  ['shared/runtime/invoke.ts', 'tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_client'],
  ['shared/engine/plan.ts', '../../local-cloud/index'],
  ['functions/ecs-replicator/index.ts', '../../shared/clouds/ecs-driver'],
  ['functions/ecs-replicator/index.ts', '../../shared/engine/replicate'],
  ['local-cloud/services/ens-model.ts', './ens-wire'],
  ['local-cloud/services/ecs-model.ts', '../wire/rpc'],
  ['local-cloud/server.ts', '../shared/contracts/snapshot'],
];

const ALLOWED: Array<[file: string, from: string]> = [
  ['shared/engine/replicate.ts', '../contracts/driver'],
  ['shared/engine/plan.ts', '../policy/match'],
  ['shared/contracts/driver.ts', './errors'],
  ['shared/clouds/ecs-driver.ts', '../contracts/driver'],
  ['shared/clouds/ecs.ts', '@alicloud/pop-core/lib/rpc'],
  ['shared/runtime/invoke.ts', '../engine/replicate'],
  ['functions/ecs-replicator/index.ts', '../../shared/clouds/ecs-factory'],
  ['functions/ens-replicator/index.ts', '../../shared/engine/edge-chores'],
  ['functions/cbs-replicator/index.ts', '../../shared/runtime/scf-handler'],
  ['local-cloud/services/ens-wire.ts', './ens-model'],
];

describe('import boundaries', () => {
  it.each(CROSSINGS)('%s may not import %s', async (file, from) => {
    expect(await importProblems(file, from)).toHaveLength(1);
  });

  it.each(ALLOWED)('%s may import %s', async (file, from) => {
    expect(await importProblems(file, from)).toEqual([]);
  });
});

describe('errors from a service', () => {
  const code = "import { CloudError } from '../contracts/errors';\nexport const e = new CloudError({ service: 'ecs', action: 'A', code: 'C', message: 'm', errorClass: 'permanent' });\n";

  it('enter through cloudError() (which redacts), never a bare new CloudError in an adapter', async () => {
    const [result] = await eslint.lintText(code, { filePath: resolve(root, 'shared/clouds/ecs.ts') });
    expect(result?.messages.map((m) => m.ruleId)).toEqual(['no-restricted-syntax']);
    const [own] = await eslint.lintText(code, { filePath: resolve(root, 'shared/clouds/cloud-error.ts') });
    expect(own?.messages).toEqual([]);
  });
});
