export {
  ENTITY_FIELDS,
  OPENSEARCH_ANALYZER,
  opensearchIndexBody,
  WORDS_FIELD,
  wordsFieldLayout,
} from './mapping.js';
export type { OpenSearchIndexBody } from './mapping.js';
export { correctionClause, entityClause, metadataFilter, toOpenSearchQuery } from './query.js';
export type { TranslationContext } from './query.js';
