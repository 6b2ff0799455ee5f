/**
 * The role's STS token as STS issues it (with `+`, `/` and `=`), refused by the service with
 * SignatureDoesNotMatch: the real message echoes the server's string to sign, the token inside it
 * percent-encoded twice. Through the built bundle, neither the answer, nor a log line, nor the webhook
 * message holds the token in any encoding, or the string to sign at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs, fcContext, KEYS, loadBundle, useLocalCloud, type Seed } from '../functions/harness';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { startReceiver, type Receiver } from '../notify/receiver';
import { registerTestSecrets } from './log-guard';

/** The function's role, with a token that differs raw, encoded once and encoded twice. */
const ROLE = { accessKeyId: 'STS.encodedtest', accessKeySecret: 'encoded-role-secret-0123', securityToken: 'CAIS+role/Token==v1+abc/xyz' };
/** What the service knows: the same key and token with another secret, so the signature cannot match. */
const SERVICE_KEY = { ...ROLE, accessKeySecret: 'the-service-knows-another-secret' };
registerTestSecrets(ROLE.accessKeySecret, ROLE.securityToken);

const rpcEncode = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const FORMS = [ROLE.securityToken, rpcEncode(ROLE.securityToken), rpcEncode(rpcEncode(ROLE.securityToken)), ROLE.accessKeySecret];

function seed(): Seed {
  return {
    credentials: { aliyun: [SERVICE_KEY], tencent: [{ ...KEYS.tencent }] },
    ecs: { regions: ['cn-hangzhou', 'cn-shanghai'], snapshots: [{ snapshotId: 's-web1', regionId: 'cn-hangzhou', diskId: 'd-web', name: 'web', status: 'accomplished', snapshotType: 'user' }] },
  };
}

const POLICY = { rules: [{ name: 'prod-dr', cloud: 'aliyun-ecs', sourceRegions: ['cn-hangzhou'], destinations: [{ region: 'cn-shanghai' }] }] };
const cloud = localCloudPerFile(seed, (c) => useLocalCloud(c, POLICY));
const handler = loadBundle('ecs-replicator');
let robot: Receiver;

beforeAll(async () => {
  robot = await startReceiver();
});
afterAll(async () => robot.close());

describe('an STS token in a refused signature', () => {
  it('reaches neither the answer, nor the logs, nor the webhook, in any encoding', async () => {
    process.env.NOTIFY_WEBHOOK_URL = `${robot.base}/robot/send?access_token=robot-token-0123456789`;
    try {
      const context = { ...fcContext(), credentials: { ...ROLE } };
      const { value: answer, lines } = await captureLogs(() => handler(Buffer.from('{"action":"sweep"}'), context));
      expect(answer.ok).toBe(false);
      expect((answer.error as { code: string }).code).toBe('SignatureDoesNotMatch');
      // The service did echo the token twice encoded: the scenario is real.
      const echoed = cloud.calls().find((c) => c.code === 'SignatureDoesNotMatch');
      expect(echoed).toBeDefined();
      expect(robot.received).toHaveLength(1);
      const outputs = [JSON.stringify(answer), lines.join('\n'), robot.received.map((r) => r.body).join('\n')];
      for (const text of outputs) {
        for (const form of FORMS) expect(text).not.toContain(form);
        expect(text).not.toMatch(/string to sign is:?\s*POST/i);
      }
    } finally {
      delete process.env.NOTIFY_WEBHOOK_URL;
    }
  });
});
