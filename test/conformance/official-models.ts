import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parseTeaModelSource, type TeaPropertyFacts, type TeaTypeExpr } from './tea-source';

/**
 * The official request and response models of the three APIs the project calls, in one normalized
 * shape, so that answers of the local cloud and parameters of our adapters can be checked against the
 * vendors' own definitions rather than against our reading of them:
 *
 * - ECS 2014-05-26: the model classes of the installed `@alicloud/ecs20140526` (static `names()` and
 *   `types()`), with doc facts from the package's `src/models/*.ts`.
 * - CBS 2017-03-12: the interfaces of `tencentcloud-sdk-nodejs`'s `cbs_models.d.ts`, read with the
 *   TypeScript compiler API.
 * - ENS 2017-11-10: `fixtures/ens-2017-11-10.json`, facts read from the generated models in
 *   https://github.com/aliyun/alibabacloud-typescript-sdk/tree/master/ens-20171110/src/models
 *   (the ENS models are not published as a package the project installs).
 * - The platform APIs the local cloud also serves: Alibaba STS 2015-04-01 from
 *   `fixtures/sts-2015-04-01.json` (read from sts-20150401/src/models of the same repository), Tencent
 *   STS 2018-08-13 and SCF 2018-04-16 from `sts_models.d.ts` and `scf_models.d.ts` of
 *   `tencentcloud-sdk-nodejs`. (FC 3.0 InvokeFunction is ROA, a body and headers, and is not modelled here.)
 */

export type ServiceName = 'ecs' | 'ens' | 'cbs' | 'aliyun-sts' | 'tencent-sts' | 'scf';

const SERVICE_NAMES: readonly string[] = ['ecs', 'ens', 'cbs', 'aliyun-sts', 'tencent-sts', 'scf'];

/** Whether the oracle has models for a service the local cloud records (it has none for `fc`). */
export function isOracleService(service: string): service is ServiceName {
  return SERVICE_NAMES.includes(service);
}

export type PrimitiveKind = 'string' | 'number' | 'boolean';

export type FieldType =
  | { readonly kind: PrimitiveKind | 'any' }
  | { readonly kind: 'array'; readonly item: FieldType }
  | { readonly kind: 'map'; readonly value: FieldType }
  | { readonly kind: 'model'; readonly model: OfficialModel };

/**
 * A string parameter that carries a JSON list: `json-array` always (a shrunk list, or a parameter
 * documented as a JSON array), `id-or-json-array` one id or a JSON array (ENS DescribeSnapshots.SnapshotId).
 */
export type ListEncoding = 'json-array' | 'id-or-json-array';

export interface OfficialField {
  /** The wire name (`names()` value, or the interface property). */
  readonly name: string;
  readonly type: FieldType;
  /** Required by the model (ECS/ENS: "This parameter is required."; CBS: no `?`). */
  readonly required: boolean;
  readonly example?: string;
  /** Values a "Valid values" list in the doc comment names, as written there (case included). */
  readonly enumHint?: readonly string[];
  readonly encoding?: ListEncoding;
}

export interface OfficialModel {
  readonly name: string;
  /** Where the model was read (package file, or repository path at a commit). */
  readonly source: string;
  readonly fields: Readonly<Record<string, OfficialField>>;
}

export interface OfficialAction {
  readonly service: ServiceName;
  readonly action: string;
  readonly request: OfficialModel;
  /**
   * Alibaba only: the model the official client sends when it "shrinks" list parameters into one
   * string (CopySnapshotShrinkRequest on ENS). Its fields name what really travels on the wire.
   */
  readonly shrinkRequest?: OfficialModel;
  /** ECS/ENS: the response BODY model (what the RPC answer's JSON holds); CBS: the `...Response` interface. */
  readonly response: OfficialModel;
}

export interface OfficialApi {
  readonly service: ServiceName;
  readonly apiVersion: string;
  /** `rpc`: flat string parameters, JSON answer body. `json`: Tencent API 3.0, JSON in and out. */
  readonly protocol: 'rpc' | 'json';
  readonly source: string;
  readonly actions: Readonly<Record<string, OfficialAction>>;
}

