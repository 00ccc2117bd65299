import type { ColumnGroup } from './columns.js';

/**
 * The columns of user exclusions (--exclude, --exclude-file), after `outliers`: `excluded`, the
 * curve's excluded wells as `plate:well`, and `excluded_reasons`, the reason given for each (in
 * the same order; empty when none was given). Present when the options exclude wells.
 */
export const EXCLUSION_COLUMNS: ColumnGroup = {
  after: 'outliers',
  columns: (options) => ((options.exclude?.length ?? 0) > 0 || options.excludeFile !== undefined ? ['excluded', 'excluded_reasons'] : []),
  cells(row) {
    const excluded = row.kind === 'fit' ? row.fit.excluded : undefined;
    return { excluded: excluded ? [...excluded.wells] : [], excluded_reasons: excluded ? [...excluded.reasons] : [] };
  },
};
