/**
 * Plain-text tables for the command's human output: no frame, one rule under the header, no colours,
 * so they read the same on a terminal and in a log file. A table wider than the output wraps the text
 * of its widest columns inside their cells (at spaces, and after `:` `,` `/`), never cuts it: ids and
 * names stay whole wherever they fit, and every character is still there when they do not.
 */

/** Columns are separated by this many spaces. */
const GAP = 2;
/** The last column (free text) wraps first, but not narrower than this while other columns can give. */
const PROSE_COLUMN = 20;

/** The width of the output: the terminal's when stdout is one, else COLUMNS, else 80. */
export function outputWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout, env: Record<string, string | undefined> = process.env): number {
  if (stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0) return stream.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : 80;
}

/** Code points a terminal draws two cells wide (East Asian wide and fullwidth forms, emoji). */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
/** Code points drawn in no cell of their own: combining marks and zero-width characters. */
const NONE = /[\p{M}\u200b-\u200f\u2060\ufeff]/u;

/** How many terminal cells `text` takes. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += NONE.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return width;
}

/** A cell's text cut where a line may end: after spaces, and after `:` `,` `/` (ids and names keep whole otherwise). */
function pieces(text: string): string[] {
  return text.match(/[^\s:,/]*[:,/]?\s*/g)?.filter((p) => p !== '') ?? [];
}

/** The widest piece of any cell in a column: below that, a word would have to be broken. */
function unbreakable(text: string): number {
  return Math.max(0, ...pieces(text).map((p) => displayWidth(p.trimEnd())));
}

/** `text` cut into chunks at most `width` cells wide, as a last resort for a word longer than its column. */
function hardBreak(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const ch of text) {
    if (displayWidth(line + ch) > width && line !== '') {
      out.push(line);
      line = '';
    }
    line += ch;
  }
  if (line !== '') out.push(line);
  return out;
}

/** The lines of one cell in a column `width` cells wide. */
export function wrapCell(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces(text)) {
    if (displayWidth((line + piece).trimEnd()) <= width) {
      line += piece;
      continue;
    }
    if (line.trimEnd() !== '') lines.push(line.trimEnd());
    line = '';
    if (displayWidth(piece.trimEnd()) <= width) line = piece;
    else {
      const chunks = hardBreak(piece.trimEnd(), width);
      line = chunks.pop() ?? '';
      lines.push(...chunks);
    }
  }
  if (line.trimEnd() !== '') lines.push(line.trimEnd());
  return lines.length > 0 ? lines : [''];
}

/**
 * Column widths that fit `available` cells, or undefined when they cannot without breaking words.
 * The last column (free text in every table here: a reason, a name, a list) wraps first, down to
 * PROSE_COLUMN; then the widest column gives up a cell at a time down to its floor: its longest word,
 * or for a column of numbers (`right`), its widest value (a header may still wrap), and for the last
 * column, PROSE_COLUMN.
 */
