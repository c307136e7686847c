export type { Document, MetadataValue } from './document.js';
export { detectFormat, loadCorpus, loadCorpusSync, readCorpusFile } from './load.js';
export type { CorpusFormat, LoadOptions } from './load.js';
export { readJsonArray, readJsonl } from './json.js';
export { isSeedText, readSeedText, stripShortcodes } from './seed-text.js';
export { slugify } from './slug.js';
