/**
 * Alibaba FC 3.0 payloads (the handler gets a Buffer) -> Trigger:
 * - EventBridge CloudEvent {id, source: "acs.ecs", type: "ecs:Snapshot:CreateSnapshotCompleted",
 *   aliyunregionid, time, data: {result, snapshotId, snapshotName, snapshotType, diskId, ...}}, with
 *   `data` as an object or JSON text, or holding the CloudMonitor layout in `data.content`;
 * - the CloudMonitor layout itself {id, product: "ECS", name: "Snapshot:CreateSnapshotCompleted",
 *   regionId, resourceId, eventTime, content: {...}};
 * - the event's content alone {result, snapshotId, ...}, as a trigger whose push format is RawData
 *   delivers it: it names no region, so the function's own region stands in (an EventBridge rule
 *   delivers the events of its own region);
 * - a JSON array of any of these (batched delivery);
 * - the timer event {triggerTime, triggerName, payload: "<text>"};
 * - a manual payload (README.md, "Triggers and answers").
 */
import { invalidInput } from '../contracts/errors';
import { joinPath } from '../validation/field-path';
import { checkDiskId, checkRegionId, checkSnapshotId } from '../validation/ids';
import { withInputErrorsOnly } from './bad-input-guard';
import { asObject, ensure, optionalString, requiredString } from './event-fields';
import { parseManualRequest } from './manual';
import { jsonField, parsePayload } from './payload';
import { parseTimerOptions } from './timer-options';
import type { SnapshotEvent, Trigger } from '../contracts/requests';
export const ECS_EVENT_SOURCE = 'acs.ecs';
export const ECS_SNAPSHOT_COMPLETED = 'ecs:Snapshot:CreateSnapshotCompleted';
const CLOUD_MONITOR_NAME = 'Snapshot:CreateSnapshotCompleted';

/** `acs:ecs:<region>:<uid>:snapshot/<id>` -> region. */
const RESOURCE_ID = /^acs:ecs:([^:]+):[^:]*:snapshot\/.+$/;

type Fields = Record<string, unknown>;

function regionFromResourceId(resourceId: string | undefined): string | undefined {
  return resourceId === undefined ? undefined : RESOURCE_ID.exec(resourceId)?.[1];
}

interface Envelope {
  region: string | undefined;
  /** Where the region was looked for first, to name in a problem. */
  regionField: string;
  eventId: string | undefined;
  time: string | undefined;
}

