/**
 * The API actions a function's bundle can call, derived from the sources with the TypeScript parser.
 *
 * Why the sources and not the bundle text: a bundle carries every action its SDK client defines
 * (tencentcloud's CBS client names some forty, CreateSnapshot and DeleteSnapshots among them) and every
 * method of our own adapters, used or not (EcsClient.deleteSnapshot puts "DeleteSnapshot" in the ECS
 * bundle, which nothing calls). Scanning it would grant what the code never does. So the derivation
 * follows the calls instead: the function entry's imports from shared/clouds -> every method of its
 * driver (the engine may call any of them) and whatever client methods the driver and the entry call
 * -> within the client, the methods those call on `this` -> the action names passed as literals to
 * `call`/`request` (the SDK/RPC call). The bundle is then only asked to contain each derived action.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '../..');

/** The adapters' one way to reach an API: `this.rpc.call('Action', ...)`, `this.call('Action', ...)`. */
const ACTION_CALLERS = new Set(['call', 'request']);
const ACTION_NAME = /^[A-Z][A-Za-z0-9]+$/;

interface MethodFacts {
  actions: Set<string>;
  /** Methods called on `this`. */
  own: Set<string>;
  /** Methods called on anything else (a client held by a driver). */
  other: Set<string>;
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

function factsOf(body: ts.Node, skip: ReadonlySet<ts.Node> = new Set()): MethodFacts {
  const facts: MethodFacts = { actions: new Set(), own: new Set(), other: new Set() };
  const visit = (node: ts.Node): void => {
    if (skip.has(node)) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      const action = literal(node.arguments[0]);
      if (ACTION_CALLERS.has(name) && action !== undefined && ACTION_NAME.test(action)) facts.actions.add(action);
      if (node.expression.expression.kind === ts.SyntaxKind.ThisKeyword) facts.own.add(name);
      else facts.other.add(name);
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return facts;
}

interface FileFacts {
  classes: ClassFacts[];
  /** Everything outside class methods: module-level helpers, field initialisers. */
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

export function factsOfFile(path: string): FileFacts {
  const source = parse(path);
  const bodies = methodBodies(source);
  const classes = new Map<string, ClassFacts>();
  for (const { owner, name, body } of bodies) {
    const facts = classes.get(owner) ?? { name: owner, methods: new Map() };
    facts.methods.set(name, factsOf(body));
    classes.set(owner, facts);
  }
  const inMethods = new Set<ts.Node>(bodies.map((b) => b.body));
  return { classes: [...classes.values()], loose: factsOf(source, inMethods), all: factsOf(source) };
}

/** Files under shared/clouds that a source imports, directly or through other files there (a factory, its driver). */
function cloudImports(path: string, seen = new Set<string>()): string[] {
  for (const statement of parse(path).statements) {
    if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
    const from = literal(statement.moduleSpecifier);
    if (from === undefined || !from.startsWith('.')) continue;
    const file = `${resolve(dirname(path), from)}.ts`;
    if (!file.includes('/shared/clouds/') || seen.has(file)) continue;
    seen.add(file);
    cloudImports(file, seen);
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

/** The actions `functions/<name>/index.ts` can reach, as service-less names (`CopySnapshot`). */
export function actionsOfFunction(name: string): Set<string> {
  const entry = resolve(root, 'functions', name, 'index.ts');
  const files = cloudImports(entry).map(factsOfFile);
  const clients = files.flatMap((f) => f.classes.filter(hasActions));
  // Drivers and helpers: whatever they call anywhere (methods or module-level functions) may run.
  const called = new Set(factsOfFile(entry).all.other);
  for (const file of files.filter((f) => !f.classes.some(hasActions))) for (const m of file.all.other) called.add(m);
  const actions = new Set<string>();
  for (const client of clients) for (const a of actionsFrom(client, [...called].filter((m) => client.methods.has(m)))) actions.add(a);
  // An action called outside any client method cannot be traced to a caller: counted, to be safe.
  for (const file of files.filter((f) => f.classes.some(hasActions))) for (const a of file.loose.actions) actions.add(a);
  return actions;
}
