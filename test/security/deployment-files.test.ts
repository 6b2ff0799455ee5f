/**
 * s.yaml (Serverless Devs, FC 3.0) and serverless.yml (SCF component) parse, and point the platforms
 * at the right bundles and exports, the snapshot-completed event, enabled timers whose payloads are
 * sweeps, and (FC) a destination for events that still fail after the retries.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ECS_EVENT_SOURCE, ECS_SNAPSHOT_COMPLETED, parseFcEvent } from '../../shared/triggers/fc';
import { parseScfEvent } from '../../shared/triggers/scf';
import { ensureBuilt } from '../functions/harness';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

type Node = Record<string, unknown>;

function read(file: string): Node {
  return parse(readFileSync(resolve(root, file), 'utf8')) as Node;
}

function at(node: unknown, ...path: string[]): unknown {
  let value = node;
  for (const key of path) value = (value as Node | undefined)?.[key];
  return value;
}

/** `code` + `handler: index.handler` -> the export the platform calls, from the bundle it loads. */
function exportedHandler(codeDir: string, handler: string): unknown {
  const [file, name] = handler.split('.');
  const path = resolve(root, codeDir, `${file}.js`);
  expect(existsSync(path)).toBe(true);
  return (require(path) as Node)[name ?? ''];
}

beforeAll(() => ensureBuilt());

describe('s.yaml', () => {
  const resources = at(read('s.yaml'), 'resources') as Node;

  it.each([
    ['ecs-replicator', './dist/ecs-replicator'],
    ['ens-replicator', './dist/ens-replicator'],
  ])('deploys %s from its bundle, calling its exported handler', (name, code) => {
    const props = at(resources, name, 'props') as Node;
    expect(at(resources, name, 'component')).toBe('fc3');
    expect(props.code).toBe(code);
    expect(props.handler).toBe('index.handler');
    expect(typeof exportedHandler(String(props.code), String(props.handler))).toBe('function');
    expect(String(props.runtime)).toMatch(/^nodejs(18|20|22)$/);
  });

  it.each(['ecs-replicator', 'ens-replicator'])('sends %s events that fail after the retries to a destination', (name) => {
    const config = at(resources, name, 'props', 'asyncInvokeConfig') as Node;
    expect(typeof config.maxAsyncRetryAttempts).toBe('number');
    const destination = at(config, 'destinationConfig', 'onFailure', 'destination');
    expect(typeof destination).toBe('string');
    expect(String(destination).length).toBeGreaterThan(0);
  });

  it('subscribes ecs-replicator to ECS snapshot-completed events only, asynchronously', () => {
    const triggers = at(resources, 'ecs-replicator', 'props', 'triggers') as Node[];
    const events = triggers.filter((t) => t.triggerType === 'eventbridge');
    expect(events).toHaveLength(1);
    const config = events[0]?.triggerConfig as Node;
    expect(config.triggerEnable).toBe(true);
    expect(config.asyncInvocationType).toBe(true);
    expect(JSON.parse(String(config.eventRuleFilterPattern))).toEqual({ source: [ECS_EVENT_SOURCE], type: [ECS_SNAPSHOT_COMPLETED] });
  });

  it('gives ens-replicator no event trigger: ENS sends no snapshot events', () => {
    const triggers = at(resources, 'ens-replicator', 'props', 'triggers') as Node[];
    expect(triggers.map((t) => t.triggerType)).toEqual(['timer']);
  });

  it.each(['ecs-replicator', 'ens-replicator'])('runs an enabled %s timer whose payload the function reads as a sweep', (name) => {
    const timers = (at(resources, name, 'props', 'triggers') as Node[]).filter((t) => t.triggerType === 'timer');
    expect(timers).toHaveLength(1);
    const config = timers[0]?.triggerConfig as Node;
    expect(config.enable).toBe(true);
    expect(String(config.cronExpression).split(' ')).toHaveLength(6);
    const trigger = parseFcEvent(Buffer.from(JSON.stringify({ triggerTime: '2026-11-22T10:30:00Z', triggerName: timers[0]?.triggerName, payload: config.payload })));
    expect(trigger).toEqual({ kind: 'timer', request: { action: 'sweep' } });
  });
});

describe('serverless.yml', () => {
  const doc = read('serverless.yml');
  const inputs = at(doc, 'inputs') as Node;

  it('deploys cbs-replicator from its bundle, calling its exported main_handler', () => {
    expect(doc.component).toBe('scf');
    expect(inputs.src).toBe('./dist/cbs-replicator');
    expect(inputs.handler).toBe('index.main_handler');
    expect(typeof exportedHandler(String(inputs.src), String(inputs.handler))).toBe('function');
  });

  it('runs an enabled timer whose argument the function reads as a sweep', () => {
    const timers = (inputs.events as Node[]).map((e) => e.timer).filter((t): t is Node => t !== undefined);
    expect(timers).toHaveLength(1);
    const parameters = timers[0]?.parameters as Node;
    expect(parameters.enable).toBe(true);
    expect(String(parameters.cronExpression).split(' ')).toHaveLength(7);
    expect(parseScfEvent({ Type: 'Timer', TriggerName: parameters.name, Message: parameters.argument })).toEqual({ kind: 'timer', request: { action: 'sweep' } });
  });
});