/** The actions the project's adapters call (shared/clouds/ecs.ts, ens.ts, cbs.ts). */
const PROJECT_ACTIONS: Readonly<Record<'ecs' | 'ens' | 'cbs', readonly string[]>> = {
  ecs: ['CopySnapshot', 'DescribeSnapshots', 'DeleteSnapshot'],
  ens: ['CopySnapshot', 'CreateSnapshot', 'DescribeSnapshots', 'DeleteSnapshot'],
  cbs: ['CopySnapshotCrossRegions', 'DescribeSnapshots', 'ModifySnapshotAttribute', 'DeleteSnapshots'],
};

/**
 * Every action the local cloud serves, and so every action loaded here: the adapters' own, and the
 * ones tests take by hand as a person would in the console (test/support/console-actions.ts).
 */
export const LOCAL_CLOUD_ACTIONS: Readonly<Record<ServiceName, readonly string[]>> = {
  ecs: [...PROJECT_ACTIONS.ecs, 'ModifySnapshotAttribute'],
  ens: [...PROJECT_ACTIONS.ens, 'ModifySnapshotAttribute'],
  cbs: PROJECT_ACTIONS.cbs,
  'aliyun-sts': ['AssumeRole'],
  'tencent-sts': ['AssumeRole'],
  scf: ['Invoke'],
};

const PRIMITIVES: Readonly<Record<string, PrimitiveKind>> = {
  string: 'string',
  number: 'number',
  integer: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  int32: 'number',
  int64: 'number',
  boolean: 'boolean',
};

const ANY: FieldType = { kind: 'any' };

function primitive(name: string): FieldType {
  const kind = PRIMITIVES[name];
  return kind ? { kind } : ANY;
}

/** A model whose fields are filled after it is registered, so nested and recursive models resolve. */
interface ModelUnderConstruction extends OfficialModel {
  fields: Record<string, OfficialField>;
}

function newModel(name: string, source: string): ModelUnderConstruction {
  return { name, source, fields: {} };
}

function jsonListEncoding(example: string | undefined): ListEncoding | undefined {
  return example !== undefined && example.trimStart().startsWith('[') ? 'json-array' : undefined;
}

const requireFromHere = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------- ECS

/** What a generated model class is at run time: a constructor with static names() and types(). */
interface TeaModelClass {
  readonly name: string;
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

function isTeaModelClass(value: unknown): value is TeaModelClass {
  return (
    typeof value === 'function' &&
    typeof (value as { names?: unknown }).names === 'function' &&
    typeof (value as { types?: unknown }).types === 'function'
  );
}

const ECS_PACKAGE = '@alicloud/ecs20140526';

/** Loads the ECS 2014-05-26 models of `actions` from the installed package. */
function loadEcsApi(actions: readonly string[] = LOCAL_CLOUD_ACTIONS.ecs): OfficialApi {
  const packageDir = dirname(requireFromHere.resolve(`${ECS_PACKAGE}/package.json`));
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  const built = new Map<TeaModelClass, OfficialModel>();
  const docsByFile = new Map<string, Map<string, Map<string, TeaPropertyFacts>>>();

  /** Doc facts of a model class, from the package's TypeScript source (the runtime classes carry no comments). */
  function docsFor(file: string, className: string): Map<string, TeaPropertyFacts> {
    let byClass = docsByFile.get(file);
    if (!byClass) {
      byClass = new Map();
      const path = join(packageDir, 'src', 'models', `${file}.ts`);
      let text = '';
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        // No source shipped: names and types alone still make the model.
      }
      for (const cls of parseTeaModelSource(text, path)) byClass.set(cls.name, new Map(cls.properties.map((p) => [p.property, p])));
      docsByFile.set(file, byClass);
    }
    return byClass.get(className) ?? new Map();
  }

  function typeOf(declared: unknown, file: string): FieldType {
    if (typeof declared === 'string') return primitive(declared);
    if (isTeaModelClass(declared)) return { kind: 'model', model: modelOf(declared, file) };
    if (declared !== null && typeof declared === 'object') {
      const d = declared as { type?: unknown; itemType?: unknown; valueType?: unknown };
      if (d.type === 'array') return { kind: 'array', item: typeOf(d.itemType, file) };
      if (d.type === 'map') return { kind: 'map', value: typeOf(d.valueType, file) };
    }
    return ANY;
  }

