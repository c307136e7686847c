export { DocStore } from './doc-store.js';
export type { ChunkSpill, StoredDocument, StoredDocuments } from './doc-store.js';
export { ForwardIndex } from './forward-index.js';
export { LazyDocStore } from './lazy-doc-store.js';
export { fieldLength, InvertedIndex } from './inverted-index.js';
export type { FieldTerms, IndexSnapshot } from './inverted-index.js';
export { NO_MORE_DOCS, PostingCursor, PostingsStore } from './postings.js';
export { TermDictionary } from './term-dictionary.js';
export { StringTable } from '../util/string-table.js';
