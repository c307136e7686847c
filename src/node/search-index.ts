import type { Document } from '../corpus/document.js';
import type { EntityDefinition } from '../entities/index.js';
import type { SearchIndexOptions } from '../options.js';
import { type BatchWords, SearchIndex as CoreSearchIndex } from '../search-index.js';
import { IndexFileError } from '../errors.js';
import type { DecodeOptions } from '../codec/index-codec.js';
import { writeFileAtomic } from './atomic-write.js';
import { loadGazetteer } from './gazetteer-file.js';
import { readIndexFile } from './read-index-file.js';
import { ThreadedScanner } from './threaded-scanner.js';
import { textsOf } from '../writer/validate.js';

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
