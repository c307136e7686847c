export type {
  BooleanNode,
  EntityNode,
  FilterNode,
  Occur,
  PhraseNode,
  QueryNode,
  Span,
  TermNode,
} from './ast.js';
export { parseQuery, plainWords, QUERY_LIMITS } from './parse.js';
export type { ParseOptions } from './parse.js';
