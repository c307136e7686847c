import { isEntityTerm } from '../entities/index.js';
import type { InvertedIndex } from '../index/index.js';
import { letterSignature, repeatSignatures } from '../util/edit-distance.js';

/**
 * Term ids of one length, each term's {@link letterSignature} and {@link repeatSignatures},
 * and the terms themselves.
 */
export interface TermsOfLength {
  ids: Int32Array;
  signatures: Int32Array;
  twice: Int32Array;
  thrice: Int32Array;
  /** Held as strings: reading each from the term table again cost a third of a scan. */
  terms: string[];
}

const NO_TERMS: TermsOfLength = {
  ids: new Int32Array(0),
  signatures: new Int32Array(0),
  twice: new Int32Array(0),
  thrice: new Int32Array(0),
  terms: [],
};

/**
 * The indexed words of live documents grouped by length, with letter signatures, for fuzzy
 * matching and corrections: built on first use after each change to the documents.
 */
export class TermsByLength {
  private built: { version: number; buckets: TermsOfLength[] } | undefined;

  /** Terms of exactly `length` characters as of index `version`. */
  get(index: InvertedIndex, version: number, length: number): TermsOfLength {
    if (this.built?.version !== version) {
      const buckets: number[][] = [];
      for (const [id, term] of index.terms.entries()) {
        if (index.docFrequency(id) > 0 && !isEntityTerm(term))
          (buckets[term.length] ??= []).push(id);
      }
      this.built = {
        version,
        buckets: Array.from(buckets, (ids = []) => {
          const terms = ids.map((id) => index.terms.term(id));
          const repeats = terms.map(repeatSignatures);
          return {
            ids: Int32Array.from(ids),
            signatures: Int32Array.from(terms, letterSignature),
            twice: Int32Array.from(repeats, ([twice]) => twice),
            thrice: Int32Array.from(repeats, ([, thrice]) => thrice),
            terms,
          };
        }),
      };
    }
    return this.built.buckets[length] ?? NO_TERMS;
  }
}
