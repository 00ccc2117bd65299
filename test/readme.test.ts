import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './cliHarness.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
// Inside the package (tmp/ is ignored by git), so that `import … from 'ic50'` resolves to this
// package itself (dist/, built by npm test).
mkdirSync(join(ROOT, 'tmp'), { recursive: true });
const dir = mkdtempSync(join(ROOT, 'tmp', 'readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the README', () => {
  it('has a library example that runs as written and fits', () => {
    const code = /## Library\n\n```ts\n([\s\S]*?)```/.exec(README)?.[1];
    expect(code, 'README.md: a ```ts block under ## Library').toBeDefined();
    const file = join(dir, 'example.mjs');
    writeFileSync(file, code!);
    const result = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const [line, compound, ic50, unit] = result.stdout.trim().split(' ');
    expect([line, compound, unit]).toEqual(['A', 'drugX', 'nM']);
    expect(Number(ic50)).toBeGreaterThan(15);
    expect(Number(ic50)).toBeLessThan(25);
  });

  it('points at nothing outside the repository', () => {
    const links = [...README.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!);
    for (const link of links) {
      expect(link, link).not.toMatch(/^(\.\.\/|\/|https?:)/);
      expect(existsSync(join(ROOT, link.replace(/#.*$/, ''))), `${link} exists`).toBe(true);
    }
    expect(README).not.toMatch(/\.\.\/shared/);
  });
});
