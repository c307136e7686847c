import type { BooleanNode, QueryNode, TermNode } from '../query/ast.js';
import { ENTITY_FIELDS } from './mapping.js';

/** What translating a query needs to know of the index. */
export interface TranslationContext {
  /** The text fields unscoped words search, with their weights. */
  fields: readonly { name: string; weight: number }[];
  /** Metadata fields by name, with their type. */
  metadata: ReadonlyMap<string, 'keyword' | 'number' | 'date'>;
  /** The entity a name or key in `entity:` stands for, or undefined. */
  entityKey(name: string): string | undefined;
  /** Most indexed terms a prefix or fuzzy word expands to. */
  maxExpansions: number;
  /**
   * The field of every text field's words ({@link WORDS_FIELD}) when unscoped words search all
   * of them; undefined when a search narrows the fields.
   */
  wordsField?: string;
}

type Dsl = Record<string, unknown>;

/**
 * The OpenSearch query for a steppe query AST (docs/OPENSEARCH.md): unscoped words as a match
 * on {@link WORDS_FIELD} (or, over some fields only, `cross_fields` over them with their
 * weights), scoped words as `match`,
 * phrases with their slop, prefix and fuzzy words with the same expansion limit, boosts,
 * metadata conditions and entities as filters (an entity scores by its salience through
 * `rank_feature`), and groups as `bool` where optional words are still needed when nothing
 * else is required, as in steppe. `alternatives` join the top group's optional clauses (the
 * entities plain words name), so its filters and exclusions hold for them too.
 *
 * @example
 * toOpenSearchQuery(parseQuery('Tajik +migrants date:2024'), context);
 */
export function toOpenSearchQuery(
  node: QueryNode,
  context: TranslationContext,
  alternatives: Dsl[] = [],
): Dsl {
  switch (node.kind) {
    case 'term':
      return term(node, context);
    case 'phrase': {
      const fields = scopeOf(node.field, context);
      return {
        multi_match: {
          query: node.text,
          type: 'phrase',
          slop: node.slop,
          fields,
          boost: node.boost,
        },
      };
    }
    case 'entity': {
      const key = context.entityKey(node.name);
      // An unknown entity matches nothing, as in steppe.
      if (key === undefined) return { match_none: {} };
      return entityClause(key, node.boost);
    }
    case 'filter':
      return metadataFilter(node.field, node.value, context);
    case 'bool':
      return bool(node, context, alternatives);
  }
}

/** Documents about entity `key`, scored by its salience in each. */
export function entityClause(key: string, boost: number): Dsl {
  return {
    bool: {
      filter: [{ term: { [ENTITY_FIELDS.keys]: key } }],
      should: [
        {
          // Linear: a saturation's pivot would be guessed per shard, and shards would differ.
          rank_feature: {
            field: `${ENTITY_FIELDS.salience}.${key.replaceAll('.', '_')}`,
            linear: {},
            boost,
          },
        },
      ],
    },
  };
}

/**
 * The term steppe corrected a word to (`corrections`), for the top group's optional clauses:
 * matched as the indexed term it is (not analyzed again) in the word's field, or where
 * unscoped words go, weighted as steppe weighs a correction.
 *
 * @example
 * correctionClause('migrant', 0.8, undefined, context);
 */
export function correctionClause(
  term: string,
  boost: number,
  field: string | undefined,
  context: TranslationContext,
): Dsl {
  const exact = { query: term, analyzer: 'whitespace', boost };
  if (field !== undefined) return { match: { [field]: exact } };
  if (context.wordsField !== undefined) return { match: { [context.wordsField]: exact } };
  return { multi_match: { ...exact, type: 'cross_fields', fields: weightedFields(context) } };
}

