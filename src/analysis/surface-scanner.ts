import { ensureInt32 } from '../util/growable.js';
import type { Analyzer } from './analyzer.js';
import { StringTable } from '../util/string-table.js';
import { scanWords } from './tokenize.js';

/** A text's words as surface ids, with the analysis of the surfaces met for the first time. */
export interface ScannedText {
  /** Four numbers per word: surface id, start, end, position (see {@link scanWords}). */
  words: Int32Array;
  /** Words in `words`. */
  count: number;
  /**
   * Surfaces first met in this text, in id order (their ids follow the last id known): as
   * written, normalized (null when normalization drops the word), and indexed term (null for a
   * stop word).
   */
  added: { surfaces: string[]; normalized: (string | null)[]; terms: (string | null)[] };
  /** True when the scanner forgot every surface before this text: ids start again at 0. */
  reset: boolean;
}

/** Where the words of each text come from, in the order the texts are read. */
export interface WordSource {
  scan(text: string): ScannedText;
}

// Past this many distinct surface words the scanner starts over (a bound on its memory).
const MAX_SURFACES = 500_000;

/**
 * Turns texts into surface ids. Analysis is a pure function of a word, so each distinct surface
 * is normalized, stop-filtered and stemmed once, the first time it is met, and stemmed once
 * per normalized word (`Said`, `said` and `SAID` share a stem); a word seen before is found
 * from its characters in the text, with no string made of it. Ids are dense, in order of first
 * sight, so a scanner on another thread hands out the same ids for the same texts.
 */
export class SurfaceScanner implements WordSource {
  private readonly table = new StringTable();
  private readonly termOfNormalized = new Map<string, string | null>();
  private words: Int32Array = new Int32Array(4096);

  constructor(private readonly analyzer: Analyzer) {}

  /** The words of `text`. The result's `words` array is reused by the next call: read it first. */
  scan(text: string): ScannedText {
    const reset = this.table.size >= MAX_SURFACES;
    if (reset) this.clear();
    const added: ScannedText['added'] = { surfaces: [], normalized: [], terms: [] };
    let count = 0;
    scanWords(text, (start, end, position) => {
      const known = this.table.size;
      const surface = this.table.intern(text, start, end);
      if (surface === known) this.learn(text.slice(start, end), added);
      this.words = ensureInt32(this.words, (count + 1) * 4);
      const at = count++ * 4;
      this.words[at] = surface;
      this.words[at + 1] = start;
      this.words[at + 2] = end;
      this.words[at + 3] = position;
    });
    return { words: this.words, count, added, reset };
  }

  /**
   * Gives the words of `text` their ids as {@link scan} would, without analyzing new ones: for
   * texts another scanner has already read, whose analyses nobody will ask this one for. A
   * later surface whose normalized form was only seen here is analyzed when it comes.
   */
  learnIds(text: string): void {
    if (this.table.size >= MAX_SURFACES) this.clear();
    scanWords(text, (start, end) => void this.table.intern(text, start, end));
  }

  /** Forgets every surface: ids start again at 0. */
  clear(): void {
    this.table.clear();
    this.termOfNormalized.clear();
  }

  private learn(surface: string, added: ScannedText['added']): void {
    const normalized = this.analyzer.normalized(surface);
    let term: string | null = null;
    if (normalized !== null) {
      const known = this.termOfNormalized.get(normalized);
      if (known !== undefined) {
        term = known;
      } else {
        term = this.analyzer.termOfNormalized(normalized);
        this.termOfNormalized.set(normalized, term);
      }
    }
    added.surfaces.push(surface);
    added.normalized.push(normalized);
    added.terms.push(term);
  }
}
