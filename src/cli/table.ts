import { visible } from './terminal-text';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Width as a terminal shows it: characters as a reader sees them, not UTF-16 units ("Eglė" is 4 wide, its ė composed or not). */
const width = (text: string) => [...graphemes.segment(text)].length;

/**
 * Plain-text columns, each as wide as its widest cell, two spaces apart; the last column is not
 * padded, so lines carry no trailing spaces. A cell's control characters are shown escaped: a
 * line break in a value never starts a row of its own.
 */
export function formatTable(cells: string[][]): string {
  const rows = cells.map((row) => row.map(visible));
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, width(cell))));
  return rows
    .map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - width(cell)))).join('  '))
    .map((line) => `${line.trimEnd()}\n`)
    .join('');
}
