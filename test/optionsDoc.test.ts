import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { main } from '../src/cli.js';
import { OPTIONS, optionsMarkdown, resolveOptions, type CommandName } from '../src/options.js';

const PAGE = readFileSync(new URL('../docs/options.md', import.meta.url), 'utf8');

describe('the one options table', () => {
  it.each(['fit', 'inspect', 'matrix', 'trend'] as CommandName[])('is what docs/options.md shows for ic50 %s (npm run docs:options rewrites it)', (command) => {
    const block = new RegExp(`<!-- options:${command} -->\\n([\\s\\S]*?)\\n<!-- /options:${command} -->`).exec(PAGE);
    expect(block, `docs/options.md needs an options:${command} block`).not.toBeNull();
    expect(block![1]).toBe(optionsMarkdown(command));
  });

  it('declares each flag once per command, with its docs wording and help', () => {
    for (const command of ['fit', 'inspect', 'matrix', 'trend'] as CommandName[]) {
      const flags = OPTIONS.filter((o) => o.commands.includes(command)).map((o) => o.flags.split(/[ ,]+/).find((f) => f.startsWith('--'))!);
      expect(new Set(flags).size).toBe(flags.length);
    }
    for (const option of OPTIONS) {
      expect(option.doc.length, option.flags).toBeGreaterThan(10);
      expect(option.help.length, option.flags).toBeGreaterThan(5);
    }
  });

  it('is what commander knows: every declared flag is accepted, and --help lists them all', async () => {
    for (const command of ['fit', 'inspect', 'matrix', 'trend'] as CommandName[]) {
      let help = '';
      await main([command, '--help'], { stdout: (t) => void (help += t), stderr: () => {} });
      for (const option of OPTIONS.filter((o) => o.commands.includes(command))) {
        const long = option.flags.split(/[ ,]+/).find((f) => f.startsWith('--'))!;
        expect(help, `${command} --help lists ${long}`).toContain(long);
      }
    }
    expect(new Command()).toBeDefined();
  });

  it('applies defaults once, for the CLI and the library alike', () => {
    const fit = resolveOptions({}, 'fit');
    expect(fit.confidence).toBe(0.95);
    expect(fit.model).toBe('ll4');
    expect(fit.format).toBeUndefined(); // chosen from the terminal and -o
    expect(resolveOptions({}, 'inspect').format).toBe('table');
    expect(resolveOptions({ confidence: 0.9 }).confidence).toBe(0.9);
  });
});
