/**
 * The deploy files, as the pinned deploy tools themselves read them (test/support/deploy-tools.ts):
 * s.yaml rendered by Serverless Devs' `s preview`, serverless.yml resolved by the Serverless
 * Components CLI's Tencent loader. Both run offline; what they hand the fc3 and scf components is
 * checked against those components' documented fields, and against the bundles `npm run package`
 * lays out for them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEPLOY_DIR, packageFunctions } from '../../scripts/code-package';
import { ECS_EVENT_SOURCE, ECS_SNAPSHOT_COMPLETED, parseFcEvent } from '../../shared/triggers/fc';
import { parseScfEvent } from '../../shared/triggers/scf';
import { loadServerlessYml, previewSYaml } from '../support/deploy-tools';
import { recordChildOutput } from '../support/guarded-child';
import { ensureBuilt } from '../functions/harness';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const ACCOUNT = '1234567890123456';

type Node = Record<string, unknown>;

function at(node: unknown, ...path: string[]): unknown {
  let value = node;
  for (const key of path) value = (value as Node | undefined)?.[key];
  return value;
}

/** Every string anywhere in a document (to look for unresolved variables). */
function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (node !== null && typeof node === 'object') return Object.values(node).flatMap(strings);
  return [];
}

/**
 * fc3's function props (IProps in the component's schema:
 * https://github.com/devsapp/fc3/blob/main/src/schema.json); anything else is ignored by fc3.
 */
const FC3_PROPS = new Set([
  'annotations', 'asyncInvokeConfig', 'code', 'concurrencyConfig', 'cpu', 'customContainerConfig', 'customDNS',
  'customRuntimeConfig', 'description', 'diskSize', 'enableLongLiving', 'endpoint', 'environmentVariables',
  'functionName', 'gpuConfig', 'handler', 'instanceConcurrency', 'instanceIsolationMode', 'instanceLifecycleConfig',
  'internetAccess', 'layers', 'logConfig', 'memorySize', 'nasConfig', 'ossMountConfig', 'provisionConfig', 'region',
  'resourceGroupId', 'role', 'runtime', 'scalingConfig', 'sessionAffinity', 'sessionAffinityConfig', 'supplement',
  'tags', 'timeout', 'tracingConfig', 'triggers', 'vpcBinding', 'vpcConfig',
]);
/** fc3's IAsyncInvokeConfig and IConcurrencyConfig, same schema. */
const FC3_ASYNC_CONFIG = new Set(['asyncTask', 'destinationConfig', 'maxAsyncEventAgeInSeconds', 'maxAsyncRetryAttempts', 'qualifier']);
const FC3_CONCURRENCY_CONFIG = new Set(['reservedConcurrency']);

/**
 * The scf component's inputs (https://github.com/serverless-components/tencent-scf/blob/master/docs/configure.md),
 * plus `originSrc`, which the CLI's loader adds when it makes `src` absolute.
 */
const SCF_INPUTS = new Set([
  'name', 'namespace', 'role', 'src', 'type', 'handler', 'entryFile', 'runtime', 'region', 'description', 'memorySize',
  'timeout', 'initTimeout', 'environment', 'publicAccess', 'installDependency', 'vpcConfig', 'cfs', 'deadLetter',
  'layers', 'cls', 'eip', 'asyncRunEnable', 'traceEnable', 'msgTTL', 'retryNum', 'tags', 'ignoreTriggers', 'image',
  'events', 'originSrc',
]);
/** Documented as taking effect only when asyncRunEnable is true: anywhere else they are silently ignored. */
const SCF_ASYNC_RUN_ONLY = ['retryNum', 'msgTTL', 'traceEnable'];

const packaged = mkdtempSync(join(tmpdir(), 'srep-packages-'));

/** `<code>/index.js` of a package laid out like `npm run package` does, and the export the platform calls. */
function exportedHandler(codeDir: string, handler: string): unknown {
  const [file, name] = handler.split('.');
  const prefix = `./${DEPLOY_DIR}/`;
  expect(codeDir.startsWith(prefix)).toBe(true);
  const path = join(packaged, codeDir.slice(prefix.length), `${file}.js`);
  expect(existsSync(path)).toBe(true);
  return (require(path) as Node)[name ?? ''];
}

beforeAll(() => {
  ensureBuilt();
  packageFunctions({ distDir: resolve(root, 'dist'), outDir: packaged, functionsDir: resolve(root, 'functions') });
});

