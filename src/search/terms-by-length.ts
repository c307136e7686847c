import { isEntityTerm } from '../entities/index.js';
import type { InvertedIndex } from '../index/index.js';
import { popcount } from '../util/bits.js';
import { boundedEditDistance, letterSignature, repeatSignatures } from '../util/edit-distance.js';
import { PositionalBigrams } from './positional-bigrams.js';

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
  /** The last lookup that took each term as a candidate, so that it is measured once. */
  seen: Int32Array;
}

/**
 * The indexed words of live documents grouped by length, with letter signatures and a table
 * of their positional bigrams, for fuzzy matching and corrections: built on first use after
 * each change to the documents (scifact's 45,000 terms: 24 ms, 1.7 MB of bigram table).
 */
export class TermsByLength {
  private built:
    | { version: number; buckets: (TermsOfLength | undefined)[]; bigrams: PositionalBigrams }
    | undefined;
  private lookups = 0;

  /**
   * Calls `found(termId, distance)` for each indexed term of live documents (entities left
   * out) within `max` edits of `word` ({@link boundedEditDistance}), in no set order. Zero
   * edits is a lookup. A word of 5 letters or more within one edit, or 8 or more within two,
   * reads only the terms its {@link PositionalBigrams} name (on scifact, about 500 of the
   * 13,000 of nearby lengths); others read every term of the lengths they can reach. Either
   * way only terms whose letter signatures allow it are measured.
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
    if (max === 0) {
      // The word itself, if it is a live term: a lookup, not a scan of its length.
      const id = index.terms.lookup(word);
      if (id >= 0 && index.docFrequency(id) > 0 && !isEntityTerm(word)) found(id, 0);
      return;
    }
    const { buckets, bigrams } = this.build(index, version);
    if (bigrams.covers(word.length, max))
      this.measureListed(buckets, bigrams.candidates(word, max), word, max, found);
    else this.scan(buckets, word, max, found);
  }

  // Measures the terms a bigram lookup named, each once.
  private measureListed(
    buckets: readonly (TermsOfLength | undefined)[],
    entries: Int32Array,
    word: string,
    max: number,
    found: (termId: number, distance: number) => void,
  ): void {
    if (this.lookups === 0x7fffffff) {
      for (const bucket of buckets) bucket?.seen.fill(0);
      this.lookups = 0;
    }
    const lookup = ++this.lookups;
    const form = formOf(word, max);
    for (let e = 0; e < entries.length; e++) {
      const entry = entries[e]!;
      const bucket = buckets[entry & 0xff]!;
      const i = entry >>> 8;
      if (bucket.seen[i] === lookup) continue;
      bucket.seen[i] = lookup;
      const letters = popcount(form.signature ^ bucket.signatures[i]!);
      if (letters <= form.limit) measure(form, letters, bucket, i, found);
    }
  }

  // Reads every term of the lengths the word can reach.
  private scan(
    buckets: readonly (TermsOfLength | undefined)[],
    word: string,
    max: number,
    found: (termId: number, distance: number) => void,
  ): void {
    const form = formOf(word, max);
    const { signature, limit } = form;
    for (let length = Math.max(1, word.length - max); length <= word.length + max; length++) {
      const bucket = buckets[length];
      if (bucket === undefined) continue;
      const signatures = bucket.signatures;
      // One tight loop per length and form: the letter test turns away nearly every term.
      for (let i = 0; i < signatures.length; i++) {
        const letters = popcount(signature ^ signatures[i]!);
        if (letters <= limit) measure(form, letters, bucket, i, found);
      }
    }
  }

  private build(
    index: InvertedIndex,
    version: number,
  ): { buckets: (TermsOfLength | undefined)[]; bigrams: PositionalBigrams } {
    if (this.built?.version !== version) {
      const byLength: number[][] = [];
      for (const [id, term] of index.terms.entries()) {
        if (index.docFrequency(id) > 0 && !isEntityTerm(term))
          (byLength[term.length] ??= []).push(id);
      }
      const buckets = Array.from(byLength, (ids): TermsOfLength | undefined => {
        if (ids === undefined) return undefined;
        const terms = ids.map((id) => index.terms.term(id));
        const repeats = terms.map(repeatSignatures);
        return {
          ids: Int32Array.from(ids),
          signatures: Int32Array.from(terms, letterSignature),
          twice: Int32Array.from(repeats, ([twice]) => twice),
          thrice: Int32Array.from(repeats, ([, thrice]) => thrice),
          terms,
          seen: new Int32Array(ids.length),
        };
      });
      this.built = {
        version,
        buckets,
        bigrams: new PositionalBigrams(buckets.map((bucket) => bucket?.terms)),
      };
      this.lookups = 0;
    }
    return this.built;
  }
}

/** A looked-up word, its letter sets, and how many of their bits may differ within `max` edits. */
interface Form {
  word: string;
  max: number;
  signature: number;
  twice: number;
  thrice: number;
  limit: number;
}

function formOf(word: string, max: number): Form {
  const [twice, thrice] = repeatSignatures(word);
  return { word, max, signature: letterSignature(word), twice, thrice, limit: 2 * max };
}

// A term that passed the letter test (`letters` bits apart): the repeat test, then the
// distance.
function measure(
  form: Form,
  letters: number,
  bucket: TermsOfLength,
  i: number,
  found: (termId: number, distance: number) => void,
): void {
  if (
    letters + popcount(form.twice ^ bucket.twice[i]!) + popcount(form.thrice ^ bucket.thrice[i]!) >
    form.limit
  )
    return;
  const distance = boundedEditDistance(form.word, bucket.terms[i]!, form.max);
  if (distance <= form.max) found(bucket.ids[i]!, distance);
}