  function modelOf(cls: TeaModelClass, file: string): OfficialModel {
    const known = built.get(cls);
    if (known) return known;
    const model = newModel(cls.name, `${ECS_PACKAGE}@${version} dist/models/${file}.js`);
    built.set(cls, model);
    const names = cls.names();
    const types = cls.types();
    const docs = docsFor(file, cls.name);
    for (const [property, wire] of Object.entries(names)) {
      const doc = docs.get(property);
      const type = typeOf(types[property], file);
      const encoding = type.kind === 'string' ? jsonListEncoding(doc?.example) : undefined;
      model.fields[wire] = {
        name: wire,
        type,
        required: doc?.required ?? false,
        ...(doc?.example !== undefined ? { example: doc.example } : {}),
        ...(doc?.enumHint ? { enumHint: doc.enumHint } : {}),
        ...(encoding ? { encoding } : {}),
      };
    }
    return model;
  }

  function load(file: string, optional: boolean): OfficialModel | undefined {
    let exports: Record<string, unknown>;
    try {
      exports = requireFromHere(`${ECS_PACKAGE}/dist/models/${file}`) as Record<string, unknown>;
    } catch (error) {
      if (optional) return undefined;
      throw new Error(`${ECS_PACKAGE} has no model ${file}: ${String(error)}`);
    }
    const cls = exports[file];
    if (!isTeaModelClass(cls)) throw new Error(`${ECS_PACKAGE} ${file} is not a model class`);
    return modelOf(cls, file);
  }

  const out: Record<string, OfficialAction> = {};
  for (const action of actions) {
    const request = load(`${action}Request`, false);
    const response = load(`${action}ResponseBody`, false);
    const shrinkRequest = load(`${action}ShrinkRequest`, true);
    if (!request || !response) throw new Error(`ecs ${action}: request or response model missing`);
    out[action] = { service: 'ecs', action, request, response, ...(shrinkRequest ? { shrinkRequest } : {}) };
  }
  return { service: 'ecs', apiVersion: '2014-05-26', protocol: 'rpc', source: `${ECS_PACKAGE}@${version}`, actions: out };
}

// ---------------------------------------------------------------------------------------------- CBS

