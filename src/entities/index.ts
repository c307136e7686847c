export { AliasTrie } from './alias-trie.js';
export type { AliasMatch, StreamWord } from './alias-trie.js';
export { DocumentEntities, ENTITY_PREFIX, entityTerm, isEntityTerm } from './document-entities.js';
export { checkGazetteer, defaultGazetteer, parseGazetteer } from './gazetteer.js';
export {
  CAPITALS,
  EntityRegistry,
  isCapitals,
  LETTERED,
  STARTS_UPPER,
  wordShape,
} from './registry.js';
export type {
  EntityRecord,
  LegacyRegistryData,
  RecognitionOptions,
  WordReader,
} from './registry.js';
export { resolveQueryEntities } from './resolve.js';
export type { QueryEntity } from './resolve.js';
export { ENTITY_TYPES } from './types.js';
export type { EntityDefinition, EntitySource, EntityType, Mention } from './types.js';
