import type { PostingCursor } from '../index/index.js';
import { NO_MORE_DOCS } from '../index/index.js';
import { type Explanation, sumOf } from './explanation.js';
import type { BoundedScorer } from './max-score.js';
import type { FieldScoring } from './field-scoring.js';
import { type Scorer, type TermScorer, UnionScorer } from './scorers.js';
import { saturate } from '../ranking/bm25.js';

/**
 * Documents matching any term, scored by the best term times its `factor` (prefix, fuzzy and
 * typo expansions). Bounded window by window as its terms are, so MaxScore can prune it.
 */
export class MaxDisjunctionScorer extends UnionScorer<TermScorer> implements BoundedScorer {
  readonly maxScore: number;

  constructor(
    parts: TermScorer[],
    readonly factors: number[],
    readonly label: string,
  ) {
    super(parts);
    this.maxScore = Math.max(0, ...parts.map((part, i) => part.maxScore * factors[i]!));
  }

  blockEnd(target: number): number {
    let end = NO_MORE_DOCS;
    for (const part of this.parts) end = Math.min(end, part.blockEnd(target));
    return end;
  }

  boundIn(from: number, to: number): number {
    let bound = 0;
    this.parts.forEach(
      (part, i) => (bound = Math.max(bound, part.boundIn(from, to) * this.factors[i]!)),
    );
    return bound;
  }

  mayMatch(doc: number): boolean {
    return this.parts.some((part) => part.mayMatch(doc));
  }

  score(): number {
    let best = 0;
    this.parts.forEach((part, i) => {
      if (part.doc === this.doc) best = Math.max(best, part.score() * this.factors[i]!);
    });
    return best;
  }

  explain(): Explanation {
    let best: Explanation = { value: 0, description: 'no match' };
    this.parts.forEach((part, i) => {
      if (part.doc !== this.doc) return;
      const inner = part.explain();
      const value = inner.value * this.factors[i]!;
      if (value > best.value)
        best =
          this.factors[i] === 1
            ? inner
            : { value, description: `penalty ×${this.factors[i]!.toFixed(3)}`, details: [inner] };
    });
    return { value: best.value, description: `best expansion of ${this.label}`, details: [best] };
  }
}

/** Documents matching every part; the score is the sum. */
export class ConjunctionScorer implements Scorer {
  doc = -1;
  readonly maxScore: number;

  constructor(readonly parts: Scorer[]) {
    this.maxScore = parts.reduce((sum, part) => sum + part.maxScore, 0);
  }

  next(): number {
    return this.align(this.parts[0]!.next());
  }

  advance(target: number): number {
    return this.align(this.parts[0]!.advance(target));
  }

  // Leapfrog: move every part to the largest current doc until all agree.
  private align(target: number): number {
    for (;;) {
      if (target === NO_MORE_DOCS) return (this.doc = NO_MORE_DOCS);
      let agreed = true;
      for (const part of this.parts) {
        if (part.doc < target) part.advance(target);
        if (part.doc > target) {
          target = part.doc;
          agreed = false;
          break;
        }
      }
      if (agreed) return (this.doc = target);
    }
  }

  score(): number {
    let sum = 0;
    for (const part of this.parts) sum += part.score();
    return sum;
  }

  explain(): Explanation {
    return sumOf(
      'all of',
      this.parts.map((part) => part.explain()),
    );
  }
}

/** The required scorer's documents; the optional one adds its score where it also matches. */
export class RequiredOptionalScorer implements Scorer {
  doc = -1;
  readonly maxScore: number;

  constructor(
    readonly required: Scorer,
    readonly optional: Scorer,
  ) {
    this.maxScore = required.maxScore + optional.maxScore;
  }

  next(): number {
    return (this.doc = this.required.next());
  }

  advance(target: number): number {
    return (this.doc = this.required.advance(target));
  }

  score(): number {
    let score = this.required.score();
    if (this.optional.doc < this.doc) this.optional.advance(this.doc);
    if (this.optional.doc === this.doc) score += this.optional.score();
    return score;
  }

  explain(): Explanation {
    const parts = [this.required.explain()];
    if (this.optional.doc < this.doc) this.optional.advance(this.doc);
    if (this.optional.doc === this.doc) parts.push(this.optional.explain());
    return sumOf('required plus optional', parts);
  }
}

/** The required scorer's documents, less those the excluded scorer matches. */
export class ExclusionScorer implements Scorer {
  doc = -1;
  readonly maxScore: number;

  constructor(
    readonly required: Scorer,
    readonly excluded: Scorer,
  ) {
    this.maxScore = required.maxScore;
  }

  next(): number {
    return this.skipExcluded(this.required.next());
  }

  advance(target: number): number {
    return this.skipExcluded(this.required.advance(target));
  }

  private skipExcluded(doc: number): number {
    while (doc !== NO_MORE_DOCS) {
      if (this.excluded.doc < doc) this.excluded.advance(doc);
      if (this.excluded.doc !== doc) break;
      doc = this.required.next();
    }
    return (this.doc = doc);
  }

