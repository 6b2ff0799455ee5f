import type { Clock } from '../clock';
import type { AnswerSettings } from '../service';
import { renameAnswerFields } from '../wire/answer-renames';
import type { AssumedRole } from './sts-model';

/**
 * Alibaba STS answer bodies in the shape of the official AssumeRoleResponseBody
 * (github.com/aliyun/alibabacloud-typescript-sdk, sts-20150401/src/models), without RequestId.
 */

type Json = Record<string, unknown>;

export class AliyunStsRenderer {
  constructor(
    private readonly settings: () => AnswerSettings,
    private readonly clock: Clock,
  ) {}

  assumeRole(assumed: AssumedRole): Json {
    const { credentials, role, sessionName } = assumed;
    return this.finish('AssumeRole', {
      Credentials: {
        AccessKeyId: credentials.keyId,
        AccessKeySecret: credentials.secret,
        SecurityToken: credentials.token,
        // UTC, without milliseconds: 2015-04-09T11:52:19Z.
        Expiration: this.clock.iso(assumed.expiresAtMs),
      },
      AssumedRoleUser: {
        Arn: `${role.arn}/${sessionName}`,
        AssumedRoleId: `${role.roleId}:${sessionName}`,
      },
    });
  }

  private finish(action: string, body: Json): Json {
    return renameAnswerFields(body, this.settings().renames[`aliyun-sts.${action}`]);
  }
}
