import type { Cell, ColumnGroup } from './columns.js';

/**
 * The labels of a row's check, after `experiment`: one column per `--label KEY=VALUE` (the same
 * value on every row), then one per label column (`passage`, `date`, `--label-column`: each
 * row's own value, "" where it has none). Text cells, as written in the input.
 */
export const LABEL_GROUP: ColumnGroup = {
  after: 'experiment',
  columns: (options) => [...(options.labels ?? []).map(([key]) => key), ...(options.labelColumns ?? [])],
  cells(row, options) {
    const cells: Record<string, Cell> = {};
    for (const [key, value] of options.labels ?? []) cells[key] = value;
    const labels = (row.kind === 'fit' ? row.fit : row.summary).labels;
    (options.labelColumns ?? []).forEach((key, i) => (cells[key] = labels?.[i] ?? ''));
    return cells;
  },
};
