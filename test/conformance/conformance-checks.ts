import {
  describeType,
  officialAction,
  officialApi,
  type FieldType,
  type OfficialField,
  type OfficialModel,
  type ServiceName,
} from './official-models';

/**
 * Pure checks of what crosses the wire against the official models (official-models.ts).
 *
 * Answers. `answerProblems` takes an answer body as the SDK receives it:
 * - ECS/ENS/Alibaba STS (RPC): the JSON object of the answer. `RequestId` is NOT stripped: every official
 *   `...ResponseBody` model declares it, so it is checked like any other field.
 * - CBS, Tencent STS, SCF (Tencent API 3.0): the `Response` envelope is optional: `{ Response: {...} }` is unwrapped
 *   first (the SDK hands back its content); the content is checked against the `...Response`
 *   interface, which also declares `RequestId`.
 * - Error answers are told apart and checked against the common error shape of each family instead
 *   (RPC: `RequestId, HostId, Code, Message, Recommend`; Tencent: `Error { Code, Message }, RequestId`),
 *   since the per-action models describe successes only.
 * `null` is accepted for any field (the SDKs treat it as absent; Tencent documents "may return null").
 *
 * Requests. `requestProblems` takes the parameters the server receives:
 * - ECS/ENS: the flat string map of the RPC request (common parameters such as Action, Signature
 *   are ignored). The official clients flatten a list `X` as `X.1`, `X.2`, ..., a nested model as
 *   `X.Field`, a list of models as `X.1.Field` (OpenApiUtil.query), and send a "shrunk" list (one the
 *   model's `...ShrinkRequest` turns into a string) as ONE parameter holding a JSON array. Numbers and
 *   booleans arrive as text (`10`, `true`).
 * - CBS: the JSON body, checked like an answer plus the required (non-optional) members.
 */

export type ProblemKind =
  /** A name the official model does not have. */
  | 'unknown-field'
  /** The right name with the wrong kind (string vs number vs boolean vs array vs object). */
  | 'kind-mismatch'
  /** A parameter the model marks required is not sent. */
  | 'missing-required'
  /** A known parameter in another wire form than the official client's (flat vs JSON string). */
  | 'not-official-form'
  /** A JSON-list string parameter that is not a JSON list of strings. */
  | 'bad-json-list';

export interface Problem {
  kind: ProblemKind;
  /** `Snapshots.Snapshot[0].Status`, `Tag.1.Key`. */
  path: string;
  /** What the official model says. */
  expected: string;
  /** What was found. */
  actual: string;
  message: string;
}

/** The kind of a JSON value, in the checker's words. */
function valueKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** The official name a wrong one most likely meant (case slip or a typo), if any. */
export function closestName(name: string, model: OfficialModel): string | undefined {
  const names = Object.keys(model.fields);
  const sameLetters = names.find((n) => n.toLowerCase() === name.toLowerCase());
  if (sameLetters) return sameLetters;
  let best: { name: string; distance: number } | undefined;
  for (const n of names) {
    const distance = editDistance(n.toLowerCase(), name.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: n, distance };
  }
  return best?.name;
}

function unknownField(path: string, name: string, model: OfficialModel, actual: string): Problem {
  const near = closestName(name, model);
  return {
    kind: 'unknown-field',
    path,
    expected: near !== undefined ? `no ${name} in ${model.name}; the official name is ${near}` : `no ${name} in ${model.name}`,
    actual,
    message: `${path}: ${model.name} has no field ${name}${near !== undefined ? ` (official: ${near})` : ''}`,
  };
}

function kindMismatch(path: string, type: FieldType, value: unknown): Problem {
  const expected = describeType(type);
  const actual = valueKind(value);
  return { kind: 'kind-mismatch', path, expected, actual, message: `${path}: official type ${expected}, got ${actual}` };
}

