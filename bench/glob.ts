/**
 * 7. `namePattern` matching: the glob matcher (shared/policy/glob.ts) against the backtracking regular
 * expression it replaced, on adversarial patterns and 128-character names (the longest ECS and ENS
 * names). The former matcher is rebuilt here as it was, to measure it; it is slow enough that only
 * small instances of the worst pattern are run, and the growth is shown instead.
 */
import { performance } from 'node:perf_hooks';
import { compileGlob, type GlobMeter, globMatches } from '../shared/policy/glob';
import { escapeRegExp } from '../shared/policy/escape-regexp';
import { progress } from './fixtures';
import { Markdown, type Verdict } from './markdown';
import { fixed, median } from './stats';

/** The former matcher: `*` -> `.*`, `?` -> `.`, anchored, dotAll, by code points. */
function formerGlob(glob: string): RegExp {
  let source = '';
  for (const char of glob) source += char === '*' ? '.*' : char === '?' ? '.' : escapeRegExp(char);
  return new RegExp(`^${source}$`, 'su');
}

const pad = (stem: string, tail: string, length = 128): string => `${stem.repeat(length).slice(0, length - tail.length)}${tail}`;

interface Case {
  label: string;
  glob: string;
  name: string;
  /** Whether to run the former matcher too (false where it would run for hours). */
  former: boolean;
}

const dashes = (stars: number): string => `${'*-'.repeat(stars)}prod`;
const manyStars = (stars: number): string => `${'*a'.repeat(stars - 1)}*b`;

const CASES: Case[] = [
  ...[2, 4, 6, 8].map((k) => ({ label: `\`${dashes(k)}\`, 128-character near miss`, glob: dashes(k), name: pad('ab-', 'xy'), former: true })),
  ...[2, 3, 4].map((k) => ({ label: `\`${manyStars(k)}\` (${k} stars), 128 \`a\`s`, glob: manyStars(k), name: 'a'.repeat(128), former: true })),
  { label: '`*-*-*-*-*-*-*-*-prod`, 128 characters ending `-prod`, one dash short', glob: dashes(8), name: pad('abcdefghijklmnopq-', 'x-prod'), former: true },
  { label: '`*-*-*-*-*-*-*-*-prod`, 128-character match', glob: dashes(8), name: pad('ab-', '-prod'), former: true },
  { label: '122-character `*a*a…*b` (61 stars), 128 `a`s', glob: manyStars(61), name: 'a'.repeat(128), former: false },
  { label: '122-character `*a*a…*b` (61 stars), 127 `a`s and `b`', glob: manyStars(61), name: pad('a', 'b'), former: true },
  { label: '`*` + 60 `a` + `b*`, 128 `a`s', glob: `*${'a'.repeat(60)}b*`, name: 'a'.repeat(128), former: true },
];

const RUNS = 2_000;
/** Per match, for the worst case above: a sweep of 10,000 snapshots stays within a second. */
const BUDGET_MS = 0.1;

function timeNew(c: Case): { ms: number; steps: number } {
  const compiled = compileGlob(c.glob);
  const meter: GlobMeter = { steps: 0 };
  globMatches(compiled, c.name, meter);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    globMatches(compiled, c.name);
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), steps: meter.steps };
}

function timeFormer(c: Case): number {
  const pattern = formerGlob(c.glob);
  const start = performance.now();
  pattern.test(c.name);
  return performance.now() - start;
}

export async function measureGlob(): Promise<{ section: Markdown; verdicts: Verdict[] }> {
  const rows: string[][] = [];
  let worst = 0;
  for (const c of CASES) {
    progress(`glob: ${c.glob.length > 30 ? `${c.glob.slice(0, 30)}…` : c.glob}`);
    const now = timeNew(c);
    worst = Math.max(worst, now.ms);
    const bound = ([...c.name].length + 1) * ([...c.glob].length + 1);
    rows.push([c.label, String([...c.glob].length), c.former ? `${fixed(timeFormer(c), 1)} ms` : 'not run (x30 and more per star above)', `${fixed(now.ms * 1000, 1)} µs`, `${now.steps} (bound ${bound})`]);
  }
  const section = new Markdown().heading(2, '7. Name patterns');
  section.paragraph(
    '`namePattern` globs on 128-character names, one match each. *Former*: the regular expression the glob used to become (`*` as `.*`), timed once; each extra star multiplies its backtracking, so the 61-star pattern is not run at all. *Now*: shared/policy/glob.ts, the median of ' +
      `${RUNS} matches, and the character comparisons it made against its bound, (name + 1) x (pattern + 1).`,
  );
  section.table(['pattern, name', 'pattern length', 'former', 'now', 'comparisons now'], rows);
  return {
    section,
    verdicts: [{ what: 'namePattern match, worst adversarial case, 128-character name', figure: `${fixed(worst * 1000, 1)} µs`, budget: `< ${BUDGET_MS * 1000} µs`, met: worst < BUDGET_MS }],
  };
}
