/**
 * Every error steppe raises on purpose is a {@link SteppeError}, so callers can tell a
 * user mistake (bad query, bad file) from a bug. Each has a one-line message that says
 * what went wrong and where.
 */
export class SteppeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A corpus file that cannot be read as documents: names the file and, where known, the line. */
export class CorpusError extends SteppeError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(line === undefined ? `${file}: ${reason}` : `${file}:${line}: ${reason}`);
  }
}

/** A document the index refuses: a duplicate or unknown id, a field of the wrong type. */
export class DocumentError extends SteppeError {}

/** A query that cannot be parsed; `position` is the character offset of the problem. */
export class QuerySyntaxError extends SteppeError {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`query syntax error at character ${position + 1}: ${reason}`);
  }
}

/** A search that ran past its `timeoutMs` and was stopped, with no partial answer. */
export class SearchTimeoutError extends SteppeError {
  constructor(readonly limitMs: number) {
    super(`the search took longer than its limit of ${limitMs} ms and was stopped`);
  }
}

/** Options that contradict each other or are out of range. */
export class OptionsError extends SteppeError {}

/** A change asked of an index opened read-only (`SearchIndex.open`); load it to change it. */
export class ReadOnlyIndexError extends SteppeError {
  constructor(what: string) {
    super(
      `${what}: the index was opened read-only; load it (SearchIndex.load) to change or save it`,
    );
  }
}

/** An index file or byte array that cannot be loaded; the subclasses say why. */
export class IndexFileError extends SteppeError {}

/** A file or byte array that is not a steppe index at all (empty, JSON, random bytes). */
export class NotAnIndexError extends IndexFileError {}

/** A steppe index written by a newer format version than this library reads. */
export class UnsupportedVersionError extends IndexFileError {
  constructor(
    readonly version: number,
    readonly supported: number,
  ) {
    super(`index format version ${version} is newer than this steppe reads (up to ${supported})`);
  }
}

/** A steppe index whose bytes are damaged: truncated, or a checksum does not match. */
export class CorruptIndexError extends IndexFileError {}
