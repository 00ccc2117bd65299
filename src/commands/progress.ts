import type { SingleBar } from 'cli-progress';

import type { Progress } from '../engine/analyze.js';

const SILENT: Progress = { start() {}, update() {}, stop() {} };

/**
 * A cli-progress bar on `stream` — only when it is a terminal and not --quiet (a pipe or a log
 * file gets nothing, so progress never mixes with data). One bar per phase.
 */
export async function createProgress(stream: NodeJS.WriteStream, enabled: boolean): Promise<Progress> {
  if (!enabled || !stream.isTTY) return SILENT;
  const { default: cliProgress } = await import('cli-progress'); // only for a terminal
  let bar: SingleBar | null = null;
  return {
    start(phase, total) {
      bar?.stop();
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `ic50 ${phase.padEnd(7)} [{bar}] {value}/{total} | {rate}/s | ETA {eta_formatted}`,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 50,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      const started = Date.now();
      bar.start(total, 0, { rate: '0' });
      (bar as unknown as { started: number }).started = started;
    },
    update(done) {
      if (!bar) return;
      const started = (bar as unknown as { started: number }).started;
      const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
      bar.update(done, { rate: Math.round(done / seconds).toLocaleString('en-US') });
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
