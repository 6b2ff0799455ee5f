/**
 * Tencent SCF payloads (the handler gets an object; text and Buffers are accepted too) -> Trigger:
 * - the timer event {Type: "Timer", TriggerName, Time, Message: "<text>"} (Type compared
 *   case-insensitively; Message empty or JSON sweep options);
 * - the EventBridge CloudAudit event of a CBS API call. Envelope, as Tencent documents it for
 *   CloudAudit events on EventBridge (https://www.tencentcloud.com/document/product/1108/46246):
 *     {specversion: "1.0", id, source: "cbs.cloud.tencent", type: "cbs:CloudEvent:ApiCall",
 *      subject, time: <epoch ms>, region, resource: [...], datacontenttype, tags, data: {<CloudAudit log>}}
 *   `type` ends in ApiCall, ConsoleCall or MiniProgramCall by who made the call; all three count.
 *   The CloudAudit log inside `data` is read defensively (its layout is not documented field by field):
 *   eventName ("CreateSnapshot"), eventRegion, apiErrorCode / errorCode (0 = success),
 *   requestParameters {DiskId, SnapshotName} and responseElements {SnapshotId} (each an object or
 *   JSON text, the response possibly wrapped in {Response: ...}), resourceName or the envelope's
 *   `subject` as fallback ids. The event fires on the call, before the snapshot is NORMAL: the event
 *   is marked notReadyYet. The documented log guarantees no snapshot id (docs/api-facts.md § "Event:
 *   Tencent EventBridge CloudAudit"): a CreateSnapshot log without one sweeps the rules of its region.
 *   EventBridge may deliver a batch: a JSON array of such events.
 * - a manual payload (README.md, "Triggers and answers").
 */
import { invalidInput } from '../contracts/errors';
import { joinPath } from '../validation/field-path';
import { checkDiskId, checkRegionId, checkSnapshotId } from '../validation/ids';
import { withInputErrorsOnly } from './bad-input-guard';
import { asObject, ensure, optionalString } from './event-fields';
import { parseManualRequest } from './manual';
import { jsonField, parsePayload } from './payload';
import { parseTimerOptions } from './timer-options';
import type { SnapshotEvent, Trigger } from '../contracts/requests';
const CBS_EVENT_SOURCE = 'cbs.cloud.tencent';
const CBS_AUDIT_TYPE = /^cbs:CloudEvent:(ApiCall|ConsoleCall|MiniProgramCall)$/;

type Fields = Record<string, unknown>;

/** CloudAudit error codes are numbers or numeric text; 0 (or absent) means the call succeeded. */
function failedCode(log: Fields): string | undefined {
  for (const key of ['apiErrorCode', 'errorCode']) {
    const code = log[key];
    if (code === undefined || code === null || code === 0 || code === '0' || code === '') continue;
    if (typeof code === 'number' || typeof code === 'string') return `${key} ${String(code).slice(0, 64)}`;
  }
  return undefined;
}

function optionalObject(log: Fields, key: string, base: string): Fields | undefined {
  const value = log[key];
  if (value === undefined || value === null || value === '') return undefined;
  const field = joinPath(base, key);
  return asObject(jsonField(value, field), field);
}

