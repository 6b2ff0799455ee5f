import type { Clock } from '../clock';
import type { AnswerSettings } from '../service';
import { renameAnswerFields } from '../wire/answer-renames';
import type { AssumedRole } from './sts-model';

/**
 * Tencent STS answer bodies (the content of `Response`, without RequestId) in the shape of
 * `AssumeRoleResponse` of tencentcloud-sdk-nodejs `sts_models.d.ts`.
 */

type Json = Record<string, unknown>;

export class TencentStsRenderer {
  constructor(
    private readonly settings: () => AnswerSettings,
    private readonly clock: Clock,
  ) {}

  assumeRole(assumed: AssumedRole): Json {
    const { credentials } = assumed;
    return this.finish('AssumeRole', {
      Credentials: { Token: credentials.token, TmpSecretId: credentials.keyId, TmpSecretKey: credentials.secret },
      // Unix seconds, and the same instant in ISO 8601 UTC.
      ExpiredTime: Math.floor(assumed.expiresAtMs / 1000),
      Expiration: this.clock.iso(assumed.expiresAtMs),
    });
  }

  private finish(action: string, body: Json): Json {
    return renameAnswerFields(body, this.settings().renames[`tencent-sts.${action}`]);
  }
}
