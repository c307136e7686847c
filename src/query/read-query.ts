import { SEARCH_DEFAULTS, type SearchOptions } from '../options.js';
import type { QueryNode } from './ast.js';
import { parseQuery, plainWords } from './parse.js';
import type { Schema } from '../schema.js';

/**
 * A query's syntax tree as a search with these options reads it: the query language over the
 * schema's fields (leniently, or refusing what is not it when `strict`), or, with `parse`
 * false, every word a plain word.
 *
 * @example
 * readQuery('title:Tajik migrants', {}, index.schema);
 */
export function readQuery(
  query: string,
  options: Pick<SearchOptions, 'parse' | 'strict' | 'defaultOperator'>,
  schema: Schema,
): QueryNode {
  return options.parse === false
    ? plainWords(query)
    : parseQuery(query, {
        defaultOperator: options.defaultOperator ?? SEARCH_DEFAULTS.defaultOperator,
        strict: options.strict === true,
        textFields: schema.names,
        isMetadataField: (name) => schema.typeOf(name) !== undefined,
      });
}