/** The Tencent APIs read from the SDK's declaration files: their file and version. */
const TENCENT_MODELS: Readonly<Record<'cbs' | 'tencent-sts' | 'scf', { file: string; apiVersion: string }>> = {
  cbs: { file: 'tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models.d.ts', apiVersion: '2017-03-12' },
  'tencent-sts': { file: 'tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_models.d.ts', apiVersion: '2018-08-13' },
  scf: { file: 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_models.d.ts', apiVersion: '2018-04-16' },
};

/** `<li>NORMAL：正常</li>` and `<code>SYSTEM_DISK</code>` style value lists of the Tencent comments. */
function tencentEnumHint(comment: string): string[] | undefined {
  const values = new Set<string>();
  for (const match of comment.matchAll(/<li>\s*(?:<code>)?([A-Za-z0-9_]+)(?:<\/code>)?\s*[:：]/g)) {
    if (match[1] !== undefined) values.add(match[1]);
  }
  return values.size > 0 ? [...values] : undefined;
}

/** Loads the request/response interfaces of a Tencent API's `actions` from the SDK's declaration file (CBS 2017-03-12, STS, SCF). */
function loadTencentApi(service: keyof typeof TENCENT_MODELS, actions: readonly string[] = LOCAL_CLOUD_ACTIONS[service]): OfficialApi {
  const { file: modelsFile, apiVersion } = TENCENT_MODELS[service];
  const path = requireFromHere.resolve(modelsFile);
  const packageDir = dirname(requireFromHere.resolve('tencentcloud-sdk-nodejs/package.json'));
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
  }
  const built = new Map<string, OfficialModel>();
  const where = `tencentcloud-sdk-nodejs@${version} ${modelsFile.replace('tencentcloud-sdk-nodejs/', '')}`;

  function typeOf(node: ts.TypeNode | undefined): FieldType {
    if (!node) return ANY;
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { kind: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { kind: 'number' };
      case ts.SyntaxKind.BooleanKeyword:
        return { kind: 'boolean' };
      default:
        break;
    }
    if (ts.isArrayTypeNode(node)) return { kind: 'array', item: typeOf(node.elementType) };
    if (ts.isParenthesizedTypeNode(node)) return typeOf(node.type);
    if (ts.isUnionTypeNode(node)) {
      const real = node.types.filter((t) => t.kind !== ts.SyntaxKind.NullKeyword && !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword));
      return real.length === 1 ? typeOf(real[0]) : ANY;
    }
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const name = node.typeName.text;
      const args = node.typeArguments ?? [];
      if (name === 'Array' && args.length === 1) return { kind: 'array', item: typeOf(args[0]) };
      if (name === 'Record' && args.length === 2) return { kind: 'map', value: typeOf(args[1]) };
      if (interfaces.has(name)) return { kind: 'model', model: modelOf(name) };
    }
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      if (index) return { kind: 'map', value: typeOf(index.type) };
    }
    return ANY;
  }

  function modelOf(name: string): OfficialModel {
    const known = built.get(name);
    if (known) return known;
    const decl = interfaces.get(name);
    if (!decl) throw new Error(`${modelsFile} has no interface ${name}`);
    const model = newModel(name, where);
    built.set(name, model);
    for (const member of decl.members) {
      if (!ts.isPropertySignature(member)) continue;
      const wire = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : undefined;
      if (wire === undefined) continue;
      const comment = ts
        .getJSDocCommentsAndTags(member)
        .map((doc) => (ts.isJSDoc(doc) ? (ts.getTextOfJSDocComment(doc.comment) ?? '') : ''))
        .join('\n');
      const enumHint = tencentEnumHint(comment);
      model.fields[wire] = {
        name: wire,
        type: typeOf(member.type),
        required: member.questionToken === undefined,
        ...(enumHint ? { enumHint } : {}),
      };
    }
    return model;
  }

  const out: Record<string, OfficialAction> = {};
  for (const action of actions) {
    out[action] = { service, action, request: modelOf(`${action}Request`), response: modelOf(`${action}Response`) };
  }
  return { service, apiVersion, protocol: 'json', source: `tencentcloud-sdk-nodejs@${version}`, actions: out };
}

// ---------------------------------------------------------------------------------------------- ENS

const ENS_FIXTURE_PATH = join(HERE, 'fixtures', 'ens-2017-11-10.json');
const STS_FIXTURE_PATH = join(HERE, 'fixtures', 'sts-2015-04-01.json');

/** The Alibaba APIs read from a facts fixture (their models are not in a package the project installs). */
type FixtureService = 'ens' | 'aliyun-sts';

/** The fixture's field facts (see its `typeNotation`). */
export interface FixtureField {
  property?: string;
  type: TeaTypeExpr;
  required?: boolean;
  example?: string;
  enumHint?: string[];
  encoding?: ListEncoding;
  note?: string;
}

export interface FixtureModel {
  /** Where the model was read, when not in the fixture's `repository` (the same generated model of another language's SDK). */
  repository?: string;
  path: string;
  commit: string;
  lastChangedIn?: string;
  fields: Record<string, FixtureField>;
}

export interface FixtureAction {
  request: string;
  shrinkRequest?: string;
  response: string;
  shrink?: Record<string, string>;
  [fact: string]: unknown;
}

