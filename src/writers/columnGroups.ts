import { LABEL_GROUP } from './labelGroup.js';
import { EXCLUSION_COLUMNS } from './exclusionColumns.js';
import { MODEL_COMPARISON_COLUMNS } from './modelComparisonColumns.js';
import { GROWTH_COLUMNS, GROWTH_RF_COLUMNS, TIME_COLUMNS } from './growthColumns.js';
import { ICX_COLUMNS, RF_AT_COLUMNS } from './icxColumns.js';
import type { ColumnGroup } from './columns.js';
import { SHARED_FIT_COLUMNS } from './sharedFitColumns.js';

/**
 * The column groups features add to the output (see ColumnGroup in records.ts), in the order
 * they appear after a shared anchor. A feature adds its group here and defines it in its own file.
 */
export const COLUMN_GROUPS: ColumnGroup[] = [
  LABEL_GROUP,
  TIME_COLUMNS,
  ICX_COLUMNS,
  GROWTH_COLUMNS,
  RF_AT_COLUMNS,
  GROWTH_RF_COLUMNS,
  MODEL_COMPARISON_COLUMNS,
  EXCLUSION_COLUMNS,
  SHARED_FIT_COLUMNS,
];