/** Appends to `out` every way `value` departs from `type`, recursively. */
function valueProblems(type: FieldType, value: unknown, path: string, out: Problem[]): void {
  if (value === null || value === undefined || type.kind === 'any') return;
  switch (type.kind) {
    case 'string':
    case 'boolean':
      if (typeof value !== type.kind) out.push(kindMismatch(path, type, value));
      return;
    case 'number':
      if (typeof value !== 'number') out.push(kindMismatch(path, type, value));
      return;
    case 'array':
      if (!Array.isArray(value)) {
        out.push(kindMismatch(path, type, value));
        return;
      }
      value.forEach((item, i) => valueProblems(type.item, item, `${path}[${i}]`, out));
      return;
    case 'map':
      if (!isPlainObject(value)) {
        out.push(kindMismatch(path, type, value));
        return;
      }
      for (const [key, item] of Object.entries(value)) valueProblems(type.value, item, join(path, key), out);
      return;
    case 'model':
      if (!isPlainObject(value)) {
        out.push(kindMismatch(path, type, value));
        return;
      }
      for (const [key, item] of Object.entries(value)) {
        const field = type.model.fields[key];
        if (!field) out.push(unknownField(join(path, key), key, type.model, valueKind(item)));
        else valueProblems(field.type, item, join(path, key), out);
      }
      return;
  }
}

// ------------------------------------------------------------------------------------------- answers

/** The common error answer of the RPC APIs (ECS, ENS): not an action's model. */
const RPC_ERROR_MODEL: OfficialModel = {
  name: 'RpcErrorAnswer',
  source: 'common error answer of Alibaba Cloud RPC APIs',
  fields: Object.fromEntries(
    ['RequestId', 'HostId', 'Code', 'Message', 'Recommend'].map((name): [string, OfficialField] => [name, { name, type: { kind: 'string' }, required: false }]),
  ),
};

const TENCENT_ERROR_DETAIL: OfficialModel = {
  name: 'Error',
  source: 'common error answer of Tencent Cloud API 3.0',
  fields: {
    Code: { name: 'Code', type: { kind: 'string' }, required: true },
    Message: { name: 'Message', type: { kind: 'string' }, required: true },
  },
};

const TENCENT_ERROR_MODEL: OfficialModel = {
  name: 'TencentErrorAnswer',
  source: 'common error answer of Tencent Cloud API 3.0',
  fields: {
    Error: { name: 'Error', type: { kind: 'model', model: TENCENT_ERROR_DETAIL }, required: true },
    RequestId: { name: 'RequestId', type: { kind: 'string' }, required: true },
  },
};

/** Tencent API 3.0 (CBS, STS, SCF): JSON in and out, answers in a `Response` envelope. */
function isTencent(service: ServiceName): boolean {
  return officialApi(service).protocol === 'json';
}

/** A Tencent answer without its `Response` envelope, if it has one. */
function unwrapTencent(body: unknown): unknown {
  if (isPlainObject(body) && Object.keys(body).length === 1 && isPlainObject(body.Response)) return body.Response;
  return body;
}

/** Whether an answer body is an error answer, and then the model it is checked against. */
function errorModel(service: ServiceName, response: OfficialModel, body: Record<string, unknown>): OfficialModel | undefined {
  if (isTencent(service)) return 'Error' in body && !('Error' in response.fields) ? TENCENT_ERROR_MODEL : undefined;
  return typeof body.Code === 'string' && !('Code' in response.fields) ? RPC_ERROR_MODEL : undefined;
}

/**
 * Every field of an answer body that the official response model does not have, or has with another
 * kind, recursively, each with its path (`Snapshots.Snapshot[0].Status`).
 */
export function answerProblems(service: ServiceName, action: string, body: unknown): Problem[] {
  const response = officialAction(service, action).response;
  const content = isTencent(service) ? unwrapTencent(body) : body;
  const out: Problem[] = [];
  if (!isPlainObject(content)) {
    out.push(kindMismatch('', { kind: 'model', model: response }, content));
    return out;
  }
  const model = errorModel(service, response, content) ?? response;
  valueProblems({ kind: 'model', model }, content, '', out);
  return out;
}

/**
 * Where an answer reaches into the official model: `places` are the official field paths of every
 * object the answer has (`Snapshots[].SourceSnapshotId`), `present` those it fills.
 */
function fieldPresence(service: ServiceName, action: string, body: unknown): { places: Set<string>; present: Set<string> } {
  const response = officialAction(service, action).response;
  const places = new Set<string>();
  const present = new Set<string>();
  function walk(type: FieldType, value: unknown, path: string): void {
    if (value === null || value === undefined) return;
    if (type.kind === 'array' && Array.isArray(value)) {
      for (const item of value) walk(type.item, item, `${path}[]`);
    } else if (type.kind === 'model' && isPlainObject(value)) {
      for (const [name, field] of Object.entries(type.model.fields)) {
        const at = join(path, name);
        places.add(at);
        if (value[name] !== undefined) {
          present.add(at);
          walk(field.type, value[name], at);
        }
      }
    }
  }
  walk({ kind: 'model', model: response }, isTencent(service) ? unwrapTencent(body) : body, '');
  return { places, present };
}

