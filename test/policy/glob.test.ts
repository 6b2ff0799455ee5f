import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, type GlobMeter, globMatches } from '../../shared/policy/glob';

function matches(glob: string, name: string, meter?: GlobMeter): boolean {
  return globMatches(compileGlob(glob), name, meter);
}

/**
 * The reference: the textbook table over code points, where cell (i, j) says whether the first i
 * characters of the pattern match the first j of the name. Slow (pattern x name cells) but plainly right.
 */
function reference(glob: string, name: string): boolean {
  const p = [...glob];
  const n = [...name];
  let row: boolean[] = [true, ...n.map(() => false)];
  for (const char of p) {
    const next: boolean[] = [char === '*' && (row[0] as boolean)];
    for (let j = 1; j <= n.length; j++) {
      if (char === '*') next.push((row[j] as boolean) || (next[j - 1] as boolean));
      else next.push((row[j - 1] as boolean) && (char === '?' || char === n[j - 1]));
    }
    row = next;
  }
  return row[n.length] as boolean;
}

describe('globMatches', () => {
  it.each([
    ['prod-*', 'prod-', true],
    ['prod-*', 'prod-db-1', true],
    ['prod-?', 'prod-ab', false],
    ['prod-?', 'prod-a', true],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['?', '', false],
    ['a.b', 'axb', false],
    ['快照*', '快照备份', true],
    ['??', '快照', true],
    ['?', '😀', true],
    ['??', '😀', false],
    ['(x)+', '(x)+', true],
    ['*-prod', 'db-prod', true],
    ['*-prod', 'db-prod-1', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'acb', false],
    ['a*a', 'a', false],
    ['*ab*ab*', 'abab', true],
    ['*ab*ab*', 'aba', false],
    ['a**b', 'ab', true],
    ['*?*', '', false],
    ['*?*', 'x', true],
  ])('%j against %j -> %s', (glob, name, expected) => {
    expect(matches(glob, name)).toBe(expected);
    expect(reference(glob, name)).toBe(expected);
  });

  it('agrees with the reference on small patterns and names', () => {
    // A small alphabet makes matches (and near misses) common; the astral character checks that
    // `?` takes one code point, never half of one.
    const char = fc.constantFrom('a', 'b', '-', '快', '😀');
    const glob = fc.array(fc.oneof(char, fc.constant('*'), fc.constant('?')), { maxLength: 10 }).map((cs) => cs.join(''));
    const name = fc.array(char, { maxLength: 14 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(glob, name, (g, n) => matches(g, n) === reference(g, n)),
      { numRuns: 5000, seed: 20261123 },
    );
  });

  it('matches every name made from the pattern, whatever fills the stars', () => {
    const piece = fc.string({ unit: 'grapheme-composite', maxLength: 4 }).map((s) => s.replace(/[*?]/g, ''));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.array(fc.string({ unit: 'grapheme', maxLength: 5 }), { maxLength: 6 }), (pieces, fills) => {
        const glob = pieces.join('*');
        const name = pieces.map((p, i) => (i === 0 ? p : `${fills[i - 1] ?? ''}${p}`)).join('');
        return matches(glob, name);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  describe('costs at most (name + 1) x (pattern + 1) comparisons on adversarial input', () => {
    const name128 = `${'ab-'.repeat(42)}xy`;
    const cases: Array<[string, string, string, boolean]> = [
      ['eight stars and dashes', '*-*-*-*-*-*-*-*-prod', name128, false],
      ['eight stars and dashes, matching', '*-*-*-*-*-*-*-*-prod', `${'ab-'.repeat(41)}a-prod`, true],
      ['a 122-character pattern of 61 stars', `${'*a'.repeat(60)}*b`, 'a'.repeat(128), false],
      ['a 122-character pattern of 61 stars, matching', `${'*a'.repeat(60)}*b`, `${'a'.repeat(127)}b`, true],
      ['question marks between stars', `${'*?'.repeat(61)}`, 'x'.repeat(128), true],
      ['a long piece that almost fits everywhere', `*${'a'.repeat(60)}b*`, 'a'.repeat(128), false],
    ];
    it.each(cases)('%s', (_label, glob, name, expected) => {
      expect([...glob].length).toBeLessThanOrEqual(128);
      const meter: GlobMeter = { steps: 0 };
      expect(matches(glob, name, meter)).toBe(expected);
      expect(meter.steps).toBeLessThanOrEqual(([...name].length + 1) * ([...glob].length + 1));
    });

    it('grows linearly with the name for a fixed pattern', () => {
      const glob = '*-*-*-*-*-*-*-*-prod';
      const steps = (length: number): number => {
        const meter: GlobMeter = { steps: 0 };
        matches(glob, 'ab-'.repeat(length / 3), meter);
        return meter.steps;
      };
      // Ten times the name, at most ten times the work (plus a constant): no hidden blow-up.
      expect(steps(1200)).toBeLessThanOrEqual(10 * steps(120) + 100);
    });
  });
});
