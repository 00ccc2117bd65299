// npm run docs:options — writes the option tables of docs/options.md from the one options table
// (src/options.ts). test/optionsDoc.test.ts fails when that page and the table drift apart.
import { readFileSync, writeFileSync } from 'node:fs';
import { optionsMarkdown, type CommandName } from '../src/options.js';

const PAGE = new URL('../docs/options.md', import.meta.url);
let text = readFileSync(PAGE, 'utf8');
for (const command of ['fit', 'inspect', 'matrix', 'trend'] as CommandName[]) {
  const block = new RegExp(`(<!-- options:${command} -->\\n)[\\s\\S]*?(<!-- /options:${command} -->)`);
  if (!block.test(text)) throw new Error(`docs/options.md has no <!-- options:${command} --> block`);
  text = text.replace(block, `$1${optionsMarkdown(command)}\n$2`);
}
writeFileSync(PAGE, text);
