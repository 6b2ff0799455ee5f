/**
 * ECS and ENS answer a wrong signature as the real services do: SignatureDoesNotMatch, with the string
 * the service signed echoed in the message, every parameter in it percent-encoded twice, the STS token
 * among them. The adapters must pass on the code and the service's words, and the token in no form,
 * whether or not it was registered as a secret.
 */
import { describe, expect, it } from 'vitest';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { registerCredentialSecrets } from '../../shared/clouds/credentials';
import { EcsClient } from '../../shared/clouds/ecs';
import { EnsClient } from '../../shared/clouds/ens';
import { CloudError } from '../../shared/contracts/errors';
import { findLeaks } from './leaks';

// Tokens as STS issues them hold `+`, `/` and `=`, so each encoding of them differs.
const PLAIN = { accessKeyId: 'STS.echo-plain', accessKeySecret: 'echo-secret-plain-0001', securityToken: 'echo+plain/token=0001' };
const REGISTERED = { accessKeyId: 'STS.echo-registered', accessKeySecret: 'echo-secret-registered-0001', securityToken: 'echo+registered/token=0001' };

const cloud = localCloudPerFile(() => ({
  credentials: { aliyun: [PLAIN, REGISTERED] },
  ecs: { regions: ['cn-hangzhou'] },
  ens: { regions: ['cn-hangzhou-26'] },
}));

const rpcEncode = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function forms(secret: string): string[] {
  return [secret, rpcEncode(secret), rpcEncode(rpcEncode(secret))];
}

async function refusal(call: () => Promise<unknown>): Promise<CloudError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof CloudError) return error;
    throw error;
  }
  throw new Error('the call unexpectedly succeeded');
}

const CLIENTS = {
  ecs: (key: typeof PLAIN) => () => new EcsClient({ region: 'cn-hangzhou', credentials: key, endpoint: new URL(cloud.url) }).describeSnapshots(),
  ens: (key: typeof PLAIN) => () => new EnsClient({ credentials: key, endpoint: new URL(cloud.url) }).describeSnapshots(),
};

describe.each(['ecs', 'ens'] as const)('%s SignatureDoesNotMatch', (service) => {
  it.each([
    ['a token never registered (the patterns alone)', PLAIN, false],
    ['a registered token', REGISTERED, true],
  ] as const)('passes on the refusal without the string to sign, for %s', async (_what, key, register) => {
    const wrong = { ...key, accessKeySecret: `${key.accessKeySecret}-wrong` };
    if (register) registerCredentialSecrets(wrong);
    const error = await refusal(CLIENTS[service](wrong));
    expect(error).toMatchObject({ service, code: 'SignatureDoesNotMatch', errorClass: 'auth', httpStatus: 400 });
    expect(error.message).toContain('Specified signature is not matched with our calculation.');
    expect(error.message).not.toContain(`AccessKeyId%3D${rpcEncode(key.accessKeyId)}`);
    for (const form of forms(key.securityToken)) expect(error.message).not.toContain(form);
    expect(findLeaks(error.message, [key.securityToken, key.accessKeySecret, wrong.accessKeySecret])).toEqual([]);
    // The local cloud's answer carries the token twice-encoded (test/local-cloud/ecs.test.ts): the masking is the adapter's.
    expect(cloud.calls().at(-1)).toMatchObject({ service, code: 'SignatureDoesNotMatch' });
  });
});
