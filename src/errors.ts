import type { FileError, Location } from './types.js';

/**
 * The one error type. `exitCode` 2 means bad usage or unusable input; the message names where
 * (file, line, well) and what is wrong, and `hint` says what to do about it. Only cli.ts turns
 * it into an exit code and a line on stderr.
 */
export class Ic50Error extends Error {
  readonly location: Location | undefined;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(message: string, options: { location?: Location; hint?: string; exitCode?: number } = {}) {
    super(message);
    this.name = 'Ic50Error';
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
  };
}
