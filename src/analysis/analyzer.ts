import { OptionsError } from '../errors.js';
import {
  ENGLISH_EXTENDED_STOP_WORDS,
  ENGLISH_STOP_WORDS,
  normalize,
  porterStem,
  possessive,
  stemFilter,
  stopFilter,
} from './filters.js';
import type { Token, TokenFilter, Tokenizer } from './token.js';
import { tokenize } from './tokenize.js';

const MAX_CACHED_WORDS = 200_000;

/** How text becomes terms. The same analyzer serves documents and queries. */
export interface AnalyzerOptions {
  /**
   * Words to drop: `'english-extended'` (default: Lucene's list and the other common function
   * words), `'english'` (Lucene's list alone), your own list, or `false` for none.
   */
  stopWords?: StopWordList | readonly string[] | false;
  /** `'porter'` (default), `'none'`, or your own function from a word to its stem. */
  stemmer?: 'porter' | 'none' | ((word: string) => string);
}

/** The stop word lists known by name. */
export type StopWordList = 'english' | 'english-extended';

const STOP_WORD_LISTS: Record<StopWordList, readonly string[]> = {
  english: ENGLISH_STOP_WORDS,
  'english-extended': ENGLISH_EXTENDED_STOP_WORDS,
};

/** The serializable description of an analyzer, stored in an index file. */
export interface AnalyzerConfig {
  stopWords: StopWordList | string[] | false;
  stemmer: 'porter' | 'none' | 'custom';
}

/**
 * A tokenizer followed by filters, each a plain function, so every stage can be tested and
 * swapped alone: tokenize → normalize → possessive → stop words → stemmer.
 */
export class Analyzer {
  readonly config: AnalyzerConfig;
  private readonly tokenizer: Tokenizer;
  /** After normalizing: the stop filter (none when stop words are off), then the stemmer. */
  private readonly stopFilter: TokenFilter | undefined;
  private readonly stemmer: TokenFilter | undefined;
  // Surface word → indexed term (null for dropped). Filters are pure and text repeats a
  // small vocabulary, so this turns most of the filter chain into one map lookup.
  private readonly cache = new Map<string, string | null>();
  private readonly stopWords = new Map<string, boolean>();

  constructor(options: AnalyzerOptions = {}) {
    const stopWords = options.stopWords ?? 'english-extended';
    const stemmer = options.stemmer ?? 'porter';
    const named = typeof stopWords === 'string' && Object.hasOwn(STOP_WORD_LISTS, stopWords);
    if (stopWords !== false && !named && !Array.isArray(stopWords)) {
      throw new OptionsError(
        `stopWords must be 'english-extended', 'english', a list of words, or false`,
      );
    }
    if (typeof stemmer !== 'function' && stemmer !== 'porter' && stemmer !== 'none') {
      throw new OptionsError(
        `stemmer must be 'porter', 'none' or a function, not ${JSON.stringify(stemmer)}`,
      );
    }
    this.config = {
      stopWords:
        stopWords === false || named ? (stopWords as StopWordList | false) : [...stopWords],
      stemmer: typeof stemmer === 'function' ? 'custom' : stemmer,
    };
    this.tokenizer = tokenize;
    if (stopWords !== false) {
      const words = named
        ? STOP_WORD_LISTS[stopWords as StopWordList]
        : (stopWords as readonly string[]).map((w) => normalize(w) ?? w);
      this.stopFilter = stopFilter(words);
    }
    if (stemmer === 'porter') this.stemmer = porterStem;
    else if (typeof stemmer === 'function') this.stemmer = stemFilter(stemmer);
  }

  /** Words of `text` as written (not yet normalized), with positions and offsets. */
  tokenize(text: string): Token[] {
    return this.tokenizer(text);
  }

  /** Tokens of `text`, with positions and exact offsets into it. */
  analyze(text: string): Token[] {
    const tokens = this.tokenizer(text);
    const kept: Token[] = [];
    for (const token of tokens) {
      const term = this.term(token.term);
      if (term !== null) {
        token.term = term;
        kept.push(token);
      }
    }
    return kept;
  }

  /**
   * A word normalized but neither stop-filtered nor stemmed: what prefix and fuzzy query
   * terms are matched from (`Deport*` → `deport`).
   */
  normalized(word: string): string | null {
    const term = normalize(word);
    return term === null ? null : possessive(term);
  }

  /** True when the filters drop this word (a stop word). Stemming never drops one, so it is skipped. */
  isStopWord(word: string): boolean {
    const known = this.cache.get(word);
    if (known !== undefined) return known === null;
    let stop = this.stopWords.get(word);
    if (stop === undefined) {
      stop = this.filtered(word) === null;
      if (this.stopWords.size >= MAX_CACHED_WORDS) this.stopWords.clear();
      this.stopWords.set(word, stop);
    }
    return stop;
  }

  /** Forgets the memoized words: after a large batch, memory the index need not keep. */
  clearCache(): void {
    this.cache.clear();
    this.stopWords.clear();
  }

  /**
   * The indexed form of a word already {@link normalized} (`null` for a stop word): the rest
   * of the chain, without normalizing again or memoizing, for callers that memoize by
   * normalized word themselves.
   */
  termOfNormalized(normalized: string): string | null {
    const kept = this.stopFilter === undefined ? normalized : this.stopFilter(normalized);
    return kept !== null && this.stemmer !== undefined ? this.stemmer(kept) : kept;
  }

  /** The indexed form of one word, or `null` when the filters drop it (a stop word). */
  term(word: string): string | null {
    let term = this.cache.get(word);
    if (term !== undefined) return term;
    const normalized = this.normalized(word);
    term = normalized === null ? null : this.termOfNormalized(normalized);
    if (this.cache.size >= MAX_CACHED_WORDS) this.cache.clear();
    this.cache.set(word, term);
    return term;
  }

  private filtered(word: string): string | null {
    const normalized = this.normalized(word);
    return normalized === null || this.stopFilter === undefined
      ? normalized
      : this.stopFilter(normalized);
  }
}
