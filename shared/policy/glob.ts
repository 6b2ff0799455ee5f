/**
 * `namePattern` globs: `*` is any run of characters, `?` exactly one, everything else literal; the
 * whole name must match. Characters are Unicode code points, as the rest of the project counts them
 * (a Chinese character or an emoji is one character).
 *
 * No regular expression: a glob turned into one (`.*-.*-…`) backtracks, and a few stars on a long name
 * take seconds to minutes per snapshot. Here the pattern is cut at its stars; the first piece must
 * start the name, the last must end it, and each piece in between is placed at its leftmost fit after
 * the previous one. Leftmost is always safe (it leaves the most room for the pieces after it), so
 * nothing is ever undone: a match costs at most (name length + 1) x (pattern length + 1) character
 * comparisons, whatever the input.
 */

/** `?` in a piece: any one code point. Code points are never negative. */
const ANY = -1;

export interface CompiledGlob {
  /** The pattern cut at each `*`: one piece when it has no star. Each piece is code points, ANY for `?`. */
  readonly pieces: ReadonlyArray<readonly number[]>;
}

/** Counts character comparisons, for tests and benchmarks that check the cost stays bounded. */
export interface GlobMeter {
  steps: number;
}

function codePoints(text: string): number[] {
  const out: number[] = [];
  for (const char of text) out.push(char.codePointAt(0) as number);
  return out;
}

export function compileGlob(glob: string): CompiledGlob {
  const pieces: number[][] = [[]];
  for (const char of glob) {
    if (char === '*') pieces.push([]);
    else (pieces[pieces.length - 1] as number[]).push(char === '?' ? ANY : (char.codePointAt(0) as number));
  }
  return { pieces };
}

function fitsAt(piece: readonly number[], name: readonly number[], at: number, meter: GlobMeter | undefined): boolean {
  for (let i = 0; i < piece.length; i++) {
    if (meter) meter.steps++;
    const want = piece[i] as number;
    if (want !== ANY && want !== name[at + i]) return false;
  }
  return true;
}

/** Whether the whole of `name` matches the compiled glob. */
export function globMatches(glob: CompiledGlob, name: string, meter?: GlobMeter): boolean {
  const chars = codePoints(name);
  const { pieces } = glob;
  const first = pieces[0] as readonly number[];
  if (pieces.length === 1) return first.length === chars.length && fitsAt(first, chars, 0, meter);
  const last = pieces[pieces.length - 1] as readonly number[];
  const end = chars.length - last.length;
  if (first.length > end) return false;
  if (!fitsAt(first, chars, 0, meter) || !fitsAt(last, chars, end, meter)) return false;
  let cursor = first.length;
  for (let p = 1; p < pieces.length - 1; p++) {
    const piece = pieces[p] as readonly number[];
    let at = cursor;
    while (at + piece.length <= end && !fitsAt(piece, chars, at, meter)) at++;
    if (at + piece.length > end) return false;
    cursor = at + piece.length;
  }
  return true;
}
