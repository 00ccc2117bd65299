/**
 * The HTML report's review script (bundled into dist/review.js by scripts/bundle.mjs and inlined
 * in the page by the report writer): a click on a point of a curve excludes its well, a second
 * click brings it back; each change refits with the run's own code (engine/review.ts: the fit,
 * the comparisons and shared fits as the command line makes them) and redraws the page's
 * `<main>` with the report writer's reportBody. A panel lists the excluded wells with a reason
 * each and saves them as the exclusion table `--exclude-file` reads. No network, no storage.
 */
import { Review } from '../engine/review.js';
import type { ExcludedWell } from '../types.js';
import { exclusionTableCsv } from '../writers/exclusionTable.js';
import { reportBody, type ReportData } from '../writers/htmlReport.js';
import { plateHeatmapSvg } from '../writers/plateHeatmapSvg.js';
import { parseReviewData } from '../writers/reviewData.js';

declare global {
  interface Window {
    /** The page's table sorting (htmlReport's inline script). */
    ic50Sortable?: (root: ParentNode) => void;
  }
}

const dataElement = document.getElementById('ic50-review-data');
const main = document.querySelector('main');
if (dataElement && main) start(main, parseReviewData(dataElement.textContent ?? ''));

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) e.setAttribute(name, value);
  if (text !== undefined) e.textContent = text;
  return e;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Lets the browser paint (the "refitting" status) before a long piece of work. */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/**
 * Excluded points drawn last in their figure, so that a click reaches them rather than another
 * line's point drawn over them (the page's only change to the figures).
 */
function liftExcluded(main: HTMLElement): void {
  main.querySelectorAll('figure svg.ic50-curves').forEach((svg) => svg.append(...svg.querySelectorAll('g.excluded')));
}

