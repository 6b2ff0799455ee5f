/**
 * What each built function carries: only its own cloud's code where the engine lets it choose, which
 * keeps the ECS bundle inside its size budget (npm run bench measures it).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBuilt } from '../functions/harness';

function bundle(name: string): string {
  ensureBuilt();
  return readFileSync(resolve(import.meta.dirname, '../../dist', name, 'index.js'), 'utf8');
}

describe('function bundles', () => {
  it('carry the ENS upkeep (scheduled snapshots, pruning) in the ENS function only', () => {
    // The mark of a scheduled snapshot is a string literal of that code, which minifying keeps.
    expect(bundle('ens-replicator')).toContain('srepauto:');
    expect(bundle('ecs-replicator')).not.toContain('srepauto:');
    expect(bundle('cbs-replicator')).not.toContain('srepauto:');
  });
});
