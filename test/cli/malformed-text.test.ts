/**
 * The command line's ways in for text that is not well-formed Unicode (a lone UTF-16 surrogate, as
 * JSON writes it: `\ud800`): `invoke --payload`, a `--policy` file (plan, status, copy) and
 * `validate-policy`, and `copy`'s own options, which become a manual copy request. Each is refused
 * with the option and field named, before credentials are looked for or any call is made.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../shared/contracts/errors';
import { parseManualRequest } from '../../shared/triggers/manual';
import { readPayload } from '../../cli/invoke-payload';
import { readPolicyFile } from '../../cli/policy-file';
import { tempHome, writeFile } from './harness';

const { home, cleanup } = tempHome();
afterAll(cleanup);

function refusal(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('was accepted');
}

describe('lone surrogates on the command line', () => {
  it.each(['fc3', 'fc2', 'scf'] as const)('invoke --platform %s refuses a payload holding one, naming its field', (platform) => {
    // What a shell hands over: plain ASCII text, the surrogate written as a JSON escape.
    const payload = '{"action":"sweep","rules":["prod-dr","x\\ud800"]}';
    const error = refusal(() => readPayload(payload, platform, false));
    expect(error.code).toBe('InvalidInput');
    expect(error.field).toBe('payload.rules[1]');
    expect(error.message).toContain('must be well-formed Unicode text');
  });

  it('invoke refuses a payload file holding one in a copy description', () => {
    const file = writeFile(join(home, 'copy.json'), '{"action":"copy","cloud":"aliyun-ecs","snapshotId":"s-1","sourceRegion":"cn-hangzhou","destinations":[{"region":"cn-shanghai"}],"copyDescription":"nightly \\udc00"}');
    expect(refusal(() => readPayload(`@${file}`, 'fc3', true)).field).toBe('payload.copyDescription');
  });

  it('a --policy file (plan, status, copy, validate-policy) holding one is refused with its path', () => {
    const file = writeFile(join(home, 'policy.json'), '{"rules":[{"name":"edge","cloud":"aliyun-ens","sourceRegions":["cn-hangzhou-26"],"destinations":[{"region":"cn-chengdu-26"}],"copyDescription":"edge \\ud800 copy"}]}');
    const error = refusal(() => readPolicyFile(file));
    expect(error.code).toBe('InvalidPolicy');
    expect(error.problems.map((p) => p.field)).toEqual(['rules[0].copyDescription']);
  });

  it("copy's options are checked as the manual copy request they become", () => {
    // `copy --rule` and friends build this request in cli/commands/copy.ts and parse it here.
    const error = refusal(() => parseManualRequest({ action: 'copy', cloud: 'aliyun-ecs', snapshotId: 's-1', sourceRegion: 'cn-hangzhou', destinations: [{ region: 'cn-shanghai' }], rule: 'prod\udfff' }));
    expect(error.field).toBe('rule');
  });
});