function fitWidths(natural: number[], floors: number[], available: number): number[] | undefined {
  const widths = [...natural];
  const last = widths.length - 1;
  const total = (): number => widths.reduce((a, b) => a + b, 0);
  const shrink = (floor: (i: number) => number, only?: number): void => {
    while (total() > available) {
      let widest = -1;
      for (let i = 0; i < widths.length; i++) {
        if ((only !== undefined && i !== only) || (widths[i] as number) <= Math.max(floor(i), 1)) continue;
        if (widest === -1 || (widths[i] as number) > (widths[widest] as number)) widest = i;
      }
      if (widest === -1) return;
      widths[widest] = (widths[widest] as number) - 1;
    }
  };
  shrink((i) => Math.max(floors[i] as number, PROSE_COLUMN), last);
  // Free text squeezed below PROSE_COLUMN reads a word a line: records read better then.
  shrink((i) => (i === last ? Math.max(floors[i] as number, Math.min(natural[i] as number, PROSE_COLUMN)) : (floors[i] as number)));
  return total() <= available ? widths : undefined;
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/**
 * The records of a table too wide for the output even with wrapped cells: each row as `header: value`
 * pairs flowed over lines of `width` (continuation lines indented), empty cells left out. Nothing is
 * cut; a value longer than a line wraps like a cell.
 */
function renderRecords(header: string[], rows: string[][], width: number): string {
  const out: string[] = [];
  for (const row of rows) {
    let line = '';
    // A record's first line starts at the margin; the lines that continue it are indented.
    let first = true;
    const push = (text: string): void => {
      out.push(first ? text : `  ${text}`);
      first = false;
    };
    for (const [i, value] of row.entries()) {
      if (value === '') continue;
      const pair = `${header[i] ?? ''}: ${value}`;
      const indent = first ? 0 : 2;
      if (line !== '' && displayWidth(`${line}  ${pair}`) + indent <= width) {
        line = `${line}  ${pair}`;
        continue;
      }
      if (line !== '') push(line);
      line = '';
      if (displayWidth(pair) + (first ? 0 : 2) <= width) line = pair;
      else {
        // A value longer than a line goes on under its label, indented further.
        const [head = '', ...rest] = wrapCell(pair, width - 4);
        push(head);
        for (const part of rest) out.push(`    ${part}`);
      }
    }
    if (line !== '') push(line);
  }
  return out.join('\n');
}

/**
 * A plain-text table: a header, a rule, and one row per record; `right` names the columns to
 * right-align (numbers, which never wrap). It fits `width` cells by wrapping text inside cells; a
 * table that cannot fit without breaking words is printed as records instead (see renderRecords).
 */
export function renderTable(header: string[], rows: string[][], right: readonly number[] = [], width: number = outputWidth()): string {
  const all = [header, ...rows];
  const columns = header.length;
  const natural = Array.from({ length: columns }, (_, i) => Math.max(...all.map((r) => displayWidth(r[i] ?? ''))));
  const floors = Array.from({ length: columns }, (_, i) =>
    right.includes(i) ? Math.max(unbreakable(header[i] ?? ''), ...rows.map((r) => displayWidth(r[i] ?? ''))) : Math.max(...all.map((r) => unbreakable(r[i] ?? ''))),
  );
  const fitted = fitWidths(natural, floors, width - GAP * (columns - 1));
  if (fitted === undefined) return renderRecords(header, rows, width);
  // A wrapped column takes only as much as its longest line: the rest of the width stays free.
  const widths = fitted.map((w, i) => (w === natural[i] ? w : Math.max(...all.map((r) => Math.max(...wrapCell(r[i] ?? '', w).map(displayWidth))))));
  const render = (row: string[]): string[] => {
    const cells = widths.map((w, i) => wrapCell(row[i] ?? '', w));
    const height = Math.max(...cells.map((c) => c.length));
    return Array.from({ length: height }, (_, line) =>
      widths
        .map((w, i) => pad(cells[i]?.[line] ?? '', w, right.includes(i)))
        .join(' '.repeat(GAP))
        .trimEnd(),
    );
  };
  const rule = '─'.repeat(widths.reduce((a, b) => a + b, 0) + GAP * (columns - 1));
  return [...render(header), rule, ...rows.flatMap(render)].join('\n');
}

/**
 * Prose lines (titles, totals, messages) wrapped like cells to `width`; a wrapped line goes on two
 * spaces further in than it started. Lines that fit, tables among them, are left as they are.
 */
export function fitText(text: string, width: number = outputWidth()): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (displayWidth(line) <= width) return [line];
      const indent = /^ */.exec(line)?.[0] ?? '';
      const [first = '', ...rest] = wrapCell(line.slice(indent.length), Math.max(10, width - indent.length - 2));
      return [indent + first, ...rest.map((part) => `${indent}  ${part}`)];
    })
    .join('\n');
}
