import { describe, expect, it } from 'vitest';
import { EcsClient } from '../../shared/clouds/ecs';
import { CbsClient } from '../../shared/clouds/cbs';
import { CloudError } from '../../shared/contracts/errors';
import { isUnreachableCode, unreachable } from '../../shared/clouds/unreachable';

async function failure(call: Promise<unknown>): Promise<CloudError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof CloudError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

// `.invalid` never resolves (RFC 2606); a resolver that cannot be asked at all answers EAI_AGAIN, also an unknown host.
const NO_HOST = new URL('http://ecs.no-such-endpoint.invalid');

describe('unreachable endpoints, told apart from other network errors', () => {
  it('reads Node\'s error code, or the code in an SDK\'s message', () => {
    expect(unreachable({ code: 'ECONNREFUSED', address: '127.0.0.1', port: 1 }, 'connect ECONNREFUSED 127.0.0.1:1POST http://127.0.0.1:1/ failed.')).toEqual({
      code: 'NetworkError.ConnectionRefused',
      message: 'connection refused (127.0.0.1:1): ECONNREFUSED',
    });
    expect(unreachable({}, 'request to http://x.invalid/ failed, reason: getaddrinfo ENOTFOUND x.invalid')).toEqual({ code: 'NetworkError.UnknownHost', message: 'unknown host (x.invalid): ENOTFOUND' });
    expect(unreachable({ code: 'EHOSTUNREACH' }, 'connect EHOSTUNREACH 10.0.0.1:80')?.code).toBe('NetworkError.HostUnreachable');
    expect(unreachable({ code: 'ECONNRESET' }, 'socket hang up')).toBeUndefined();
    expect(unreachable(new Error('read ETIMEDOUT'), 'read ETIMEDOUT')).toBeUndefined();
    expect(isUnreachableCode('NetworkError.UnknownHost')).toBe(true);
    expect(isUnreachableCode('NetworkError')).toBe(false);
  });

  it('pop-core (ECS) and the Tencent SDK (CBS) name an unknown host as such, still transient for the functions', async () => {
    const ecs = await failure(new EcsClient({ region: 'cn-hangzhou', credentials: { accessKeyId: 'id', accessKeySecret: 'secret' }, endpoint: NO_HOST, timeoutMs: 5_000 }).describeSnapshots());
    expect(ecs).toMatchObject({ code: 'NetworkError.UnknownHost', errorClass: 'transient' });
    expect(ecs.message).toContain('no-such-endpoint.invalid');
    const cbs = await failure(new CbsClient({ region: 'ap-guangzhou', credentials: { secretId: 'id', secretKey: 'secret' }, endpoint: NO_HOST, timeoutMs: 5_000 }).describeSnapshots());
    expect(cbs).toMatchObject({ code: 'NetworkError.UnknownHost', errorClass: 'transient' });
  });
});