function eventTime(envelope: Fields): string | undefined {
  const time = envelope.time;
  if (typeof time === 'number' && Number.isFinite(time)) {
    const date = new Date(time);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  return optionalString(envelope, 'time', '');
}

/** What one CloudAudit event asks for: a named snapshot, or a sweep of a region. */
type AuditOutcome = { event: SnapshotEvent } | { sweepRegion: string };

function cloudAuditEvent(envelope: Fields): AuditOutcome {
  const source = optionalString(envelope, 'source', '');
  if (source !== CBS_EVENT_SOURCE) throw invalidInput('source', `must be ${CBS_EVENT_SOURCE} (only CBS CloudAudit events are handled)`, source);
  const type = optionalString(envelope, 'type', '') ?? '';
  if (!CBS_AUDIT_TYPE.test(type)) throw invalidInput('type', 'must be cbs:CloudEvent:ApiCall (or ConsoleCall, MiniProgramCall)', type);
  const log = asObject(jsonField(envelope.data, 'data'), 'data');

  const regionField = envelope.region !== undefined ? 'region' : 'data.eventRegion';
  const region = optionalString(envelope, 'region', '') ?? optionalString(log, 'eventRegion', 'data');
  if (region === undefined) throw invalidInput('region', 'is required');
  ensure(regionField, checkRegionId(region), region);

  const eventId = optionalString(envelope, 'id', '');
  const time = eventTime(envelope);
  const common = {
    cloud: 'tencent-cbs' as const,
    region,
    ...(eventId !== undefined ? { eventId } : {}),
    ...(time !== undefined ? { time } : {}),
  };
  const eventName = optionalString(log, 'eventName', 'data');
  const validId = (id: string | undefined): string | undefined => (id !== undefined && checkSnapshotId('tencent-cbs', id) === null ? id : undefined);
  const namedSnapshot = validId(optionalString(log, 'resourceName', 'data')) ?? validId(optionalString(envelope, 'subject', ''));
  if (eventName !== 'CreateSnapshot')
    return { event: { ...common, snapshotId: namedSnapshot ?? '', skip: `CloudAudit call ${eventName ?? '(unnamed)'} makes no copy` } };
  const failure = failedCode(log);
  if (failure !== undefined) return { event: { ...common, snapshotId: namedSnapshot ?? '', skip: `CreateSnapshot failed (${failure})` } };

  const request = optionalObject(log, 'requestParameters', 'data') ?? {};
  const responseBase = 'data.responseElements';
  const response = optionalObject(log, 'responseElements', 'data') ?? {};
  const inner = response.Response === undefined ? response : asObject(response.Response, `${responseBase}.Response`);
  const innerBase = response.Response === undefined ? responseBase : `${responseBase}.Response`;
  const answered = optionalString(inner, 'SnapshotId', innerBase);
  if (answered !== undefined) ensure(`${innerBase}.SnapshotId`, checkSnapshotId('tencent-cbs', answered), answered);
  const snapshotId = answered ?? namedSnapshot;
  if (snapshotId === undefined) return { sweepRegion: region };
  const diskId = optionalString(request, 'DiskId', 'data.requestParameters');
  if (diskId !== undefined) ensure('data.requestParameters.DiskId', checkDiskId('tencent-cbs', diskId), diskId);
  const name = optionalString(request, 'SnapshotName', 'data.requestParameters');
  return { event: { ...common, snapshotId, ...(diskId !== undefined ? { diskId } : {}), ...(name !== undefined ? { name } : {}), notReadyYet: true } };
}

/** One event or a batch of them: the named snapshots, and the regions to sweep for the unnamed. */
function auditEvents(values: unknown[]): Trigger {
  if (values.length === 0) throw invalidInput('event', 'must not be an empty list of events');
  const events: SnapshotEvent[] = [];
  const regions = new Set<string>();
  for (const outcome of values.map((v) => cloudAuditEvent(asObject(v, 'event')))) {
    if ('event' in outcome) events.push(outcome.event);
    else regions.add(outcome.sweepRegion);
  }
  return { kind: 'event', events, ...(regions.size > 0 ? { regionsToSweep: [...regions] } : {}) };
}

function isTimer(event: Fields): boolean {
  return typeof event.Type === 'string' && event.Type.toLowerCase() === 'timer';
}

export function parseScfEvent(event: unknown): Trigger {
  return withInputErrorsOnly(() => {
    const value = parsePayload(event);
    if (Array.isArray(value)) return auditEvents(value);
    const object = asObject(value, 'event');
    if (isTimer(object)) return { kind: 'timer', ...parseTimerOptions(object.Message, 'Message') };
    if (object.action !== undefined) return { kind: 'manual', request: parseManualRequest(object) };
    if (object.source !== undefined || object.type !== undefined) return auditEvents([object]);
    throw invalidInput('event', 'is not a known payload: expected an SCF timer event, a CBS CloudAudit event or a manual {"action": ...}');
  });
}
