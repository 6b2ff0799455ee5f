/**
 * The API actions a function's bundle can call, derived from the sources with the TypeScript parser.
 *
 * Why the sources and not the bundle text: a bundle carries every action its SDK client defines
 * (tencentcloud's CBS client names some forty, CreateSnapshot and DeleteSnapshots among them) and every
 * method of our own adapters, used or not (EcsClient.deleteSnapshot puts "DeleteSnapshot" in the ECS
 * bundle, which nothing calls). Scanning it would grant what the code never does. So the derivation
 * follows the calls instead:
 * - the files: the function entry's imports (static and `await import`) into shared/clouds and the
 *   wiring in shared/runtime, and theirs, type-only imports left out;
 * - adapter classes: every method of the driver (the engine may call any of them) and whatever client
 *   methods the driver and the entry call -> within the client, the methods those call on `this` ->
 *   the action names passed as literals to `call`/`request` (the SDK/RPC call);
 * - module-level functions (STS AssumeRole, the invoke helpers): their actions count when a file the
 *   function reaches calls them by name;
 * - generated SDK clients (FC 3.0): `<api>WithOptions(...)` is the call of action `<Api>`.
 * Each action is named with the service its file talks to (the adapter's `service`, or the SDK
 * package), as the adapters' errors and the local cloud's call log name it: `aliyun-sts:AssumeRole`.
 * The bundle is then only asked to contain each derived action.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '../..');

/** The adapters' one way to reach an API: `this.rpc.call('Action', ...)`, `this.call('Action', ...)`. */
const ACTION_CALLERS = new Set(['call', 'request']);
const ACTION_NAME = /^[A-Z][A-Za-z0-9]+$/;
/** Darabonba-generated clients (@alicloud/fc20230330) name each API's call `<api>WithOptions`. */
const SDK_CALL = /^([a-z][A-Za-z0-9]*)WithOptions$/;

/** Generated SDK packages the adapters load, and the service each talks to (the local cloud's name for it). */
const SDK_SERVICES: Readonly<Record<string, string>> = { '@alicloud/fc20230330': 'fc' };

/**
 * The permission (RAM/CAM action) each service's API calls need: the service's code in policies, and
 * the few APIs whose permission is named apart from the API. SCF's `Invoke` API is authorized as
 * `scf:InvokeFunction` (https://cloud.tencent.com/document/product/583/47934, policies/README.md).
 */
const PERMISSION_CODE: Readonly<Record<string, string>> = {
  ecs: 'ecs', ens: 'ens', cbs: 'cbs', 'aliyun-sts': 'sts', 'tencent-sts': 'sts', fc: 'fc', scf: 'scf',
};
const PERMISSION_NAME: Readonly<Record<string, string>> = { 'scf:Invoke': 'InvokeFunction' };

interface MethodFacts {
  actions: Set<string>;
  /** Methods called on `this`. */
  own: Set<string>;
  /** Methods called on anything else (a client held by a driver). */
  other: Set<string>;
  /** Functions called by name (`assumeAliyunRole(...)`). */
  plain: Set<string>;
}

interface ClassFacts {
  name: string;
  methods: Map<string, MethodFacts>;
}

function parse(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

function literal(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

function factsOf(body: ts.Node, skip: ReadonlySet<ts.Node> = new Set(), sdk = false): MethodFacts {
  const facts: MethodFacts = { actions: new Set(), own: new Set(), other: new Set(), plain: new Set() };
  const visit = (node: ts.Node): void => {
    if (skip.has(node)) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      const action = literal(node.arguments[0]);
      if (ACTION_CALLERS.has(name) && action !== undefined && ACTION_NAME.test(action)) facts.actions.add(action);
      const sdkCall = sdk ? SDK_CALL.exec(name) : null;
      if (sdkCall?.[1]) facts.actions.add(sdkCall[1].charAt(0).toUpperCase() + sdkCall[1].slice(1));
      if (node.expression.expression.kind === ts.SyntaxKind.ThisKeyword) facts.own.add(name);
      else facts.other.add(name);
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      facts.plain.add(node.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return facts;
}

interface FileFacts {
  path: string;
  /** The service the file's API calls go to, when it makes any. */
  service?: string;
  classes: ClassFacts[];
  /** Module-level functions (declared or `const f = () => ...`), by name. */
  functions: Map<string, MethodFacts>;
  /** Everything outside class methods and module-level functions: field initialisers, top-level code. */
  loose: MethodFacts;
  /** The whole file at once. */
  all: MethodFacts;
}

function methodBodies(source: ts.SourceFile): Array<{ owner: string; name: string; body: ts.Node }> {
  const out: Array<{ owner: string; name: string; body: ts.Node }> = [];
  for (const statement of source.statements) {
    if (!ts.isClassDeclaration(statement) || !statement.name) continue;
    for (const member of statement.members) {
      if ((ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member)) && member.body && ts.isIdentifier(member.name)) {
        out.push({ owner: statement.name.text, name: member.name.text, body: member.body });
      }
    }
  }
  return out;
}

function functionBodies(source: ts.SourceFile): Array<{ name: string; body: ts.Node }> {
  const out: Array<{ name: string; body: ts.Node }> = [];
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) out.push({ name: statement.name.text, body: statement.body });
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) out.push({ name: d.name.text, body: d.initializer });
    }
  }
  return out;
}

/** Relative modules a source imports for their values: static imports and `await import(...)`. */
function valueImports(source: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
    const from = literal(statement.moduleSpecifier);
    if (from !== undefined) out.push(from);
  }
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const from = literal(node.arguments[0]);
      if (from !== undefined) out.push(from);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The `service: '...'` an adapter gives the client it constructs, or the SDK package it loads; one per file. */
