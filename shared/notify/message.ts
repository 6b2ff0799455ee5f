/**
 * The notification: a short text, in one JSON body that DingTalk, WeCom and Lark custom robots all
 * accept. DingTalk and WeCom read {"msgtype": "text", "text": {"content"}}, Lark reads
 * {"msg_type": "text", "content": {"text"}}; the two shapes share no key, and each robot reads its own.
 */
import { redact } from '../secrets/redact';
import { OUTCOMES, type Outcome, type ReplicationResult } from '../contracts/results';
import type { NotablePairs } from './notable';

/** Pairs listed by name; the rest are counted. */
const MAX_LISTED_PAIRS = 10;
/** WeCom's text limit is 2048 bytes (UTF-8); stay below it so no robot cuts the message. */
export const MAX_CONTENT_BYTES = 2000;
/** A reason shown in place of a missing error code is cut to this. */
const MAX_REASON = 80;

export interface RunFacts {
  functionName: string;
  requestId: string;
  trigger?: string;
  /** The account of the policy the run acted in (a fan-out's child). */
  account?: string;
  counts?: Record<Outcome, number>;
  notable: NotablePairs;
  deferredAfterHours: number;
}

export interface RobotBody {
  msgtype: 'text';
  text: { content: string };
  msg_type: 'text';
  content: { text: string };
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

function why(r: ReplicationResult): string {
  if (r.errorCode !== undefined) return r.errorCode;
  const reason = r.reason ?? 'no code';
  return reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON)}…` : reason;
}

function pairLine(kind: 'failed' | 'deferred' | 'unreachable', r: ReplicationResult): string {
  const rule = r.rule !== undefined ? `; rule ${r.rule}` : '';
  const since = kind === 'deferred' && r.sourceCreatedAt !== undefined ? `; source made ${r.sourceCreatedAt}` : '';
  const what = kind === 'unreachable' ? 'all pairs' : r.sourceSnapshotId;
  return `${kind} ${what} ${r.sourceRegion} -> ${r.destinationRegion || '?'}: ${why(r)}${rule}${since}`;
}

/** Which function, request, trigger and account the message is about. */
function whereLine(facts: Pick<RunFacts, 'functionName' | 'requestId' | 'trigger' | 'account'>): string {
  return `function ${facts.functionName}, request ${facts.requestId || '?'}${facts.trigger ? `, trigger ${facts.trigger}` : ''}${facts.account ? `, account ${facts.account}` : ''}`;
}

function headline(facts: RunFacts): string {
  const parts: string[] = [];
  if (facts.notable.failed.length > 0) parts.push(`${facts.notable.failed.length} failed`);
  if (facts.notable.longDeferred.length > 0) parts.push(`${facts.notable.longDeferred.length} deferred for over ${facts.deferredAfterHours} h`);
  if (facts.notable.unavailable.length > 0) parts.push(`${facts.notable.unavailable.length} region pairs not reachable`);
  if (facts.notable.failedChores.length > 0) parts.push(`${facts.notable.failedChores.length} upkeep tasks failed`);
  const alerts = (kinds: readonly string[]): number => facts.notable.alerts.filter((a) => kinds.includes(a.kind)).length;
  if (alerts(['rpo-breach', 'rpo-breach-reminder']) > 0) parts.push(`${alerts(['rpo-breach', 'rpo-breach-reminder'])} RPO breaches`);
  if (alerts(['rpo-breach-ended']) > 0) parts.push(`${alerts(['rpo-breach-ended'])} RPO breaches over`);
  if (alerts(['stuck-copy']) > 0) parts.push(`${alerts(['stuck-copy'])} stuck copies`);
  if (facts.notable.failedDispatches.length > 0) parts.push(`${facts.notable.failedDispatches.length} account sweeps not started`);
  // The fixed first word lets a DingTalk robot's keyword check be set to "snapshot-replicator".
  return `snapshot-replicator: ${parts.join(', ')}`;
}

/** The message text: what ran, the counts, and the first pairs with their codes; redacted and capped. */
export function messageText(facts: RunFacts): string {
  const head = [
    headline(facts),
    whereLine(facts),
  ];
  if (facts.counts) head.push(`counts: ${OUTCOMES.map((o) => `${o} ${facts.counts?.[o] ?? 0}`).join(', ')}`);
  const pairs = [
    ...facts.notable.failed.map((r) => pairLine('failed', r)),
    ...facts.notable.unavailable.map((r) => pairLine('unreachable', r)),
    ...facts.notable.longDeferred.map((r) => pairLine('deferred', r)),
    ...facts.notable.failedChores.map((c) => `failed ${c.kind} ${c.snapshotId ?? c.diskId ?? ''} in ${c.region}: ${c.errorCode ?? c.reason ?? 'no code'}; rule ${c.rule}`),
    ...facts.notable.alerts.map((a) => a.text),
    ...facts.notable.failedDispatches.map((d) => `sweep of account ${d.account} not started: ${d.errorCode ?? d.reason ?? 'no code'}`),
  ].map(redact);
  const lines = head.map(redact);
  let listed = 0;
  for (const line of pairs) {
    if (listed === MAX_LISTED_PAIRS) break;
    // Room is kept for the closing "and N more" line.
    if (bytes([...lines, line].join('\n')) > MAX_CONTENT_BYTES - 40) break;
    lines.push(line);
    listed += 1;
  }
  if (listed < pairs.length) lines.push(`… and ${pairs.length - listed} more (see the function's logs)`);
  const text = lines.join('\n');
  // A headline could only overflow with absurd function names or request ids: cut, never refuse.
  return bytes(text) <= MAX_CONTENT_BYTES ? text : Buffer.from(text, 'utf8').subarray(0, MAX_CONTENT_BYTES).toString('utf8').replace(/\uFFFD+$/, '');
}

export function robotBody(text: string): RobotBody {
  return { msgtype: 'text', text: { content: text }, msg_type: 'text', content: { text } };
}

/** The message for a run that failed as a whole: what ran and the error, redacted and capped. */
export function runFailureText(facts: Pick<RunFacts, 'functionName' | 'requestId' | 'trigger' | 'account'> & { error: { code: string; message: string } }): string {
  const text = [
    `snapshot-replicator: run failed with ${facts.error.code}`,
    whereLine(facts),
    facts.error.message,
  ].map(redact).join('\n');
  return bytes(text) <= MAX_CONTENT_BYTES ? text : Buffer.from(text, 'utf8').subarray(0, MAX_CONTENT_BYTES).toString('utf8').replace(/\uFFFD+$/, '');
}
