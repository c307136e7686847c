import type { Document } from '../corpus/document.js';
import type { EntityDefinition } from '../entities/index.js';
import type { SearchIndexOptions } from '../options.js';
import { type BatchWords, SearchIndex as CoreSearchIndex } from '../search-index.js';
import { IndexFileError, OptionsError } from '../errors.js';
import { decodeIndex, type DecodeOptions, openIndexContents } from '../codec/index-codec.js';
import { openContainer } from '../codec/lazy-container.js';
import { writeFileAtomic } from './atomic-write.js';
import { loadGazetteer } from './gazetteer-file.js';
import { checkWholeSize, type IndexFile, openIndexFile, readIndexFile } from './read-index-file.js';
import { ThreadedScanner } from './threaded-scanner.js';
import { TemporarySpill } from './spill-file.js';
import type { ChunkSpill } from '../index/index.js';
import { textsOf } from '../writer/validate.js';

/** Options of {@link SearchIndex.open}. */
export interface OpenOptions extends DecodeOptions {
  /** Bytes of postings kept in memory once read (default {@link OPEN_DEFAULTS}). */
  cacheBytes?: number;
}

/** What {@link SearchIndex.open} does when its options say nothing. */
export const OPEN_DEFAULTS = { cacheBytes: 128 * 2 ** 20 } as const;

/**
 * The index as Node uses it: the same as everywhere, plus saving and loading by path,
 * gazetteers given as file paths, and large batches read on a second thread.
 *
 * @example
 * const index = new SearchIndex();
 * index.addAll(loadCorpusSync('corpus/'));
 * await index.save('news.steppe');
 * const again = await SearchIndex.load('news.steppe');
 */
export class SearchIndex extends CoreSearchIndex {
  private file: IndexFile | undefined;

  constructor(options: SearchIndexOptions = {}) {
    super(withGazetteerFiles(options));
  }

  /**
   * Writes the index to a file atomically: a crash or a full disk mid-write leaves any old file intact.
   *
   * @example
   * await index.save('news.steppe');
   */
  async save(path: string): Promise<void> {
    // Written in pieces: the file's bytes are never all in memory again beside the index.
    await writeFileAtomic(path, this.serializedParts());
  }

  /**
   * Reads an index file written by {@link save} (or any `serialize()` output).
   *
   * @example
   * const index = await SearchIndex.load('news.steppe');
   */
  static async load(path: string, options: DecodeOptions = {}): Promise<SearchIndex> {
    const bytes = await readIndexFile(path);
    try {
      return SearchIndex.deserialize(bytes, options);
    } catch (error) {
      // Name the file: the bytes alone do not know where they came from.
      if (error instanceof IndexFileError) error.message = `${path}: ${error.message}`;
      throw error;
    }
  }

  /**
   * Opens an index file read-only without reading all of it: the term dictionary, field
   * lengths and entities now, each term's postings when a search first needs them (the most
   * recently used kept up to `cacheBytes`, default {@link OPEN_DEFAULTS}), each document when
   * it is shown. Every part read is checked against the file's block checksums. A file of format
   * version 5 or older is read whole. {@link close} lets the file go.
   *
   * @example
   * const index = await SearchIndex.open('news.steppe');
   * index.search('ISIS-K').results[0]?.id;
   * index.close();
   */
  static async open(path: string, options: OpenOptions = {}): Promise<SearchIndex> {
    const cacheBytes = options.cacheBytes ?? OPEN_DEFAULTS.cacheBytes;
    if (!(Number.isSafeInteger(cacheBytes) && cacheBytes >= 0))
      throw new OptionsError('cacheBytes must be a whole number of bytes, 0 or more');
    const file = await openIndexFile(path);
    try {
      const container = openContainer(file);
      if (container === undefined) {
        checkWholeSize(path, file.size);
        const contents = decodeIndex(file.read(0, file.size), options);
        file.close();
        return SearchIndex.fromContents(contents);
      }
      const index = SearchIndex.fromContents(
        openIndexContents(container, { ...options, cacheBytes }),
      );
      index.file = file;
      return index;
    } catch (error) {
      file.close();
      if (error instanceof IndexFileError && !error.message.startsWith(path))
        error.message = `${path}: ${error.message}`;
      throw error;
    }
  }

  /**
   * Lets go of the file of an index opened with {@link open}; searching it after is an
   * {@link IndexFileError}. Does nothing for any other index.
   *
   * @example
   * index.close();
   */
  close(): void {
    this.file?.close();
  }

  // A large store's text waits in a temporary file, not in memory, until it is saved.
  protected override storeSpill(): ChunkSpill {
    return new TemporarySpill();
  }

  // Tokenizing and stemming are about half of indexing: a worker thread reads the batch's
  // words ahead of this one when there is enough text to pay for it.
  protected override wordsAhead(batch: readonly Document[]): BatchWords | undefined {
    return ThreadedScanner.start(this.analyzer, textsOf(batch, this.schema));
  }
}

// Gazetteer options given as file paths, read into entries.
function withGazetteerFiles(options: SearchIndexOptions): SearchIndexOptions {
  const config = options.entities;
  if (config === undefined || config === false) return options;
  const read = (value: EntityDefinition[] | string | undefined): EntityDefinition[] | undefined =>
    typeof value === 'string' ? loadGazetteer(value) : value;
  const gazetteer = read(config.gazetteer);
  const extend = read(config.extend);
  return {
    ...options,
    entities: {
      ...config,
      ...(gazetteer !== undefined && { gazetteer }),
      ...(extend !== undefined && { extend }),
    },
  };
}
