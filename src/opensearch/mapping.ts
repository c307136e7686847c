import { type AnalyzerConfig, ENGLISH_EXTENDED_STOP_WORDS } from '../analysis/index.js';
import { OptionsError } from '../errors.js';
import { DEFAULT_RANKING } from '../options.js';
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

/**
 * The field that holds every text field's words, each field's text given as many times as its
 * weight: unscoped words over all fields are scored there as one BM25 field, the nearest
 * OpenSearch comes to BM25F, and with `dfs_query_then_fetch` the same on any number of shards.
 */
export const WORDS_FIELD = 'steppe_words';

// A field's text goes into WORDS_FIELD at most this many times.
const MAX_REPEATS = 10;

/**
 * How {@link WORDS_FIELD} is made for these fields: each field's text repeated by its weight
 * over the least weight (rounded, 1 to 10 times), with the k1 and b that keep BM25's
 * saturation for the counts so scaled (k1 grows with the scale) and the fields' b, weighted
 * by their repeats.
 *
 * @example
 * wordsFieldLayout([{ weight: 3, b: 0.75 }, { weight: 1, b: 0.75 }], 1.2); // => { repeats: [3, 1], k1: 1.2, b: 0.75 }
 */
export function wordsFieldLayout(
  fields: readonly { weight: number; b: number }[],
  k1: number,
): { repeats: number[]; k1: number; b: number } {
  const least = Math.min(...fields.map((f) => f.weight));
  const repeats = fields.map((f) =>
    Math.min(MAX_REPEATS, Math.max(1, Math.round(f.weight / least))),
  );
  const total = repeats.reduce((sum, r) => sum + r, 0);
  const b = fields.reduce((sum, f, i) => sum + f.b * repeats[i]!, 0) / total;
  return { repeats, k1: Number((k1 / least).toFixed(6)), b: Number(b.toFixed(6)) };
}

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
  layout: { shards?: number; replicas?: number; k1?: number } = {},
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
      stopwords:
        analyzer.stopWords === 'english'
          ? '_english_'
          : analyzer.stopWords === 'english-extended'
            ? ENGLISH_EXTENDED_STOP_WORDS
            : analyzer.stopWords,
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
  const words = wordsFieldLayout(schema.fields, layout.k1 ?? DEFAULT_RANKING.k1);
  // Frequencies only: phrases are matched on the fields themselves.
  properties[WORDS_FIELD] = {
    type: 'text',
    analyzer: OPENSEARCH_ANALYZER,
    similarity: WORDS_FIELD,
    index_options: 'freqs',
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
      similarity: { [WORDS_FIELD]: { type: 'BM25', k1: words.k1, b: words.b } },
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
      _source: {
        excludes: [...schema.fields.filter((f) => !f.stored).map((f) => f.name), WORDS_FIELD],
      },
      _meta: {
        steppe: {
          fields: schema.fields.map(({ name, weight, b }) => ({ name, weight, b })),
          title_field: schema.titleName ?? null,
          words_field: {
            name: WORDS_FIELD,
            repeats: Object.fromEntries(schema.names.map((name, i) => [name, words.repeats[i]])),
          },
        },
      },
      properties,
    },
  };
}