  score(): number {
    return this.required.score();
  }

  explain(): Explanation {
    return this.required.explain();
  }
}

/** Every live document that passes a predicate, scored 0: filters and pure exclusions. */
export class PredicateScorer implements Scorer {
  doc = -1;
  readonly maxScore = 0;

  constructor(
    readonly docLimit: number,
    readonly deleted: Uint8Array,
    readonly accept: (doc: number) => boolean,
    readonly label: string,
  ) {}

  next(): number {
    return this.advance(this.doc + 1);
  }

  advance(target: number): number {
    for (let doc = Math.max(target, this.doc + 1); doc < this.docLimit; doc++) {
      if (this.deleted[doc] !== 1 && this.accept(doc)) return (this.doc = doc);
    }
    return (this.doc = NO_MORE_DOCS);
  }

  score(): number {
    return 0;
  }

  explain(): Explanation {
    return { value: 0, description: `filter ${this.label}` };
  }
}

/**
 * Words at given relative positions in one field, in order, with up to `slop` extra
 * positions in total (0: exactly adjacent). Scored with BM25F, the phrase's frequency per
 * field standing in for tf and the sum of its terms' idf for idf.
 */
export class PhraseScorer implements Scorer {
  doc = -1;
  readonly maxScore: number;
  private readonly conjunction: ConjunctionScorer;
  private readonly frequencies: Int32Array;
  private readonly pointers: Int32Array;

  constructor(
    readonly cursors: PostingCursor[],
    readonly offsets: number[],
    readonly slop: number,
    readonly scoring: FieldScoring,
    readonly scope: Uint8Array,
    readonly idf: number,
    readonly boost: number,
    readonly label: string,
  ) {
    this.conjunction = new ConjunctionScorer(cursors.map((cursor) => new CursorScorer(cursor)));
    this.frequencies = new Int32Array(scope.length);
    this.pointers = new Int32Array(cursors.length);
    this.maxScore = boost * idf * (scoring.k1 + 1);
  }

  next(): number {
    return this.settle(this.conjunction.next());
  }

  advance(target: number): number {
    return this.settle(this.conjunction.advance(target));
  }

  private settle(doc: number): number {
    while (doc !== NO_MORE_DOCS && !this.countMatches()) doc = this.conjunction.next();
    return (this.doc = doc);
  }

  // Phrase frequency per field for the current document; true when any is above zero.
  private countMatches(): boolean {
    let any = false;
    for (let f = 0; f < this.scope.length; f++) {
      this.frequencies[f] = this.scope[f] === 1 ? this.fieldFrequency(f) : 0;
      if (this.frequencies[f]! > 0) any = true;
    }
    return any;
  }

  private fieldFrequency(field: number): number {
    const first = this.cursors[0]!;
    this.pointers.fill(0);
    let count = 0;
    for (let i = 0; i < first.tf[field]!; i++) {
      if (this.extendsFrom(first.positions[field]![i]!, field)) count++;
    }
    return count;
  }

  // Greedy: each next word takes the position after the previous word's that is closest to the
  // expected gap; the sum of distances from the expected gaps must stay within the slop. Start
  // positions only grow, so each word's search resumes where the last one began (`pointers`),
  // which keeps a document's matching linear in its positions.
  private extendsFrom(start: number, field: number): boolean {
    let previous = start;
    let extra = 0;
    for (let w = 1; w < this.cursors.length; w++) {
      const cursor = this.cursors[w]!;
      const expected = this.offsets[w]! - this.offsets[w - 1]!;
      const positions = cursor.positions[field]!;
      const tf = cursor.tf[field]!;
      let j = this.pointers[w]!;
      while (j < tf && positions[j]! <= previous) j++;
      if (w === 1) this.pointers[w] = j;
      let best = -1;
      for (; j < tf; j++) {
        const gap = positions[j]! - previous;
        if (best < 0 || Math.abs(gap - expected) < Math.abs(best - expected)) best = gap;
        if (gap >= expected) break;
      }
      if (best < 0) return false;
      extra += Math.abs(best - expected);
      if (extra > this.slop) return false;
      previous += best;
    }
    return true;
  }

  score(): number {
    return saturate(
      this.scoring.combine(this.frequencies, this.scope, this.doc),
      this.idf,
      this.scoring.k1,
      this.boost,
    );
  }

  explain(): Explanation {
    return this.scoring.explain(
      `phrase "${this.label}"`,
      this.frequencies,
      this.scope,
      this.doc,
      this.idf,
      this.boost,
    );
  }
}

/** A bare cursor as a scorer (no score), for conjunctions over positions. */
class CursorScorer implements Scorer {
  readonly maxScore = 0;

  constructor(readonly cursor: PostingCursor) {}

  get doc(): number {
    return this.cursor.doc;
  }

  next(): number {
    return this.cursor.next();
  }

  advance(target: number): number {
    return this.cursor.advance(target);
  }

  score(): number {
    return 0;
  }

  explain(): Explanation {
    return { value: 0, description: 'position match' };
  }
}
