/** A small Markdown writer: headings, paragraphs, lists and tables, joined with blank lines. */

export type Cell = string | number;

export interface Verdict {
  what: string;
  figure: string;
  budget: string;
  met: boolean;
}

function escapeCell(cell: Cell): string {
  return String(cell).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export class Markdown {
  private readonly blocks: string[] = [];

  heading(level: 1 | 2 | 3, text: string): this {
    this.blocks.push(`${'#'.repeat(level)} ${text}`);
    return this;
  }

  paragraph(...lines: string[]): this {
    this.blocks.push(lines.join('\n'));
    return this;
  }

  list(items: readonly string[]): this {
    if (items.length > 0) this.blocks.push(items.map((i) => `- ${i}`).join('\n'));
    return this;
  }

  code(text: string, lang = 'sh'): this {
    this.blocks.push(`\`\`\`${lang}\n${text}\n\`\`\``);
    return this;
  }

  table(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): this {
    const line = (cells: readonly Cell[]): string => `| ${cells.map(escapeCell).join(' | ')} |`;
    this.blocks.push([line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n'));
    return this;
  }

  /** Appends another document's blocks (a measurement's section). */
  append(other: Markdown): this {
    this.blocks.push(...other.blocks);
    return this;
  }

  toString(): string {
    return `${this.blocks.join('\n\n')}\n`;
  }
}

export const mark = (met: boolean): string => (met ? 'met' : '**not met**');
