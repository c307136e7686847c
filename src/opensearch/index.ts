export { ENTITY_FIELDS, OPENSEARCH_ANALYZER, opensearchIndexBody } from './mapping.js';
export type { OpenSearchIndexBody } from './mapping.js';