function serviceOf(source: ts.SourceFile): string | undefined {
  const found = new Set<string>();
  for (const from of valueImports(source)) if (SDK_SERVICES[from]) found.add(SDK_SERVICES[from]);
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node)) {
      for (const arg of node.arguments ?? []) {
        if (!ts.isObjectLiteralExpression(arg)) continue;
        for (const p of arg.properties) {
          if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'service') {
            const value = literal(p.initializer);
            if (value !== undefined) found.add(value);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (found.size > 1) throw new Error(`${source.fileName} talks to ${[...found].join(' and ')}: one service per adapter file`);
  return [...found][0];
}

export function factsOfFile(path: string): FileFacts {
  const source = parse(path);
  const service = serviceOf(source);
  const sdk = valueImports(source).some((from) => SDK_SERVICES[from] !== undefined);
  const bodies = methodBodies(source);
  const classes = new Map<string, ClassFacts>();
  for (const { owner, name, body } of bodies) {
    const facts = classes.get(owner) ?? { name: owner, methods: new Map() };
    facts.methods.set(name, factsOf(body, new Set(), sdk));
    classes.set(owner, facts);
  }
  const fns = functionBodies(source);
  const functions = new Map(fns.map(({ name, body }) => [name, factsOf(body, new Set(), sdk)]));
  const skip = new Set<ts.Node>([...bodies.map((b) => b.body), ...fns.map((f) => f.body)]);
  return { path, ...(service ? { service } : {}), classes: [...classes.values()], functions, loose: factsOf(source, skip, sdk), all: factsOf(source, new Set(), sdk) };
}

/** Where a function's calls can reach: shared/clouds (adapters) and shared/runtime (the wiring that calls them). */
const FOLLOWED = ['/shared/clouds/', '/shared/runtime/'];

/** The files of shared/clouds and shared/runtime a source reaches through value imports, itself left out. */
function reachedFiles(path: string, seen = new Set<string>()): string[] {
  for (const from of valueImports(parse(path))) {
    if (!from.startsWith('.')) continue;
    const file = `${resolve(dirname(path), from)}.ts`;
    if (!FOLLOWED.some((dir) => file.includes(dir)) || seen.has(file)) continue;
    seen.add(file);
    reachedFiles(file, seen);
  }
  return [...seen];
}

/** Every action reachable from `methods` of a client, following its calls on `this`. */
function actionsFrom(client: ClassFacts, methods: Iterable<string>): Set<string> {
  const actions = new Set<string>();
  const seen = new Set<string>();
  const queue = [...methods];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const facts = client.methods.get(name);
    if (!facts) continue;
    for (const a of facts.actions) actions.add(a);
    queue.push(...facts.own);
  }
  return actions;
}

function hasActions(c: ClassFacts): boolean {
  return [...c.methods.values()].some((m) => m.actions.size > 0);
}

function qualified(file: FileFacts, action: string): string {
  if (!file.service) throw new Error(`${file.path} calls ${action} but names no service`);
  return `${file.service}:${action}`;
}

/**
 * The API calls `functions/<name>/index.ts` can make, as `<service>:<Action>` with the service as the
 * adapters and the local cloud name it (`ecs:CopySnapshot`, `aliyun-sts:AssumeRole`, `fc:InvokeFunction`).
 */
export function apiCallsOfFunction(name: string): Set<string> {
  const entry = resolve(root, 'functions', name, 'index.ts');
  const files = reachedFiles(entry).map(factsOfFile);
  const wiring = files.filter((f) => f.path.includes('/shared/runtime/'));
  const clouds = files.filter((f) => f.path.includes('/shared/clouds/'));
  const withClients = clouds.filter((f) => f.classes.some(hasActions));
  const entryFacts = factsOfFile(entry);
  // Drivers and helpers: whatever they call anywhere (methods or module-level functions) may run.
  const called = new Set(entryFacts.all.other);
  for (const file of clouds.filter((f) => !f.classes.some(hasActions))) for (const m of file.all.other) called.add(m);
  // Module-level functions run when a reached file calls them by name.
  const calledByName = new Set([entryFacts, ...files].flatMap((f) => [...f.all.plain]));
  const actions = new Set<string>();
  for (const file of withClients) {
    for (const client of file.classes.filter(hasActions)) {
      for (const a of actionsFrom(client, [...called].filter((m) => client.methods.has(m)))) actions.add(qualified(file, a));
    }
  }
  for (const file of [...clouds, ...wiring]) {
    for (const [fn, facts] of file.functions) if (calledByName.has(fn)) for (const a of facts.actions) actions.add(qualified(file, a));
    // An action called outside any method or function cannot be traced to a caller: counted, to be safe.
    for (const a of file.loose.actions) actions.add(qualified(file, a));
  }
  // In a client's file, module-level helpers count like code outside the methods: to be safe.
  for (const file of withClients) for (const facts of file.functions.values()) for (const a of facts.actions) actions.add(qualified(file, a));
  return actions;
}

/** The RAM/CAM action an API call (`<service>:<Action>`) needs: `aliyun-sts:AssumeRole` -> `sts:AssumeRole`. */
export function permissionOf(call: string): string {
  const [service = '', action = ''] = call.split(':');
  const code = PERMISSION_CODE[service];
  if (code === undefined) throw new Error(`no permission code known for the service ${service}`);
  return `${code}:${PERMISSION_NAME[call] ?? action}`;
}
