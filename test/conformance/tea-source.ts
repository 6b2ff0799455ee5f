import ts from 'typescript';

/**
 * Reads the source of an Alibaba Cloud generated ("Tea"/Darabonba) model file: for every model class,
 * each property's wire name (`static names()`), its declared type (`static types()`) and the facts in
 * its doc comment (`@example`, "This parameter is required.", the "Valid values" bullets).
 *
 * The ECS loader uses it for the doc facts of the installed `@alicloud/ecs20140526` (the runtime
 * classes carry names and types but no comments); the ENS fixture was written from the same reading of
 * https://github.com/aliyun/alibabacloud-typescript-sdk/tree/master/ens-20171110/src/models.
 */

/** A `types()` entry: a primitive name, or an array, map or nested model. */
export type TeaTypeExpr = string | { array: TeaTypeExpr } | { map: TeaTypeExpr } | { model: string };

export interface TeaPropertyFacts {
  /** The camelCase property of the class. */
  property: string;
  /** What travels on the wire (`names()`). */
  wireName: string;
  type: TeaTypeExpr;
  /** The doc comment says "This parameter is required." */
  required: boolean;
  example?: string;
  /** Values listed as bullets in the comment (`*   creating: ...`, `- auto: ...`), as written. */
  enumHint?: string[];
  /** The `@remarks` text, whitespace collapsed. */
  remarks?: string;
}

export interface TeaClassFacts {
  name: string;
  properties: TeaPropertyFacts[];
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

/** The object literal a `static names()` or `static types()` method returns. */
function returnedObject(method: ts.MethodDeclaration): ts.ObjectLiteralExpression | undefined {
  for (const statement of method.body?.statements ?? []) {
    if (ts.isReturnStatement(statement) && statement.expression && ts.isObjectLiteralExpression(statement.expression)) {
      return statement.expression;
    }
  }
  return undefined;
}

function objectEntries(literal: ts.ObjectLiteralExpression): Array<[string, ts.Expression]> {
  const out: Array<[string, ts.Expression]> = [];
  for (const prop of literal.properties) {
    if (!ts.isPropertyAssignment(prop)) continue;
    const key = propertyName(prop.name);
    if (key !== undefined) out.push([key, prop.initializer]);
  }
  return out;
}

function typeExpr(expr: ts.Expression): TeaTypeExpr {
  if (ts.isStringLiteral(expr)) return expr.text;
  if (ts.isIdentifier(expr)) return { model: expr.text };
  if (ts.isPropertyAccessExpression(expr)) return { model: expr.name.text };
  if (ts.isObjectLiteralExpression(expr)) {
    const entries = new Map(objectEntries(expr));
    const kind = entries.get('type');
    const kindText = kind && ts.isStringLiteral(kind) ? kind.text : '';
    const item = entries.get('itemType');
    const value = entries.get('valueType');
    if (kindText === 'array' && item) return { array: typeExpr(item) };
    if (kindText === 'map' && value) return { map: typeExpr(value) };
  }
  return 'any';
}

function jsDocText(comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string {
  return (ts.getTextOfJSDocComment(comment) ?? '').trim();
}

/** Bullet values of a "Valid values" list: `*   **AllSuccess**: ...`, `- auto: ...`, `- all (default): ...`. */
function enumHintFromRemarks(remarks: string): string[] | undefined {
  const values: string[] = [];
  for (const line of remarks.split('\n')) {
    const match = /^\s*[*-]\s+(?:\*\*)?([A-Za-z0-9_.]+(?:-[A-Za-z0-9_.]+)*)(?:\*\*)?(?:\s*\([^)]*\))?\s*[:：]/.exec(line);
    if (match?.[1] !== undefined) values.push(match[1]);
  }
  return values.length > 0 ? values : undefined;
}

function docFacts(node: ts.Node): { remarks?: string; example?: string } {
  const out: { remarks?: string; example?: string } = {};
  for (const doc of ts.getJSDocCommentsAndTags(node)) {
    if (!ts.isJSDoc(doc)) continue;
    for (const tag of doc.tags ?? []) {
      const name = tag.tagName.text;
      if (name === 'remarks') out.remarks = jsDocText(tag.comment);
      if (name === 'example') out.example = jsDocText(tag.comment);
    }
  }
  return out;
}

/** Every model class of one generated source file, with its properties' wire facts. */
export function parseTeaModelSource(text: string, fileName = 'model.ts'): TeaClassFacts[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const classes: TeaClassFacts[] = [];
  for (const statement of source.statements) {
    if (!ts.isClassDeclaration(statement) || !statement.name) continue;
    const docs = new Map<string, { remarks?: string; example?: string }>();
    let names: Array<[string, ts.Expression]> = [];
    let types: Array<[string, ts.Expression]> = [];
    for (const member of statement.members) {
      if (ts.isPropertyDeclaration(member)) {
        const name = propertyName(member.name);
        if (name !== undefined) docs.set(name, docFacts(member));
      } else if (ts.isMethodDeclaration(member)) {
        const name = propertyName(member.name);
        const literal = returnedObject(member);
        if (name === 'names' && literal) names = objectEntries(literal);
        if (name === 'types' && literal) types = objectEntries(literal);
      }
    }
    const typeOf = new Map(types);
    const properties = names.map(([property, wire]): TeaPropertyFacts => {
      const doc = docs.get(property) ?? {};
      const remarks = doc.remarks;
      const typeNode = typeOf.get(property);
      const enumHint = remarks !== undefined ? enumHintFromRemarks(remarks) : undefined;
      return {
        property,
        wireName: ts.isStringLiteral(wire) ? wire.text : property,
        type: typeNode ? typeExpr(typeNode) : 'any',
        required: remarks !== undefined && /This parameter is required\./.test(remarks),
        ...(doc.example !== undefined && doc.example !== '' ? { example: doc.example } : {}),
        ...(enumHint ? { enumHint } : {}),
        ...(remarks !== undefined && remarks !== '' ? { remarks: remarks.replace(/\s+/g, ' ').trim() } : {}),
      };
    });
    classes.push({ name: statement.name.text, properties });
  }
  return classes;
}
