/**
 * The settings that let timer sweeps tell each RPO breach and stuck copy once (engine/rpo.ts):
 *   SWEEP_INTERVAL_MINUTES     the timer's period, as in s.yaml / serverless.yml (default: the shipped
 *                              timers, 30 minutes, ENS 15); a period a cron timer can keep
 *   NOTIFY_RPO_REMINDER_HOURS  a breach that lasts is notified again this often (default 24; 0 never)
 * A bad value is refused before any API call, like any other configuration error.
 */
import { InputError } from '../contracts/errors';
import type { CloudKind } from '../contracts/snapshot';
type Env = Record<string, string | undefined>;

const MINUTE_MS = 60_000;
const MINUTES_PER_DAY = 1440;
const DEFAULT_SWEEP_INTERVAL_MINUTES: Record<CloudKind, number> = { 'aliyun-ecs': 30, 'tencent-cbs': 30, 'aliyun-ens': 15 };
const DEFAULT_REMINDER_HOURS = 24;
/** A year: anything longer is a typo, not a policy. */
const MAX_REMINDER_HOURS = 8760;

function invalid(field: string, rule: string, value: string): InputError {
  return new InputError('InvalidConfiguration', [{ field, rule, value }]);
}

function sweepIntervalMinutes(text: string | undefined, cloud: CloudKind): number {
  if (text === undefined || text.trim() === '') return DEFAULT_SWEEP_INTERVAL_MINUTES[cloud];
  const minutes = Number(text);
  // A cron timer fires on such a grid: every N minutes of the hour (N divides 60), or every N hours of the day.
  const onGrid = Number.isInteger(minutes) && minutes > 0 && (60 % minutes === 0 || (minutes % 60 === 0 && MINUTES_PER_DAY % minutes === 0));
  if (!onGrid) throw invalid('SWEEP_INTERVAL_MINUTES', 'must be the timer\'s period in minutes: a divisor of 60 (5, 10, 15, 30, ...) or whole hours dividing a day (60, 120, ... 1440)', text);
  return minutes;
}

function reminderHours(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_REMINDER_HOURS;
  const hours = Number(text);
  if (!Number.isFinite(hours) || hours < 0 || hours > MAX_REMINDER_HOURS) {
    throw invalid('NOTIFY_RPO_REMINDER_HOURS', `must be a number of hours from 0 (never) to ${MAX_REMINDER_HOURS}`, text);
  }
  return hours;
}

export function watchConfig(env: Env, cloud: CloudKind): { periodMs: number; reminderMs: number } {
  return { periodMs: sweepIntervalMinutes(env.SWEEP_INTERVAL_MINUTES, cloud) * MINUTE_MS, reminderMs: reminderHours(env.NOTIFY_RPO_REMINDER_HOURS) * 60 * MINUTE_MS };
}
