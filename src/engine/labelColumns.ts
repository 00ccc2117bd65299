import { Ic50Error } from '../errors.js';
import type { Options } from '../options.js';
import { isLabelColumn, tidyHeaderNames } from '../readers/tidyCsv.js';
import { COLUMN_GROUPS } from '../writers/columnGroups.js';
import { COLUMNS, type OutputOptions } from '../writers/records.js';
import { TREND_COLUMN_NAMES } from '../writers/trendRecords.js';
import type { InputSpec } from './inputs.js';

/** Columns that label each row's check without being asked for: a tidy CSV's or a manifest's `passage` and `date`. */
export const AUTOMATIC_LABEL_COLUMNS = ['passage', 'date'] as const;

/**
 * The label columns of a run, in order: those asked for (--label-column), then `passage` and
 * `date` when a tidy CSV's header or the manifest (`manifestColumns`, its header names) has them.
 * Throws Ic50Error (usage) for a label column no input has, a label given both by --label and by
 * a column, or a label named like an output column. Returns the keys and a note for each column
 * found without being asked for (the output gains it, and curves are split by its values).
 */
export function labelColumnsOf(inputs: readonly InputSpec[], options: Pick<Options, 'labels' | 'labelColumns'>, manifestColumns: readonly string[] = []): { keys: string[]; notes: string[] } {
  const headers = inputs.filter((input) => input.format === 'tidy').map((input) => ({ name: input.name, columns: tidyHeaderNames(input.head ?? '') }));
  const sources = [...(manifestColumns.length > 0 ? [{ name: 'the manifest', columns: manifestColumns }] : []), ...headers];
  const holders = (key: string) => sources.filter((s) => s.columns.some((c) => isLabelColumn(c, key))).map((s) => s.name);
  const asked = options.labelColumns ?? [];
  for (const key of asked) {
    if (holders(key).length === 0) {
      throw new Ic50Error(`--label-column ${key}: no input has a column "${key}"`, {
        code: 'usage',
        hint: 'label columns are read from tidy CSVs and from the manifest; for a plate-reader export give --label KEY=VALUE, or a manifest column',
      });
    }
  }
  const keys = [...asked];
  const found = new Set<string>();
  const automatic: string[] = [];
  for (const key of AUTOMATIC_LABEL_COLUMNS) {
    if (keys.some((k) => isLabelColumn(k, key))) continue;
    const where = holders(key);
    if (where.length === 0) continue;
    keys.push(key);
    automatic.push(key);
    for (const name of where) found.add(name);
  }
  const names = [...found];
  const notes =
    automatic.length === 0
      ? []
      : [
          `the ${automatic.join(' and ')} column${automatic.length > 1 ? 's' : ''} of ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''} ${automatic.length > 1 ? 'label' : 'labels'} each check: ` +
            `the output has ${automatic.length > 1 ? 'these columns' : 'this column'}, and curves of different checks are fitted apart`,
        ];
  for (const [key] of options.labels ?? []) {
    if (keys.some((k) => isLabelColumn(k, key))) {
      throw new Ic50Error(`--label ${key}: the inputs have a ${key} column too`, { code: 'usage', hint: `give ${key} once: by --label for the whole run, or by the column per row` });
    }
  }
  checkLabelNames([...(options.labels ?? []).map(([key]) => key), ...keys]);
  return { keys, notes };
}

/** Options under which every column group adds its columns (ICx columns, whose names depend on the levels, are matched by ICX_COLUMN). */
const EVERY_GROUP: OutputOptions = { detected: { times: true, growth: true }, model: 'auto', excludeFile: 'wells.csv', share: ['hill'] };
/** ICx columns of any level (--icx, --rf-at): ic20, ic20_ci_low, ic20_abs, rf_ic80, …. */
const ICX_COLUMN = /^(rf_)?ic\d+(\.\d+)?(_ci_low|_ci_high|_abs)?$/;

/** Whether a label of this name would hide an output column: a base column, one a feature adds (time, gr50, …), an ICx column, or one of ic50 trend's (n_checks, status, file, …). */
function isOutputColumn(key: string): boolean {
  if ((COLUMNS as readonly string[]).includes(key) || ICX_COLUMN.test(key) || TREND_COLUMN_NAMES.has(key)) return true;
  return COLUMN_GROUPS.some((group) => group.columns(EVERY_GROUP).includes(key));
}

/** Label names become output columns: none may repeat another or be named like an output column. */
export function checkLabelNames(keys: readonly string[]): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (isOutputColumn(key)) {
      throw new Ic50Error(`the label "${key}" would hide the output column of that name`, { code: 'usage', hint: 'call the label something else (e.g. passage, date, batch_no)' });
    }
    if (seen.has(key.toLowerCase())) throw new Ic50Error(`the label "${key}" is given twice`, { code: 'usage' });
    seen.add(key.toLowerCase());
  }
}
