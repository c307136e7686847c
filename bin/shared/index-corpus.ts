import {
  type CorpusDocument,
  type CorpusFormat,
  type SearchIndex,
  streamCorpus,
} from '../../src/node/index.js';
import { Progress } from './output.js';
import { fitToSchema } from './schema-file.js';

/** Documents indexed at a time. */
const BATCH_SIZE = 25_000;

/**
 * Adds the corpus at `paths` to `index`, read as a stream and indexed in batches, so memory
 * holds one batch of documents, not the corpus; a progress line on a terminal.
 */
export function indexCorpus(index: SearchIndex, paths: string[], format: CorpusFormat): void {
  const progress = new Progress();
  let added = 0;
  let batch: CorpusDocument[] = [];
  const flush = (): void => {
    index.addAll(fitToSchema(batch, index.schema.names), {
      onProgress: (n) => progress.update(added + n),
    });
    added += batch.length;
    batch = [];
  };
  for (const doc of streamCorpus(paths, { format })) {
    batch.push(doc);
    if (batch.length === BATCH_SIZE) flush();
  }
  flush();
  progress.done();
}
