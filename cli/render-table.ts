import Table from 'cli-table3';

/** No frame, one rule under the header, no colours: reads well on a terminal and in a log file alike. */
const PLAIN_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '─', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
};

/** A plain-text table: a header, a rule, and one row per line; `right` names the columns to right-align. */
export function renderTable(header: string[], rows: string[][], right: readonly number[] = []): string {
  const table = new Table({
    head: header,
    chars: PLAIN_CHARS,
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 2 },
    colAligns: header.map((_, i) => (right.includes(i) ? 'right' : 'left')),
  });
  table.push(...rows);
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
