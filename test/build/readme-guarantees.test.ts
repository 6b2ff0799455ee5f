/** Every test the README's Guarantees name as proof exists, so a promise never points at nothing. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Guarantees'), readme.indexOf('\n## ', readme.indexOf('## Guarantees') + 1));
const named = [...new Set([...section.matchAll(/`((?:test|bench)\/[^`\s]+\.ts)`/g)].map((m) => m[1] as string))];

/** Files a path names: itself, or those its one `*` stands for. */
function filesFor(path: string): string[] {
  if (!path.includes('*')) return existsSync(resolve(root, path)) ? [path] : [];
  const [before, after] = basename(path).split('*') as [string, string];
  const dir = resolve(root, dirname(path));
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(before) && f.endsWith(after)) : [];
}

describe("the README's Guarantees", () => {
  it('name their tests', () => {
    expect(named.length).toBeGreaterThan(10);
  });

  it.each(named)('%s exists', (path) => {
    expect(filesFor(path).length).toBeGreaterThan(0);
  });
});