/**
 * Official fields an answer never carries at the places it reaches: absent from every object there
 * (informational: every official response field is optional, but one never sent is one a client cannot use).
 */
export function absentFields(service: ServiceName, action: string, body: unknown): string[] {
  const { places, present } = fieldPresence(service, action, body);
  return [...places].filter((p) => !present.has(p)).sort();
}

/** Segments of a field path: `Snapshots.Snapshot[].Tags.Tag[0].TagKey` -> names, each with its array steps. */
function pathSegments(path: string): Array<{ name: string; arraySteps: number }> {
  return path
    .split('.')
    .filter((s) => s !== '')
    .map((segment) => {
      const name = segment.replace(/(\[\d*\])+$/, '');
      const arraySteps = (segment.slice(name.length).match(/\[\d*\]/g) ?? []).length;
      return { name, arraySteps };
    });
}

/**
 * The official type at a field path of an action's answer, or undefined when the model has no such
 * field. Array steps may be written (`Snapshot[]`, `Snapshot[0]`) or left out (`Snapshot.SnapshotId`).
 * For CBS a leading `Response.` is allowed.
 */
export function responseField(service: ServiceName, action: string, path: string): FieldType | undefined {
  const segments = pathSegments(isTencent(service) ? path.replace(/^Response\./, '') : path);
  let type: FieldType = { kind: 'model', model: officialAction(service, action).response };
  for (const { name, arraySteps } of segments) {
    while (type.kind === 'array') type = type.item;
    if (type.kind === 'map') type = type.value;
    else if (type.kind === 'model') {
      const field: OfficialField | undefined = type.model.fields[name];
      if (!field) return undefined;
      type = field.type;
    } else return undefined;
    for (let i = 0; i < arraySteps; i += 1) {
      if (type.kind !== 'array') return undefined;
      type = type.item;
    }
  }
  return type;
}

// ------------------------------------------------------------------------------------------ requests

/** Parameters every RPC request carries that are not the action's own (signature, protocol). */
const RPC_COMMON_PARAMS: ReadonlySet<string> = new Set([
  'Action', 'Version', 'Format', 'AccessKeyId', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce',
  'SignatureType', 'Signature', 'Timestamp', 'SecurityToken', 'BearerToken',
]);

function isStructured(type: FieldType): boolean {
  return type.kind === 'array' || type.kind === 'model' || type.kind === 'map';
}

/** The request fields the official client sends as one JSON string (its Shrink model makes them strings). */
export function shrunkFields(service: ServiceName, action: string): Set<string> {
  const { request, shrinkRequest } = officialAction(service, action);
  const out = new Set<string>();
  if (!shrinkRequest) return out;
  for (const [name, field] of Object.entries(request.fields)) {
    const shrunk = shrinkRequest.fields[name];
    if (shrunk && shrunk.type.kind === 'string' && isStructured(field.type)) out.add(name);
  }
  return out;
}

