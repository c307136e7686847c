import type { AnalyzerConfig } from '../analysis/index.js';
import { OptionsError } from '../errors.js';
import type { Schema } from '../schema.js';

/** The name of the analyzer the mapping defines for every text field. */
export const OPENSEARCH_ANALYZER = 'steppe';

/** Fields the mapping adds beside the schema's: the entities and their salience. */
export const ENTITY_FIELDS = {
  /** Every entity a document mentions, by root key (`keyword`). */
  keys: 'steppe_entities',
  /** Each entity's salience in the document (`rank_features`, key → 0..1). */
  salience: 'steppe_salience',
} as const;

/** An OpenSearch index body: settings with the analysis, and the mappings. */
export interface OpenSearchIndexBody {
  settings: Record<string, unknown>;
  mappings: Record<string, unknown>;
}

// ISO 8601 as steppe reads it: a year, a month, a day, or a full instant.
const DATE_FORMAT = 'strict_date_optional_time||uuuu-MM||uuuu';

/**
 * An OpenSearch index body (settings and mappings) for an index of this schema and analyzer:
 * an analyzer as near steppe's as OpenSearch's own parts allow (docs/OPENSEARCH.md says where
 * they differ), one `text` field per text field (its weight and b in `_meta`, for queries),
 * metadata by type, and the entities as `keyword` keys and `rank_features` salience.
 *
 * @example
 * const body = opensearchIndexBody(index.schema, index.analyzer.config, { shards: 2, replicas: 1 });
 * await fetch(`${url}/news`, { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
 */
export function opensearchIndexBody(
  schema: Schema,
  analyzer: AnalyzerConfig,
  layout: { shards?: number; replicas?: number } = {},
): OpenSearchIndexBody {
  if (analyzer.stemmer === 'custom')
    throw new OptionsError(
      'an index with a custom stemmer cannot be given to OpenSearch: its analysis has no equivalent there',
    );
  const filters: Record<string, unknown> = {
    steppe_possessive: { type: 'stemmer', language: 'possessive_english' },
  };
  const chain = ['lowercase', 'asciifolding', 'steppe_possessive'];
  if (analyzer.stopWords !== false) {
    filters.steppe_stop = {
      type: 'stop',
      stopwords: analyzer.stopWords === 'english' ? '_english_' : analyzer.stopWords,
    };
    chain.push('steppe_stop');
  }
  if (analyzer.stemmer === 'porter') chain.push('porter_stem');
  const properties: Record<string, unknown> = {};
  for (const field of schema.fields)
    properties[field.name] = {
      type: 'text',
      analyzer: OPENSEARCH_ANALYZER,
      // Phrases need positions; highlighting is faster with offsets.
      index_options: 'offsets',
    };
  for (const { name, type } of schema.metadataFields()) {
    if (name in properties || name === ENTITY_FIELDS.keys || name === ENTITY_FIELDS.salience)
      throw new OptionsError(`metadata field "${name}" clashes with a field of the mapping`);
    properties[name] =
      type === 'number'
        ? { type: 'double' }
        : type === 'date'
          ? { type: 'date', format: DATE_FORMAT }
          : { type: 'keyword', normalizer: 'steppe_keyword' };
  }
  properties[ENTITY_FIELDS.keys] = { type: 'keyword' };
  properties[ENTITY_FIELDS.salience] = { type: 'rank_features' };
  return {
    settings: {
      number_of_shards: layout.shards ?? 1,
      number_of_replicas: layout.replicas ?? 0,
      analysis: {
        char_filter: {
          // steppe reads `U.S.` as `us` and `4,000` as `4000`; the standard tokenizer keeps
          // the dots and commas, so they are taken out first.
          steppe_acronyms: {
            type: 'pattern_replace',
            pattern: '(?<=\\b\\p{L})\\.(?=\\p{L}\\b)|(?<=\\b\\p{L}\\.\\p{L})\\.',
            replacement: '',
          },
          steppe_digit_groups: {
            type: 'pattern_replace',
            pattern: '(?<=\\d),(?=\\d{3})',
            replacement: '',
          },
        },
        filter: filters,
        analyzer: {
          [OPENSEARCH_ANALYZER]: {
            type: 'custom',
            char_filter: ['steppe_acronyms', 'steppe_digit_groups'],
            tokenizer: 'standard',
            filter: chain,
          },
        },
        // Keyword metadata matches ignoring case, as steppe's filters do.
        normalizer: { steppe_keyword: { type: 'custom', filter: ['lowercase'] } },
      },
    },
    mappings: {
      dynamic: 'strict',
      // A field steppe does not store is searched but not given back.
      _source: { excludes: schema.fields.filter((f) => !f.stored).map((f) => f.name) },
      _meta: {
        steppe: {
          fields: schema.fields.map(({ name, weight, b }) => ({ name, weight, b })),
          title_field: schema.titleName ?? null,
        },
      },
      properties,
    },
  };
}
