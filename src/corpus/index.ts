export type { CorpusDocument, Document, MetadataValue } from './document.js';
export { detectFormat, parseCorpus } from './parse.js';
export type { CorpusFormat } from './parse.js';
export { IdRegistry } from './records.js';
export { readJsonArray, readJsonl } from './json.js';
export { isSeedText, readSeedText, stripShortcodes } from './seed-text.js';
export { slugify } from './slug.js';
