import { sharedFitOf, sharedLog10Rf } from '../src/compare/sharedFit.js';
import { DEFAULT_BOUNDS } from '../src/fit/fitCurve.js';
import { fitDoseResponse } from '../src/fit/fitDoseResponse.js';
import { readReferenceCsv, readReferenceCurves, referenceNumber as n } from '../test/reference/readReference.js';
const w = { log10: 0, rss: 0, se: 0, rf: 0, rfse: 0, p: 0, f: 0 };
for (const set of [{ c: 'mm1s-curves.csv', p: 'shared/mm1s-shared', g: ['bortezomib', 'carfilzomib'], l: ['MM1S WT', 'MM1S/R BTZ', 'MM1S/R CFZ'] }, { c: 'shared/shared-synthetic-curves.csv', p: 'shared/shared-synthetic', g: ['synthetic'], l: ['shallow', 'steep'] }]) {
  const curves = readReferenceCurves(set.c);
  for (const g of set.g) {
    const fits = set.l.map((line) => { const c = curves.get(`${line}|${g}`)!; return fitDoseResponse({ cellLine: line, compound: g, plates: [], unit: 'nM', log10Molar: c.u.map((u) => u - 9), response: c.y, noBlank: false }); });
    for (const [model, par] of [['hill_shared', ['hill']], ['hill_top_shared', ['hill', 'top']]] as const) {
      const s = sharedFitOf(fits, { parameters: [...par], alpha: 0.05, confidence: 0.95, bounds: DEFAULT_BOUNDS, model: 'll4', weights: 'none' })!;
      const ft = readReferenceCsv(`${set.p}-ftest.csv`).find((r) => r.group === g && r.reduced === model && r.full === 'separate')!;
      w.p = Math.max(w.p, Math.abs(s.p / n(ft.p_exact) - 1)); w.f = Math.max(w.f, Math.abs(s.f / n(ft.f) - 1));
      for (const line of s.lines) {
        const r = readReferenceCsv(`${set.p}-fits.csv`).find((x) => x.group === g && x.model === model && x.line === line.cellLine)!;
        w.log10 = Math.max(w.log10, Math.abs(line.log10Ic50.value + 9 - n(r.ic50_log10)));
        w.rss = Math.max(w.rss, Math.abs(s.rss / n(r.rss) - 1));
        w.se = Math.max(w.se, Math.abs(line.log10Ic50.standardError / n(r.ic50_log10_se_gn) - 1));
      }
      for (const r of readReferenceCsv(`${set.p}-rf.csv`).filter((x) => x.group === g && x.model === model)) {
        const rf = sharedLog10Rf(s, r.line!, r.reference!, 0.95);
        w.rf = Math.max(w.rf, Math.abs(rf.value - n(r.log10_rf)));
        w.rfse = Math.max(w.rfse, Math.abs(rf.standardError / n(r.log10_rf_se_gn) - 1));
      }
    }
  }
}
console.log(w);
