/**
 * The optional failure webhook's settings, from the environment:
 *   NOTIFY_WEBHOOK_URL            a DingTalk, WeCom or Lark custom robot URL (http or https); unset = no notifications
 *   NOTIFY_WEBHOOK_SECRET         the robot's signing secret (DingTalk "加签", Lark signature verification); unset = unsigned
 *   NOTIFY_DEFERRED_AFTER_HOURS   how old a deferred pair's source may grow before it is reported (default 24)
 * A bad value is refused before any API call, like any other configuration error.
 */
import { InputError } from '../contracts/errors';
import { robotKind } from './robot-kind';
import type { SigningRobot } from './sign';
type Env = Record<string, string | undefined>;

export const DEFAULT_DEFERRED_AFTER_HOURS = 24;
/** A year: anything longer is a typo, not a policy. */
const MAX_DEFERRED_AFTER_HOURS = 8760;

export interface NotifyConfig {
  url: URL;
  deferredAfterHours: number;
  /** Set when NOTIFY_WEBHOOK_SECRET is: each message is signed as this robot requires. */
  signing?: { robot: SigningRobot; secret: string };
}

function invalid(field: string, rule: string, value?: unknown): InputError {
  return new InputError('InvalidConfiguration', [value === undefined ? { field, rule } : { field, rule, value }]);
}

function webhookUrl(text: string): URL {
  // The value is never echoed: robot URLs carry their access token.
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('NOTIFY_WEBHOOK_URL', 'must be a full http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('NOTIFY_WEBHOOK_URL', 'must use http or https');
  return url;
}

function deferredAfterHours(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_DEFERRED_AFTER_HOURS;
  const hours = Number(text);
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_DEFERRED_AFTER_HOURS) {
    throw invalid('NOTIFY_DEFERRED_AFTER_HOURS', `must be a number of hours above 0 and at most ${MAX_DEFERRED_AFTER_HOURS}`, text);
  }
  return hours;
}

/** A secret the robot cannot use is refused: an unsigned message would be refused by the robot, silently. */
function signing(url: URL, secret: string | undefined): NotifyConfig['signing'] {
  if (secret === undefined || secret === '') return undefined;
  const robot = robotKind(url);
  if (robot === 'dingtalk' || robot === 'lark') return { robot, secret };
  // The secret is never echoed, nor the URL.
  throw invalid(
    'NOTIFY_WEBHOOK_SECRET',
    robot === 'wecom'
      ? 'is set, but WeCom robots have no signing: unset it'
      : 'is set, but NOTIFY_WEBHOOK_URL is neither a DingTalk (/robot/send) nor a Lark (/open-apis/bot/v2/hook/...) robot URL, so the message cannot be signed',
  );
}

/** The settings, or undefined when no webhook is configured. */
export function notifyConfig(env: Env): NotifyConfig | undefined {
  const text = env.NOTIFY_WEBHOOK_URL?.trim();
  const secret = env.NOTIFY_WEBHOOK_SECRET?.trim();
  if (!text) {
    if (secret) throw invalid('NOTIFY_WEBHOOK_SECRET', 'is set without NOTIFY_WEBHOOK_URL');
    return undefined;
  }
  const url = webhookUrl(text);
  const signed = signing(url, secret);
  return { url, deferredAfterHours: deferredAfterHours(env.NOTIFY_DEFERRED_AFTER_HOURS), ...(signed ? { signing: signed } : {}) };
}
