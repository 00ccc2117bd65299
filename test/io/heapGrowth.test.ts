import { spawnSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { HEAP_GROWING_PERCENT } from '../../src/io/heapGrowth.js';

describe('limitHeapGrowth', () => {
  it('sets V8’s heap growing factor once per process', async () => {
    // A fresh copy of the module: test files share one module registry (vitest's isolate: false),
    // and another file's analysis may have limited the growth already.
    vi.resetModules();
    const { limitHeapGrowth } = await import('../../src/io/heapGrowth.js');
    const flags: string[] = [];
    limitHeapGrowth((f) => flags.push(f));
    limitHeapGrowth((f) => flags.push(f));
    expect(flags).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
  });

  it('names a flag this V8 knows (setFlagsFromString would ignore one it does not)', () => {
    const run = spawnSync(process.execPath, [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(spawnSync(process.execPath, ['--heap-growing-percentage=30', '-e', '0'], { encoding: 'utf8' }).status).not.toBe(0);
  });
});
