/**
 * After a run: one message to the webhook when the run failed as a whole, a pair failed or stayed
 * deferred too long, or a timer sweep has an RPO breach or stuck copy to tell of; nothing otherwise. Never throws into the handler: a robot that is down, slow or refusing costs one warning.
 */
import { redact, registerSecret } from '../secrets/redact';
import type { Answer } from '../contracts/results';
import type { Logger } from '../contracts/logger';
import type { CloudKind } from '../contracts/snapshot';
import { notifyConfig, type NotifyConfig } from './config';
import { messageText, robotBody, runFailureText } from './message';
import { hasNotable, notablePairs } from './notable';
import { robotRefusal } from './robot-reply';
import { signRequest } from './sign';
import { postJson, webhookLabel, WEBHOOK_TIMEOUT_MS, withoutWebhook, type PostJson, type WebhookReply } from './webhook';

type Env = Record<string, string | undefined>;

export type Notify = (answer: Answer, requestId: string) => Promise<void>;

export interface NotifierOptions {
  env: Env;
  logger: Logger;
  cloud: CloudKind;
  now?: () => number;
  post?: PostJson;
}

/** A path segment this long is a token (Lark's is a UUID), not a word like "robot" or "open-apis". */
const TOKEN_SEGMENT_LENGTH = 16;

/** The robot's token and signing secret are masked wherever they might surface, like the cloud credentials. */
function registerWebhookSecrets(config: NotifyConfig): void {
  for (const value of config.url.searchParams.values()) registerSecret(value);
  for (const segment of config.url.pathname.split('/')) if (segment.length >= TOKEN_SEGMENT_LENGTH) registerSecret(segment);
  registerSecret(config.signing?.secret);
}

/** One message, signed when the robot wants it signed; the signature is masked like the secret. */
function sendText(config: NotifyConfig, text: string, post: PostJson, nowMs: number): Promise<WebhookReply> {
  const body = robotBody(text);
  if (!config.signing) return post(config.url, body, WEBHOOK_TIMEOUT_MS);
  const signed = signRequest(config.signing.robot, config.signing.secret, config.url, body, nowMs);
  registerSecret(signed.sign);
  return post(signed.url, signed.body, WEBHOOK_TIMEOUT_MS);
}

/** FC 3.0 names the function in FC_FUNCTION_NAME; SCF in SCF_FUNCTIONNAME (docs/api-facts.md § "Platform: SCF"). */
function functionName(env: Env, cloud: CloudKind): string {
  return env.FC_FUNCTION_NAME || env.SCF_FUNCTIONNAME || `${cloud} replicator`;
}

/** Undefined when no webhook is set; throws InputError('InvalidConfiguration') on a bad setting. */
export function failureNotifier(options: NotifierOptions): Notify | undefined {
  const config = notifyConfig(options.env);
  if (!config) return undefined;
  registerWebhookSecrets(config);
  const now = options.now ?? Date.now;
  const post = options.post ?? postJson;
  const webhook = webhookLabel(config.url);
  return async (answer, requestId) => {
    // A fan-out's child names its account on every line, as the run's own lines do.
    const account = answer.account ? { account: answer.account } : {};
    const logger = { log: (level: Parameters<Logger['log']>[0], fields: Record<string, unknown>) => options.logger.log(level, { ...account, ...fields }) };
    try {
      if (!answer.ok && answer.error) {
        const text = runFailureText({ functionName: functionName(options.env, options.cloud), requestId, ...(answer.trigger ? { trigger: answer.trigger } : {}), ...account, error: answer.error });
        const reply = await sendText(config, text, post, now());
        const refusal = robotRefusal(reply.status, reply.body);
        if (refusal === undefined) logger.log('info', { msg: 'notification sent', requestId, webhook, runFailed: answer.error.code });
        else logger.log('warn', { msg: 'notification refused', requestId, webhook, reason: redact(withoutWebhook(refusal, config.url)) });
        return;
      }
      const notable = notablePairs(answer, config.deferredAfterHours, now());
      if (!hasNotable(notable)) return;
      const text = messageText({
        functionName: functionName(options.env, options.cloud),
        requestId,
        ...(answer.trigger ? { trigger: answer.trigger } : {}),
        ...account,
        ...(answer.summary ? { counts: answer.summary.counts } : {}),
        notable,
        deferredAfterHours: config.deferredAfterHours,
      });
      const reply = await sendText(config, text, post, now());
      const refusal = robotRefusal(reply.status, reply.body);
      const pairs = { failed: notable.failed.length, deferred: notable.longDeferred.length, unreachable: notable.unavailable.length, failedChores: notable.failedChores.length, alerts: notable.alerts.length, accountsNotStarted: notable.failedDispatches.length };
      if (refusal === undefined) logger.log('info', { msg: 'notification sent', requestId, webhook, ...pairs });
      else logger.log('warn', { msg: 'notification refused', requestId, webhook, reason: redact(withoutWebhook(refusal, config.url)), ...pairs });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.log('warn', { msg: 'notification failed', requestId, webhook, error: redact(withoutWebhook(message, config.url)) });
    }
  };
}
