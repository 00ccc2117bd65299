import { AUTO_MODELS } from '../fit/compareModels.js';
import type { ColumnGroup, OutputOptions } from './columns.js';

function comparedModels(options: OutputOptions): readonly string[] {
  const listed = options.compareModels ?? [];
  if (listed.length > 0) return AUTO_MODELS.filter((m) => listed.includes(m));
  return options.model === 'auto' ? AUTO_MODELS : [];
}

/**
 * The columns of a model comparison (--compare-models, --model auto), after `model`:
 * `preferred_model` (the model the F tests prefer; empty when none could be fitted), `model_p`
 * (the p of the test that decided) and `aicc_<model>` per model compared (AICc with k = p + 1).
 */
export const MODEL_COMPARISON_COLUMNS: ColumnGroup = {
  after: 'model',
  columns: (options) => {
    const models = comparedModels(options);
    return models.length === 0 ? [] : ['preferred_model', 'model_p', ...models.map((m) => `aicc_${m}`)];
  },
  cells(row, options) {
    const comparison = row.kind === 'fit' ? row.fit.modelComparison : undefined;
    const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
    const cells: Record<string, string | number | null> = {
      preferred_model: comparison?.preferred ?? '',
      model_p: finite(comparison?.p),
    };
    for (const m of comparedModels(options)) cells[`aicc_${m}`] = finite(comparison?.models.find((s) => s.model === m)?.aicc);
    return cells;
  },
};
