// Loads the bundled CLI (dist/bundle/cli.cjs) with the V8 code cache that `npm run build` made for
// it. A one-plate run is mostly start-up, and most of start-up is compiling the bundle: with the
// cache V8 reads the compiled bytecode instead (docs/performance.md has the numbers).
//
// V8 itself checks only that a cache was made by the same V8 with the same flags for a source of
// the same length, and a damaged cache can crash it. So the cache file starts with a header —
// SHA-256 of the bundle it was made from, then of the cache bytes — and is used only when both
// match (about 2 ms). Otherwise, or when V8 refuses it (another Node version, other V8 flags), or
// when there is none, the bundle is compiled as usual: slower, never different.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Script } from 'node:vm';

const MAGIC = Buffer.from('ic50 v8 cache 1\n');
const HASH = 32;

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest();
}

/** The cache file's contents for `data`, V8's cache of the bundle `source`. */
export function cacheFile(source, data) {
  return Buffer.concat([MAGIC, sha256(source), sha256(data), data]);
}

/** V8's cache from a cache file, or undefined when the file was not made from `source` or is damaged. */
export function cachedDataOf(file, source) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined; // none made (or removed)
  }
  const start = MAGIC.length + 2 * HASH;
  if (bytes.length <= start || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const data = bytes.subarray(start);
  if (!bytes.subarray(MAGIC.length, MAGIC.length + HASH).equals(sha256(source))) return undefined;
  if (!bytes.subarray(MAGIC.length + HASH, start).equals(sha256(data))) return undefined;
  return data;
}

/** Runs the CommonJS bundle at `path` and returns its exports and the compiled script. */
export function loadBundle(path, { useCache = true } = {}) {
  const file = resolve(path);
  const source = readFileSync(file);
  const cache = `${file}.cache`;
  const cachedData = useCache ? cachedDataOf(cache, source) : undefined;
  // The wrapper shares the bundle's first line, so line numbers in a stack trace stay the file's.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source.toString('utf8')}\n})`, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, script, cache };
}
