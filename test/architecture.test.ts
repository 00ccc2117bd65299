import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The house plan: only cli, commands and io touch Node's modules (the file system, native addons),
// the process or the console;
// the core takes text and returns values, so it can run in a worker, a browser or a test.
const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const SHELL = ['cli.ts', 'commands/', 'io/'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('architecture', () => {
  it('keeps node:fs, process and console out of the core', () => {
    const offenders: string[] = [];
    for (const file of files(SRC)) {
      const path = relative(SRC, file);
      if (SHELL.some((prefix) => path === prefix || path.startsWith(prefix))) continue;
      const text = readFileSync(file, 'utf8');
      if (/from 'node:[a-z_/]+'|\bprocess\.|\bconsole\./.test(text)) offenders.push(path);
    }
    expect(offenders).toEqual([]);
  });
});