export interface EnsFixture {
  service: FixtureService;
  apiVersion: string;
  repository: string;
  commit: string;
  actions: Record<string, FixtureAction>;
  models: Record<string, FixtureModel>;
  keyFacts?: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Refuses a fixture that does not have the shape the loader relies on, naming what is wrong. */
function checkFixture(raw: unknown, service: FixtureService = 'ens'): EnsFixture {
  if (!isRecord(raw) || raw.service !== service || !isRecord(raw.actions) || !isRecord(raw.models)) {
    throw new Error(`${service} fixture: expected { service: "${service}", actions, models }`);
  }
  for (const [name, model] of Object.entries(raw.models)) {
    if (!isRecord(model) || typeof model.path !== 'string' || typeof model.commit !== 'string' || !isRecord(model.fields)) {
      throw new Error(`${service} fixture: model ${name} needs path, commit and fields`);
    }
  }
  for (const [name, action] of Object.entries(raw.actions)) {
    if (!isRecord(action) || typeof action.request !== 'string' || typeof action.response !== 'string') {
      throw new Error(`${service} fixture: action ${name} needs request and response`);
    }
    for (const ref of [action.request, action.response, action.shrinkRequest]) {
      if (typeof ref === 'string' && !(ref in raw.models)) throw new Error(`${service} fixture: action ${name} names unknown model ${ref}`);
    }
  }
  return raw as unknown as EnsFixture;
}

export function readEnsFixture(path = ENS_FIXTURE_PATH): EnsFixture {
  return checkFixture(JSON.parse(readFileSync(path, 'utf8')));
}

function readStsFixture(path = STS_FIXTURE_PATH): EnsFixture {
  return checkFixture(JSON.parse(readFileSync(path, 'utf8')), 'aliyun-sts');
}

/** Loads the models of a facts fixture: ENS 2017-11-10, Alibaba STS 2015-04-01. */
function loadFixtureApi(fixture: EnsFixture): OfficialApi {
  const built = new Map<string, OfficialModel>();

  function typeOf(expr: TeaTypeExpr): FieldType {
    if (typeof expr === 'string') return primitive(expr);
    if ('array' in expr) return { kind: 'array', item: typeOf(expr.array) };
    if ('map' in expr) return { kind: 'map', value: typeOf(expr.map) };
    return { kind: 'model', model: modelOf(expr.model) };
  }

  function modelOf(name: string): OfficialModel {
    const known = built.get(name);
    if (known) return known;
    const facts = fixture.models[name];
    if (!facts) throw new Error(`${fixture.service} fixture has no model ${name}`);
    const model = newModel(name, `${facts.repository ?? fixture.repository} ${facts.path} @ ${facts.commit}`);
    built.set(name, model);
    for (const [wire, field] of Object.entries(facts.fields)) {
      model.fields[wire] = {
        name: wire,
        type: typeOf(field.type),
        required: field.required === true,
        ...(field.example !== undefined ? { example: field.example } : {}),
        ...(field.enumHint ? { enumHint: field.enumHint } : {}),
        ...(field.encoding ? { encoding: field.encoding } : {}),
      };
    }
    return model;
  }

  const out: Record<string, OfficialAction> = {};
  for (const [action, facts] of Object.entries(fixture.actions)) {
    out[action] = {
      service: fixture.service,
      action,
      request: modelOf(facts.request),
      response: modelOf(facts.response),
      ...(facts.shrinkRequest ? { shrinkRequest: modelOf(facts.shrinkRequest) } : {}),
    };
  }
  return { service: fixture.service, apiVersion: fixture.apiVersion, protocol: 'rpc', source: `${fixture.repository}@${fixture.commit}`, actions: out };
}

// ------------------------------------------------------------------------------------------ registry

const LOADERS: Readonly<Record<ServiceName, () => OfficialApi>> = {
  ecs: () => loadEcsApi(),
  ens: () => loadFixtureApi(readEnsFixture()),
  cbs: () => loadTencentApi('cbs'),
  'aliyun-sts': () => loadFixtureApi(readStsFixture()),
  'tencent-sts': () => loadTencentApi('tencent-sts'),
  scf: () => loadTencentApi('scf'),
};

const loaded = new Map<ServiceName, OfficialApi>();

/** The official API of a service (loaded once per process). */
export function officialApi(service: ServiceName): OfficialApi {
  let api = loaded.get(service);
  if (!api) {
    api = LOADERS[service]();
    loaded.set(service, api);
  }
  return api;
}

export function officialAction(service: ServiceName, action: string): OfficialAction {
  const found = officialApi(service).actions[action];
  if (!found) throw new Error(`no official model loaded for ${service} ${action}`);
  return found;
}

/** `string`, `number`, `string[]`, `Snapshot[]`, `map<string>`, `DescribeSnapshotsResponseBodySnapshots`. */
export function describeType(type: FieldType): string {
  switch (type.kind) {
    case 'array':
      return `${describeType(type.item)}[]`;
    case 'map':
      return `map<${describeType(type.value)}>`;
    case 'model':
      return type.model.name;
    default:
      return type.kind;
  }
}