function bool(node: BooleanNode, context: TranslationContext, alternatives: Dsl[] = []): Dsl {
  const must: Dsl[] = [];
  const should: Dsl[] = [];
  const mustNot: Dsl[] = [];
  const filters: Dsl[] = [];
  // Entity scopes are required and scored, but, like filters, never make the words optional.
  let requiredWords = 0;
  // Unscoped plain words together, so they are scored as one query over the fields.
  const words: string[] = [];
  for (const { occur, node: child } of node.clauses) {
    if (occur === 'should' && isPlainWord(child)) {
      words.push(child.text);
      continue;
    }
    const clause = toOpenSearchQuery(child, context);
    if (occur === 'mustNot') mustNot.push(clause);
    // Filters and entity scopes restrict whatever their operator, as steppe reads them.
    else if (child.kind === 'filter') filters.push(clause);
    else if (child.kind === 'entity') must.push(clause);
    else if (occur === 'must') {
      must.push(clause);
      requiredWords++;
    } else should.push(clause);
  }
  const merged = [
    ...(words.length > 0 ? [combined(words.join(' '), context)] : []),
    ...should,
    ...alternatives,
  ];
  return {
    bool: {
      ...(must.length > 0 && { must }),
      ...(merged.length > 0 && { should: merged }),
      ...(filters.length > 0 && { filter: filters }),
      ...(mustNot.length > 0 && { must_not: mustNot }),
      // Optional words are needed when no word is required (steppe's reading, and Lucene's
      // without filters); beside required words they only add score.
      ...(merged.length > 0 && { minimum_should_match: requiredWords === 0 ? 1 : 0 }),
    },
  };
}

// A word with no field, prefix, fuzzy mark or boost.
function isPlainWord(node: QueryNode): node is TermNode {
  return (
    node.kind === 'term' &&
    node.field === undefined &&
    !node.prefix &&
    node.fuzzy === undefined &&
    node.boost === 1
  );
}

function combined(text: string, context: TranslationContext): Dsl {
  if (context.wordsField !== undefined)
    return { match: { [context.wordsField]: { query: text, operator: 'or' } } };
  // Over some of the fields: OpenSearch has no combined_fields (BM25F proper, added to
  // Elasticsearch after the fork); cross_fields reads the fields as one, blending each term's
  // statistics across them (shard by shard, even with dfs).
  return {
    multi_match: {
      query: text,
      type: 'cross_fields',
      fields: weightedFields(context),
      operator: 'or',
    },
  };
}

function term(node: TermNode, context: TranslationContext): Dsl {
  const fields = scopeOf(node.field, context);
  if (node.prefix)
    return {
      bool: {
        should: fields.map((field) => ({
          prefix: {
            [field.split('^')[0]!]: {
              value: node.text.toLowerCase(),
              rewrite: `top_terms_${context.maxExpansions}`,
              boost: node.boost,
            },
          },
        })),
      },
    };
  if (node.fuzzy !== undefined)
    return {
      multi_match: {
        query: node.text,
        fields,
        fuzziness: node.fuzzy === 'auto' ? 'AUTO' : node.fuzzy,
        max_expansions: context.maxExpansions,
        boost: node.boost,
      },
    };
  if (node.field === undefined && node.boost === 1) return combined(node.text, context);
  return node.field === undefined
    ? { ...combined(node.text, context), boost: node.boost }
    : { match: { [node.field]: { query: node.text, boost: node.boost } } };
}

function scopeOf(field: string | undefined, context: TranslationContext): string[] {
  return field !== undefined ? [field] : weightedFields(context);
}

// The fields with boosts. A BM25F weight multiplies a field's term frequency, an OpenSearch
// boost the field's score, which counts for more: half the extra weight (title 3 → 2) came
// nearest steppe on the four judged sets (docs/OPENSEARCH.md).
function weightedFields(context: TranslationContext): string[] {
  return context.fields.map(({ name, weight }) => {
    const boost = Number((1 + (weight - 1) / 2).toFixed(3));
    return boost === 1 ? name : `${name}^${boost}`;
  });
}

/**
 * A metadata condition, from the query text (`date:2024-06`) or a search's `filter` option, as
 * a `filter` clause: a date value is its whole period, a range takes either end open.
 */
export function metadataFilter(
  field: string,
  value: string | number | boolean | { from?: string | number; to?: string | number },
  context: TranslationContext,
): Dsl {
  const type = context.metadata.get(field);
  const bound = (v: string | number) => (type === 'number' ? Number(v) : v);
  if (typeof value !== 'object')
    return type === 'date'
      ? { range: { [field]: { gte: value, lte: value } } }
      : { term: { [field]: typeof value === 'string' ? bound(value) : value } };
  return {
    range: {
      [field]: {
        ...(value.from !== undefined && { gte: bound(value.from) }),
        ...(value.to !== undefined && { lte: bound(value.to) }),
      },
    },
  };
}