function parseJsonList(text: string): unknown[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The text form of a primitive RPC parameter. */
function textProblem(field: OfficialField | undefined, type: FieldType, text: string, path: string): Problem | undefined {
  const expected = describeType(type);
  if (type.kind === 'number' && !/^-?\d+(\.\d+)?$/.test(text)) {
    return { kind: 'kind-mismatch', path, expected: `${expected} (decimal text)`, actual: JSON.stringify(text), message: `${path}: official type number, got ${JSON.stringify(text)}` };
  }
  if (type.kind === 'boolean' && text !== 'true' && text !== 'false') {
    return { kind: 'kind-mismatch', path, expected: 'boolean (true|false)', actual: JSON.stringify(text), message: `${path}: official type boolean, got ${JSON.stringify(text)}` };
  }
  const encoding = field?.encoding;
  if (type.kind === 'string' && encoding !== undefined) {
    const looksJson = text.trimStart().startsWith('[');
    if (encoding === 'json-array' || looksJson) {
      const list = parseJsonList(text);
      if (!list || !list.every((item) => typeof item === 'string')) {
        return {
          kind: 'bad-json-list',
          path,
          expected: encoding === 'json-array' ? 'a JSON array of strings' : 'one id or a JSON array of strings',
          actual: JSON.stringify(text),
          message: `${path}: expected ${encoding === 'json-array' ? 'a JSON array string' : 'an id or a JSON array string'}, got ${JSON.stringify(text)}`,
        };
      }
    }
  }
  return undefined;
}

/** Checks one flat RPC parameter `name=value` against the request model, walking `X.1.Field` paths. */
function rpcParamProblem(request: OfficialModel, shrunk: Set<string>, name: string, value: unknown): Problem | undefined {
  const text = typeof value === 'string' ? value : String(value);
  const [head = '', ...rest] = name.split('.');
  const top = request.fields[head];
  if (!top) return unknownField(name, head, request, JSON.stringify(text));
  if (shrunk.has(head)) {
    if (rest.length > 0) {
      return {
        kind: 'not-official-form',
        path: name,
        expected: `${head} as ONE parameter holding a JSON array (the official client shrinks ${describeType(top.type)} to a JSON string)`,
        actual: `flattened ${name}`,
        message: `${name}: the official client sends ${head} as one JSON string, not flattened`,
      };
    }
    const list = parseJsonList(text);
    if (!list) {
      return { kind: 'bad-json-list', path: name, expected: `a JSON array (${describeType(top.type)})`, actual: JSON.stringify(text), message: `${name}: expected a JSON array string, got ${JSON.stringify(text)}` };
    }
    const inner: Problem[] = [];
    valueProblems(top.type, list, name, inner);
    return inner[0];
  }
  let type = top.type;
  let field: OfficialField | undefined = top;
  let path = head;
  for (const segment of rest) {
    path = `${path}.${segment}`;
    if (type.kind === 'array') {
      if (!/^[1-9]\d*$/.test(segment)) {
        return { kind: 'not-official-form', path: name, expected: `${path.slice(0, -segment.length - 1)}.N (N = 1, 2, ...)`, actual: name, message: `${name}: a list is flattened with 1-based indexes` };
      }
      type = type.item;
      field = undefined;
    } else if (type.kind === 'model') {
      const sub: OfficialField | undefined = type.model.fields[segment];
      if (!sub) return unknownField(name, segment, type.model, JSON.stringify(text));
      type = sub.type;
      field = sub;
    } else if (type.kind === 'map') {
      type = type.value;
      field = undefined;
    } else {
      return { kind: 'not-official-form', path: name, expected: `${path.slice(0, -segment.length - 1)} as a single ${describeType(type)}`, actual: name, message: `${name}: ${describeType(type)} parameter sent as a list` };
    }
  }
  if (isStructured(type)) {
    return {
      kind: 'not-official-form',
      path: name,
      expected: `${name} flattened as ${name}.1, ${name}.2, ... (official type ${describeType(type)})`,
      actual: `one parameter ${JSON.stringify(text)}`,
      message: `${name}: official type ${describeType(type)} travels flattened, not as one parameter`,
    };
  }
  return textProblem(field, type, text, name);
}

function missingRequired(request: OfficialModel, present: (name: string) => boolean): Problem[] {
  return Object.values(request.fields)
    .filter((field) => field.required && !present(field.name))
    .map((field) => ({
      kind: 'missing-required' as const,
      path: field.name,
      expected: `${field.name} (${describeType(field.type)}) required`,
      actual: 'absent',
      message: `${field.name}: required by ${request.name}, not sent`,
    }));
}

/**
 * Every parameter of a request that the official request model does not define, or carries in
 * another form than the official client would, plus the required parameters left out.
 */
export function requestProblems(service: ServiceName, action: string, params: Record<string, unknown>): Problem[] {
  const { request } = officialAction(service, action);
  if (officialApi(service).protocol === 'json') {
    const out: Problem[] = [];
    valueProblems({ kind: 'model', model: request }, params, '', out);
    return [...out, ...missingRequired(request, (name) => params[name] !== undefined && params[name] !== null)];
  }
  const shrunk = shrunkFields(service, action);
  const names = Object.keys(params).filter((name) => !RPC_COMMON_PARAMS.has(name));
  const out: Problem[] = [];
  for (const name of names) {
    const problem = rpcParamProblem(request, shrunk, name, params[name]);
    if (problem) out.push(problem);
  }
  const present = (field: string): boolean => names.some((n) => n === field || n.startsWith(`${field}.`));
  return [...out, ...missingRequired(request, present)];
}