function start(main: HTMLElement, data: ReturnType<typeof parseReviewData>): void {
  const review = new Review(data);
  // Heat maps: redrawn from the plates' maps when the page has them, else kept as drawn.
  const drawnHeatmaps = new Map<string, string>();
  main.querySelectorAll('figure[data-plate]').forEach((figure) => drawnHeatmaps.set(figure.getAttribute('data-plate') ?? '', figure.innerHTML));
  document.body.classList.add('reviewing');
  liftExcluded(main);

  const panel = element('aside', { class: 'review', 'aria-label': 'Review', 'data-state': 'ready' });
  const heading = element('h2', {}, 'Review');
  const status = element('p', { class: 'status', role: 'status' });
  const table = element('table', { class: 'review-wells' });
  table.innerHTML = '<thead><tr><th>excluded well</th><th>reason</th><th></th></tr></thead>';
  const list = element('tbody');
  table.appendChild(list);
  const save = element('button', { type: 'button', class: 'save' }, 'Save exclusions');
  const fold = element('button', { type: 'button', class: 'fold' }, 'Hide list');
  const actions = element('div', { class: 'actions' });
  actions.append(save, fold);
  const note = element('p', { class: 'note' });
  note.append(
    'Refitted here with the command line’s code. To get this page from the command line, save the exclusions and run your command again with ',
    element('code', {}, '--exclude-file exclusions.csv'),
    ' (in place of its ',
    element('code', {}, '--exclude'),
    ' and ',
    element('code', {}, '--exclude-file'),
    ').',
  );
  panel.append(heading, status, table, actions, note);
  document.body.appendChild(panel);

  let busy = false;
  let again = false;
  let failure = '';

  const describe = (): void => {
    if (busy) {
      status.textContent = 'Refitting…';
      status.className = 'status busy';
      return;
    }
    const wells = review.excludedWells();
    const treated = wells.filter((w) => w.role === 'sample').length;
    const controls = wells.length - treated;
    const changes = review.changes();
    status.className = failure ? 'status busy' : 'status';
    status.textContent =
      failure ||
      (treated === 0 && changes === 0
        ? 'Click a point of a curve to exclude its well; click it again to bring it back.'
        : `${plural(treated, 'treated well')} excluded${controls > 0 ? ` (and ${plural(controls, 'control well')}, from the command line)` : ''} · ` +
          (changes === 0 ? 'as in the report written' : `${plural(changes, 'change')} not saved`));
    panel.setAttribute('data-changes', String(changes));
  };

  const listWells = (): void => {
    list.replaceChildren();
    const wells: ExcludedWell[] = review.excludedWells().filter((w) => w.role === 'sample');
    for (const well of wells) {
      const row = element('tr', { 'data-well': well.label });
      const reason = element('input', { type: 'text', 'aria-label': `reason for ${well.label}`, placeholder: 'reason' });
      reason.value = well.reason;
      reason.addEventListener('input', () => review.setReason(well.label, reason.value));
      reason.addEventListener('change', () => {
        review.setReason(well.label, reason.value);
        void refresh();
      });
      const restore = element('button', { type: 'button', class: 'restore', title: 'bring the well back into its curve' }, 'Restore');
      restore.addEventListener('click', () => {
        review.toggle(well.label);
        void refresh();
      });
      const cells = [element('td', { class: 'well' }, well.label), element('td', { class: 'reason' }), element('td')];
      cells[0]!.append(element('br'), element('span', { class: 'muted' }, `${well.cellLine} · ${well.compound}`));
      cells[1]!.appendChild(reason);
      cells[2]!.appendChild(restore);
      row.append(...cells);
      list.appendChild(row);
    }
    table.style.display = wells.length === 0 ? 'none' : '';
  };

  const redraw = async (): Promise<void> => {
    const rows = await review.rows();
    const report: ReportData = { rows, plates: review.plates(), warnings: data.warnings, errors: data.errors, excluded: review.excludedWells() };
    const heatmaps = data.plateMaps.length > 0 ? new Map(review.plateMaps().map((map) => [map.id, plateHeatmapSvg(map)] as const)) : drawnHeatmaps;
    // Keep how the tables were sorted and where the reader was.
    const sorted = [...main.querySelectorAll('table.sortable')].map((t) => {
      const heads = [...t.querySelectorAll('thead th')];
      const th = heads.find((h) => h.hasAttribute('aria-sort'));
      return th ? { column: heads.indexOf(th), descending: th.getAttribute('aria-sort') === 'descending' } : undefined;
    });
    const x = window.scrollX;
    const y = window.scrollY;
    main.innerHTML = reportBody(report, { title: data.title, heatmaps, ...(data.style ? { style: data.style } : {}) });
    liftExcluded(main);
    window.ic50Sortable?.(main);
    main.querySelectorAll('table.sortable').forEach((t, i) => {
      const state = sorted[i];
      const th = state ? t.querySelectorAll<HTMLElement>('thead th')[state.column] : undefined;
      if (!state || !th) return;
      th.click();
      if (state.descending) th.click();
    });
    window.scrollTo(x, y);
  };

  const refresh = async (): Promise<void> => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    panel.setAttribute('data-state', 'busy');
    describe();
    try {
      do {
        again = false;
        await nextPaint();
        await redraw();
      } while (again);
      failure = '';
    } catch (error) {
      failure = `Could not refit: ${error instanceof Error ? error.message : String(error)}`;
    }
    busy = false;
    listWells();
    describe();
    panel.setAttribute('data-state', 'ready');
  };

  main.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-well]') : null;
    if (!target || !main.contains(target)) return;
    const label = target.getAttribute('data-well') ?? '';
    if (!review.canExclude(label)) return;
    review.toggle(label);
    void refresh();
  });

  save.addEventListener('click', () => {
    const csv = exclusionTableCsv(review.exclusionRows());
    const link = element('a', { download: 'exclusions.csv' });
    const address = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    link.href = address;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(address), 1000);
  });

  fold.addEventListener('click', () => {
    const folded = panel.classList.toggle('folded');
    fold.textContent = folded ? 'Show list' : 'Hide list';
  });

  listWells();
  describe();
}