/** The event body common to both layouts: {result, snapshotId, snapshotName, snapshotType, diskId}. */
function snapshotEvent(content: Fields, base: string, envelope: Envelope): SnapshotEvent {
  const snapshotId = requiredString(content, 'snapshotId', base);
  ensure(joinPath(base, 'snapshotId'), checkSnapshotId('aliyun-ecs', snapshotId), snapshotId);
  if (envelope.region === undefined) throw invalidInput(envelope.regionField, 'is required (or regionId, or a resourceId naming the region)');
  ensure(envelope.regionField, checkRegionId(envelope.region), envelope.region);
  const diskId = optionalString(content, 'diskId', base);
  if (diskId !== undefined) ensure(joinPath(base, 'diskId'), checkDiskId('aliyun-ecs', diskId), diskId);
  const result = optionalString(content, 'result', base);
  if (result !== undefined && result !== 'accomplished' && result !== 'failed')
    throw invalidInput(joinPath(base, 'result'), 'must be accomplished or failed', result);
  const snapshotType = optionalString(content, 'snapshotType', base);
  const name = optionalString(content, 'snapshotName', base);
  // The loop guard: a copy this project made announces itself with the same event, as `copied`.
  const skip = snapshotType === 'copied' ? 'is a copy (never a source)' : result === 'failed' ? 'snapshot failed' : undefined;
  return {
    cloud: 'aliyun-ecs',
    snapshotId,
    region: envelope.region,
    ...(diskId !== undefined ? { diskId } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(snapshotType !== undefined ? { snapshotType } : {}),
    ...(envelope.eventId !== undefined ? { eventId: envelope.eventId } : {}),
    ...(envelope.time !== undefined ? { time: envelope.time } : {}),
    ...(skip !== undefined ? { skip } : {}),
  };
}

function fromCloudEvent(event: Fields, base: string): SnapshotEvent {
  const source = requiredString(event, 'source', base);
  if (source !== ECS_EVENT_SOURCE) throw invalidInput(joinPath(base, 'source'), `must be ${ECS_EVENT_SOURCE} (only ECS snapshot events are handled)`, source);
  const type = requiredString(event, 'type', base);
  if (type !== ECS_SNAPSHOT_COMPLETED) throw invalidInput(joinPath(base, 'type'), `must be ${ECS_SNAPSHOT_COMPLETED}`, type);
  const dataField = joinPath(base, 'data');
  const data = asObject(jsonField(event.data, dataField), dataField);
  // EventBridge may carry the CloudMonitor layout inside `data`.
  const contentField = joinPath(dataField, 'content');
  const content = data.content === undefined ? data : asObject(jsonField(data.content, contentField), contentField);
  const region =
    optionalString(event, 'aliyunregionid', base) ??
    optionalString(data, 'regionId', dataField) ??
    optionalString(event, 'regionId', base) ??
    regionFromResourceId(optionalString(data, 'resourceId', dataField) ?? optionalString(event, 'resourceId', base));
  return snapshotEvent(content, content === data ? dataField : contentField, {
    region,
    regionField: joinPath(base, 'aliyunregionid'),
    eventId: optionalString(event, 'id', base),
    time: optionalString(event, 'time', base),
  });
}

function fromCloudMonitor(event: Fields, base: string): SnapshotEvent {
  const product = requiredString(event, 'product', base);
  if (product.toUpperCase() !== 'ECS') throw invalidInput(joinPath(base, 'product'), 'must be ECS (only ECS snapshot events are handled)', product);
  const name = requiredString(event, 'name', base);
  if (name !== CLOUD_MONITOR_NAME) throw invalidInput(joinPath(base, 'name'), `must be ${CLOUD_MONITOR_NAME}`, name);
  const contentField = joinPath(base, 'content');
  const content = asObject(jsonField(event.content, contentField), contentField);
  const region = optionalString(event, 'regionId', base) ?? regionFromResourceId(optionalString(event, 'resourceId', base));
  return snapshotEvent(content, contentField, {
    region,
    regionField: joinPath(base, 'regionId'),
    eventId: optionalString(event, 'id', base),
    time: optionalString(event, 'eventTime', base),
  });
}

/** The content alone (RawData push format): the snapshot fields, no envelope. */
function isRawContent(event: Fields): boolean {
  return event.snapshotId !== undefined && event.source === undefined && event.type === undefined && event.product === undefined && event.content === undefined;
}

function fromRawContent(event: Fields, base: string, platformRegion: string | undefined): SnapshotEvent {
  return snapshotEvent(event, base, { region: platformRegion, regionField: 'FC_REGION', eventId: undefined, time: undefined });
}

function isCloudMonitorLayout(event: Fields): boolean {
  return event.source === undefined && event.type === undefined && (event.product !== undefined || event.content !== undefined);
}

function isSnapshotEventLayout(event: Fields): boolean {
  return ['source', 'type', 'specversion', 'data', 'product', 'content'].some((key) => event[key] !== undefined);
}

function ecsEvent(value: unknown, base: string, platformRegion: string | undefined): SnapshotEvent {
  const event = asObject(value, base);
  if (isRawContent(event)) return fromRawContent(event, base, platformRegion);
  return isCloudMonitorLayout(event) ? fromCloudMonitor(event, base) : fromCloudEvent(event, base);
}

function batch(events: unknown[], platformRegion: string | undefined): SnapshotEvent[] {
  if (events.length === 0) throw invalidInput('event', 'must not be an empty list of events');
  return events.map((event, index) => ecsEvent(event, `[${index}]`, platformRegion));
}

/** `platformRegion`: the function's own region (FC's `context.region`), for events that name none. */
export function parseFcEvent(event: unknown, platformRegion?: string): Trigger {
  return withInputErrorsOnly(() => {
    const value = parsePayload(event);
    if (Array.isArray(value)) return { kind: 'event', events: batch(value, platformRegion) };
    const object = asObject(value, 'event');
    if (object.triggerTime !== undefined && object.triggerName !== undefined)
      return { kind: 'timer', ...parseTimerOptions(object.payload, 'payload') };
    if (object.action !== undefined) return { kind: 'manual', request: parseManualRequest(object) };
    if (isSnapshotEventLayout(object) || isRawContent(object)) return { kind: 'event', events: [ecsEvent(object, '', platformRegion)] };
    throw invalidInput('event', 'is not a known payload: expected an ECS snapshot event, an FC timer event or a manual {"action": ...}');
  });
}
