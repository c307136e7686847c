import type { InvertedIndex, PostingCursor } from '../index/index.js';
import { entityScore, salience } from '../ranking/entity-boost.js';
import type { Explanation } from './explanation.js';
import type { BoundedScorer } from './max-score.js';
import { NO_MORE_DOCS, UnionScorer } from './scorers.js';

const TITLE = 0;
const BODY = 1;

/**
 * Documents mentioning an entity under any of its keys (the postings of its entity terms,
 * one per joined key), scored by how salient the entity is in each.
 */
export class EntityScorer extends UnionScorer<PostingCursor> implements BoundedScorer {
  readonly maxScore: number;

  constructor(
    cursors: PostingCursor[],
    /** The entity terms whose postings the cursors read. */
    readonly termIds: readonly number[],
    private readonly index: InvertedIndex,
    readonly idf: number,
    readonly weight: number,
    readonly k1: number,
    readonly label: string,
  ) {
    super(cursors);
    this.maxScore = entityScore(weight, idf, k1, 1);
  }

  private salienceParts(): {
    title: number;
    body: number;
    first: number;
    length: number;
    salience: number;
  } {
    let title = 0;
    let body = 0;
    let first = Infinity;
    for (const cursor of this.parts) {
      if (cursor.doc !== this.doc) continue;
      title += cursor.tf[TITLE]!;
      body += cursor.tf[BODY]!;
      if (cursor.tf[BODY]! > 0) first = Math.min(first, cursor.positions[BODY]![0]!);
    }
    const length = this.index.fieldLength(BODY, this.doc);
    return { title, body, first, length, salience: salience(title, body, first, length) };
  }

  /** No blocks: one bound holds everywhere. */
  blockEnd(): number {
    return NO_MORE_DOCS;
  }

  boundIn(): number {
    return this.maxScore;
  }

  mayMatch(): boolean {
    return true;
  }

  score(): number {
    return entityScore(this.weight, this.idf, this.k1, this.salienceParts().salience);
  }

  explain(): Explanation {
    const p = this.salienceParts();
    return {
      value: entityScore(this.weight, this.idf, this.k1, p.salience),
      description: `entity ${this.label}: boost ${Number(this.weight.toPrecision(4))} × idf ${this.idf.toFixed(4)} × (k1+1) ${this.k1 + 1} × salience ${p.salience.toFixed(4)} (title mentions ${p.title}, body mentions ${p.body}, first at word ${Number.isFinite(p.first) ? p.first : '-'} of ${p.length})`,
    };
  }
}
