import { isEntityTerm } from '../entities/index.js';
import type { InvertedIndex } from '../index/index.js';
import { popcount } from '../util/bits.js';
import { boundedEditDistance, letterSignature, repeatSignatures } from '../util/edit-distance.js';

/**
 * Term ids of one length, each term's {@link letterSignature} and {@link repeatSignatures},
 * and the terms themselves.
 */
interface TermsOfLength {
  ids: Int32Array;
  signatures: Int32Array;
  twice: Int32Array;
  thrice: Int32Array;
  /** Held as strings: reading each from the term table again cost a third of a scan. */
  terms: string[];
}

/**
 * The indexed words of live documents grouped by length, with letter signatures, for fuzzy
 * matching and corrections: built on first use after each change to the documents.
 */
export class TermsByLength {
  private built: { version: number; buckets: (TermsOfLength | undefined)[] } | undefined;

  /**
   * Calls `found(termId, distance)` for each indexed term of live documents (entities left
   * out) within `max` edits of `word` ({@link boundedEditDistance}), length by length. Only
   * terms whose letter signatures allow it are measured: on scifact's terms, a few dozen of
   * the 20,000 of nearby lengths.
   *
   * @example
   * termsByLength.near(index, version, 'kazahstan', 2, (id, distance) => console.log(id, distance));
   */
  near(
    index: InvertedIndex,
    version: number,
    word: string,
    max: number,
    found: (termId: number, distance: number) => void,
  ): void {
    const buckets = this.buckets(index, version);
    const signature = letterSignature(word);
    const [twice, thrice] = repeatSignatures(word);
    const limit = 2 * max;
    for (let length = Math.max(1, word.length - max); length <= word.length + max; length++) {
      const bucket = buckets[length];
      if (bucket === undefined) continue;
      const { signatures, terms } = bucket;
      // One tight loop per length and form: the signature test turns away nearly every term.
      for (let i = 0; i < signatures.length; i++) {
        const letters = popcount(signature ^ signatures[i]!);
        if (letters > limit) continue;
        if (
          letters + popcount(twice ^ bucket.twice[i]!) + popcount(thrice ^ bucket.thrice[i]!) >
          limit
        )
          continue;
        const distance = boundedEditDistance(word, terms[i]!, max);
        if (distance <= max) found(bucket.ids[i]!, distance);
      }
    }
  }

  private buckets(index: InvertedIndex, version: number): (TermsOfLength | undefined)[] {
    if (this.built?.version !== version) {
      const byLength: number[][] = [];
      for (const [id, term] of index.terms.entries()) {
        if (index.docFrequency(id) > 0 && !isEntityTerm(term))
          (byLength[term.length] ??= []).push(id);
      }
      this.built = {
        version,
        buckets: Array.from(byLength, (ids) => {
          if (ids === undefined) return undefined;
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
    return this.built.buckets;
  }
}
