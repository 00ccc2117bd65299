import type { FileError, Location } from './types.js';

/**
 * What kind of problem an Ic50Error is, so that code decides on the code, never on the wording:
 * - usage: the command line asks for something impossible (exit 2)
 * - io: the file system refused (no such file, permission, disk full, a directory; exit 1 or 2)
 * - format: not a format ic50 reads, or not the one forced with --reader
 * - header: a table's header lacks a required column
 * - value: a cell cannot be used (not a number, negative, unknown unit or role, …)
 * - unit: a concentration has no unit
 * - layout: a plate map does not fit the plate or the data
 * - normalization: a plate's controls cannot normalize it (no vehicle, vehicle not above blank)
 * - duplicate: the same plate read twice
 * - changed: a file changed while it was being read
 * - limit: beyond a documented size limit (a line, a header, an archive)
 * - results: a results file where data was expected (or the reverse)
 * - no_data: nothing usable at all
 */
export type ErrorCode =
  | 'usage'
  | 'io'
  | 'format'
  | 'header'
  | 'value'
  | 'unit'
  | 'layout'
  | 'normalization'
  | 'duplicate'
  | 'changed'
  | 'limit'
  | 'results'
  | 'no_data';

/**
 * The one error type. `exitCode` 2 means bad usage or unusable input; the message names where
 * (file, line, well) and what is wrong, and `hint` says what to do about it. Only cli.ts turns
 * it into an exit code and a line on stderr.
 */
export class Ic50Error extends Error {
  readonly code: ErrorCode;
  readonly location: Location | undefined;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(message: string, options: { code?: ErrorCode; location?: Location; hint?: string; exitCode?: number } = {}) {
    super(message);
    this.name = 'Ic50Error';
    this.code = options.code ?? 'value';
    this.location = options.location;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 2;
  }

  /** `FILE:LINE: message (hint)` — the form every diagnostic takes. */
  describe(): string {
    return formatDiagnostic(this.location, this.message, this.hint);
  }
}

/** `FILE:LINE: well W: message (hint)`, leaving out whatever is unknown. */
export function formatDiagnostic(location: Location | undefined, message: string, hint?: string): string {
  let where = '';
  if (location) {
    where = location.file;
    if (location.sheet !== undefined) where += `[${location.sheet}]`;
    if (location.line !== undefined) where += `:${location.line}`;
    where += ': ';
    if (location.well) where += `well ${location.well}: `;
  }
  return `${where}${message}${hint ? ` (${hint})` : ''}`;
}

/** An Ic50Error about one input as a FileError record (for reports), hint folded into the message. */
export function toFileError(error: Ic50Error, file: string): FileError {
  const location = error.location ?? { file };
  return {
    file: location.file,
    ...(location.line !== undefined ? { line: location.line } : {}),
    ...(location.well !== undefined ? { well: location.well } : {}),
    message: error.hint ? `${error.message} (${error.hint})` : error.message,
    code: error.code,
  };
}

/** Why the system refused, in words, with what to do: for ENOENT, EACCES, ENOSPC and friends. */
const SYSTEM_REASONS: Record<string, [string, string | undefined]> = {
  ENOENT: ['no such file or directory', undefined],
  EACCES: ['permission denied', 'check the file’s and its folder’s permissions'],
  EPERM: ['operation not permitted', 'check the file’s and its folder’s permissions'],
  ENOSPC: ['no space left on the device', 'free some space, or write to another disk'],
  EDQUOT: ['disk quota exceeded', 'free some space, or write to another disk'],
  EISDIR: ['is a directory', 'give a file name'],
  ENOTDIR: ['a part of the path is not a directory', undefined],
  EMFILE: ['too many open files', 'raise the limit (ulimit -n) or give fewer inputs at once'],
  ENFILE: ['too many open files in the system', 'close other programs or give fewer inputs at once'],
  EROFS: ['the file system is read-only', 'write somewhere else'],
  EIO: ['input/output error from the device', 'check the disk'],
  EFBIG: ['the file is too large for this file system', 'write to another disk'],
  ENAMETOOLONG: ['the file name is too long', undefined],
  ELOOP: ['too many symbolic links (a loop?)', undefined],
  EBUSY: ['the device or file is busy', undefined],
  ETXTBSY: ['the file is busy', undefined],
  EEXIST: ['the file already exists', undefined],
  EXDEV: ['cannot move the file across devices', undefined],
};

/**
 * An error of the operating system (a NodeJS.ErrnoException) as an Ic50Error about `file`, or
 * null when `error` is not one: ordinary failures of the environment are the user's to fix,
 * never "internal errors".
 */
export function systemError(error: unknown, file: string, doing = ''): Ic50Error | null {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code)) return null;
  const [reason, hint] = SYSTEM_REASONS[code] ?? [(error as Error).message.replace(/^[A-Z0-9]+: /, ''), undefined];
  return new Ic50Error(`${doing ? `${doing}: ` : ''}${reason}`, { code: 'io', location: { file }, ...(hint ? { hint } : {}) });
}
