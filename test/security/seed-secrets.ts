/**
 * The secrets of every seed the tests define, read from their sources: literal values of the key
 * fields (`accessKeySecret`, `secretKey`, `securityToken`, `sessionToken`). Reading the sources keeps a
 * seed added later from escaping the guard without anyone remembering to register it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXAMPLE_SEED } from '../../local-cloud/example-seed';

const root = resolve(import.meta.dirname, '../..');

const SECRET_FIELD = /\b(?:accessKeySecret|secretKey|securityToken|sessionToken)\s*:\s*(['"`])([^'"`\n]+)\1/g;

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourcesUnder(path));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

export function secretsInSource(text: string): string[] {
  return [...text.matchAll(SECRET_FIELD)].map((m) => m[2] as string);
}

export function seedSecrets(): string[] {
  const found = new Set<string>();
  for (const file of sourcesUnder(join(root, 'test'))) for (const s of secretsInSource(readFileSync(file, 'utf8'))) found.add(s);
  const credentials = EXAMPLE_SEED.credentials;
  for (const key of credentials?.aliyun ?? []) for (const s of [key.accessKeySecret, key.securityToken]) if (s) found.add(s);
  for (const key of credentials?.tencent ?? []) for (const s of [key.secretKey, key.sessionToken]) if (s) found.add(s);
  return [...found];
}