describe('the deploy tools run offline', () => {
  it('refuses any network access in the tools the tests run', () => {
    const guard = pathToFileURL(resolve(root, 'test/support/no-network.mjs')).href;
    const run = spawnSync(process.execPath, ['--import', guard, '-e', "require('node:https').get('https://example.invalid/').on('error', (e) => { console.error(e.message); process.exit(3); })"], { encoding: 'utf8', timeout: 30_000 });
    recordChildOutput(run);
    expect(`${run.stderr}`).toContain('network access refused');
    expect(run.status).not.toBe(0);
  });

  it('pins exact versions of both tools and runs them from the deploy scripts', () => {
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.devDependencies['@serverless-devs/s']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies['@serverless/components']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.scripts['deploy:fc']).toMatch(/^s deploy\b/);
    // Tencent's commands are chosen by this variable, not by the machine's time zone.
    expect(pkg.scripts['deploy:scf']).toMatch(/^npm run package && SERVERLESS_PLATFORM_VENDOR=tencent components deploy$/);
    expect(pkg.scripts.package).toBe('tsx scripts/package.ts');
  });
});

describe('s.yaml, rendered by Serverless Devs (s preview)', () => {
  let rendered: Node;
  let resources: Node;
  beforeAll(() => {
    const run = previewSYaml({ ALIBABA_CLOUD_ACCOUNT_ID: ACCOUNT });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    rendered = run.rendered as Node;
    resources = rendered.resources as Node;
  });

  it('stops before anything is deployed when ALIBABA_CLOUD_ACCOUNT_ID is unset, naming it', () => {
    const run = previewSYaml({});
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toContain("env('ALIBABA_CLOUD_ACCOUNT_ID') not found");
  });

  it('resolves every variable: the role and the destination carry the account', () => {
    expect(strings(rendered).filter((s) => s.includes('${'))).toEqual([]);
    for (const name of ['ecs-replicator', 'ens-replicator']) {
      expect(at(resources, name, 'props', 'role')).toBe(`acs:ram::${ACCOUNT}:role/snapshot-replicator`);
      expect(at(resources, name, 'props', 'asyncInvokeConfig', 'destinationConfig', 'onFailure', 'destination'))
        .toBe(`acs:mns:cn-hangzhou:${ACCOUNT}:/queues/snapshot-replicator-failures/messages`);
    }
  });

  it('packages the bundles and the checked policy once, before the functions deploy', () => {
    expect(at(rendered, 'actions', 'pre-deploy')).toEqual([{ run: 'npm run package', path: './' }]);
  });

  it.each(['ecs-replicator', 'ens-replicator'])('hands fc3 only documented props for %s, with the packaged bundle as code', (name) => {
    const props = at(resources, name, 'props') as Node;
    expect(at(resources, name, 'component')).toBe('fc3');
    expect(Object.keys(props).filter((k) => !FC3_PROPS.has(k))).toEqual([]);
    for (const required of ['region', 'functionName', 'runtime', 'code', 'handler']) expect(props[required], required).toBeDefined();
    expect(props.code).toBe(`./${DEPLOY_DIR}/${name}`);
    expect(props.handler).toBe('index.handler');
    expect(typeof exportedHandler(String(props.code), String(props.handler))).toBe('function');
    expect(String(props.runtime)).toMatch(/^nodejs(18|20)$/);
  });

  it.each(['ecs-replicator', 'ens-replicator'])('ships the FC 3.0 invoke client %s fans out with beside its bundle, where the bundle reads it', (name) => {
    const code = String(at(resources, name, 'props', 'code')).slice(`./${DEPLOY_DIR}/`.length);
    // The bundle names the file it reads lazily; the package must hold that very file.
    expect(readFileSync(join(packaged, code, 'index.js'), 'utf8')).toContain('./fc3-invoke.js');
    expect(typeof (require(join(packaged, code, 'fc3-invoke.js')) as Node).invokeFc3).toBe('function');
  });

  it.each(['ecs-replicator', 'ens-replicator'])('keeps %s environment variables far below FC\'s 4 KB: the policy ships as a file', (name) => {
    const env = (at(resources, name, 'props', 'environmentVariables') ?? {}) as Record<string, string>;
    expect(env.REPLICATION_POLICY).toBeUndefined();
    expect(Buffer.byteLength(JSON.stringify(env))).toBeLessThan(1024);
  });

  it.each(['ecs-replicator', 'ens-replicator'])('sends %s events that fail after the retries to a destination, within fc3\'s bounds', (name) => {
    const config = at(resources, name, 'props', 'asyncInvokeConfig') as Node;
    expect(Object.keys(config).filter((k) => !FC3_ASYNC_CONFIG.has(k))).toEqual([]);
    expect(config.maxAsyncRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(config.maxAsyncRetryAttempts).toBeLessThanOrEqual(8);
    expect(config.maxAsyncEventAgeInSeconds).toBeGreaterThanOrEqual(1);
    expect(config.maxAsyncEventAgeInSeconds).toBeLessThanOrEqual(2_592_000);
    expect(String(at(config, 'destinationConfig', 'onFailure', 'destination'))).toMatch(/^acs:mns:[a-z0-9-]+:\d+:\/queues\/[A-Za-z0-9-]+\/messages$/);
  });

  it('runs the ENS function one invocation at a time (reserved concurrency 1): ENS copies have no idempotency token', () => {
    const config = at(resources, 'ens-replicator', 'props', 'concurrencyConfig') as Node;
    expect(Object.keys(config).filter((k) => !FC3_CONCURRENCY_CONFIG.has(k))).toEqual([]);
    expect(config.reservedConcurrency).toBe(1);
  });

  it('deploys no EventBridge trigger: the README creates the ECS event trigger, with the pattern the function reads', () => {
    for (const name of ['ecs-replicator', 'ens-replicator']) {
      expect((at(resources, name, 'props', 'triggers') as Node[]).map((t) => t.triggerType)).toEqual(['timer']);
    }
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    const patterns = [...readme.matchAll(/\{"source":\["acs\.ecs"\][^\n`]*\}/g)].map((m) => JSON.parse(m[0]) as unknown);
    expect(patterns.length).toBeGreaterThan(0);
    for (const p of patterns) expect(p).toEqual({ source: [ECS_EVENT_SOURCE], type: [ECS_SNAPSHOT_COMPLETED] });
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

describe('serverless.yml, resolved by the Serverless Components CLI (Tencent loader)', () => {
  let instance: Node;
  let inputs: Node;
  beforeAll(() => {
    const run = loadServerlessYml({});
    expect(run.status, run.stderr).toBe(0);
    instance = run.instance as Node;
    inputs = instance.inputs as Node;
  });

  it('resolves every variable and names the scf component, app and stage', () => {
    expect(strings(instance).filter((s) => s.includes('${'))).toEqual([]);
    expect(Object.values(inputs).every((v) => v !== undefined && v !== null)).toBe(true);
    expect(instance).toMatchObject({ component: 'scf', app: 'snapshot-replicator', stage: 'prod', name: 'cbs-replicator' });
  });

  it('takes another stage from --stage', () => {
    const run = loadServerlessYml({}, ['--stage', 'dev']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.instance?.stage).toBe('dev');
  });

  it('hands the scf component only documented inputs, none that would be silently ignored', () => {
    expect(Object.keys(inputs).filter((k) => !SCF_INPUTS.has(k))).toEqual([]);
    if (inputs.asyncRunEnable !== true) expect(SCF_ASYNC_RUN_ONLY.filter((k) => k in inputs)).toEqual([]);
    const env = at(inputs, 'environment', 'variables') as Record<string, unknown> | undefined;
    expect(env?.REPLICATION_POLICY).toBeUndefined();
  });

  it('deploys cbs-replicator from its package, calling its exported main_handler', () => {
    expect(inputs.src).toBe(resolve(root, DEPLOY_DIR, 'cbs-replicator'));
    expect(inputs.originSrc).toBe(`./${DEPLOY_DIR}/cbs-replicator`);
    expect(inputs.handler).toBe('index.main_handler');
    expect(typeof exportedHandler(String(inputs.originSrc), String(inputs.handler))).toBe('function');
    expect(String(inputs.runtime)).toMatch(/^Nodejs(16|18)\.\d+$/);
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

describe('README deploy commands', () => {
  const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
  const scripts = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it('names only npm scripts that exist', () => {
    const named = [...readme.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] as string);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => scripts[n] === undefined)).toEqual([]);
  });

  it('invokes SCF with --data (an --inputs event reaches the function as {})', () => {
    expect(readme).not.toMatch(/sls invoke --inputs/);
    expect(readme).toMatch(/components invoke --data '\{"action":"sweep"\}'/);
  });
});
