import type { InvertedIndex } from '../index/index.js';
import { saturate } from '../ranking/bm25.js';
import type { FieldScoring } from './field-scoring.js';
import { TopK } from './top-k.js';

/** Postings per block: what a term scorer decodes at a time, and what a block's bound covers. */
export const BLOCK = 64;

/** Documents a summary keeps as the term's best. */
const TOP_DOCUMENTS = 16;

/** Summaries kept at most, in bytes; the least recently used go first. */
const BUDGET_BYTES = 64 << 20;

/**
 * What pruning and counting know of one term's postings in one version of the index, for
 * boost 1 and every field (a narrower scope only scores lower). Block b holds postings
 * [b · BLOCK, (b + 1) · BLOCK), removed documents' included, so block boundaries do not move
 * with the scope or with removals.
 */
export interface TermSummary {
  /** The highest score the term gives any live document. */
  readonly bound: number;
  /** Per block: its last doc id. */
  readonly blockLast: Int32Array;
  /** Per block: its byte position in the doc stream. */
  readonly blockStart: Uint32Array;
  /** Per block: the highest score in it (0 when no live document is in it). */
  readonly blockMax: Float64Array;
  /**
   * Bit d (32 documents a word) set when live document d has the term: kept when the bitset
   * has at most four words for each of the term's documents (a term in one document in 128
   * or more), so that OR-ing it into a count, or testing a candidate against it, is cheaper
   * than reading the postings. Null for rarer terms.
   */
  readonly documents: Uint32Array | null;
  /** The live documents where the term alone scores highest (up to 16, best first)... */
  readonly topDocs: Int32Array;
  /** ...and those scores. */
  readonly topScores: Float64Array;
}

/**
 * Term summaries computed on first use, by one pass over the term's postings, and kept until
 * the index changes (a new version) or the byte budget is spent. Bounds must be exact maxima
 * of the very scores term scorers compute: looser bounds are safe but prune less.
 */
export class TermSummaries {
  private readonly cache = new Map<number, TermSummary>();
  private version = -1;
  private bytes = 0;
  private readonly docs = new Int32Array(BLOCK);
  private readonly pseudoTf = new Float64Array(BLOCK);

  get(termId: number, scoring: FieldScoring, idfValue: number, version: number): TermSummary {
    if (version !== this.version) {
      this.cache.clear();
      this.bytes = 0;
      this.version = version;
    }
    let summary = this.cache.get(termId);
    if (summary !== undefined) {
      // Most recently used last in the map's order.
      this.cache.delete(termId);
    } else {
      summary = this.compute(termId, scoring, idfValue);
      this.bytes += sizeOf(summary);
      for (const [oldest, old] of this.cache) {
        if (this.bytes <= BUDGET_BYTES) break;
        this.cache.delete(oldest);
        this.bytes -= sizeOf(old);
      }
    }
    this.cache.set(termId, summary);
    return summary;
  }

  private compute(termId: number, scoring: FieldScoring, idfValue: number): TermSummary {
    const index: InvertedIndex = scoring.index;
    const cursor = index.cursor(false).reset(termId);
    const allFields = (1 << index.fields.length) - 1;
    const blocks = Math.ceil(index.postings.postingCount[termId]! / BLOCK);
    const blockLast = new Int32Array(blocks);
    const blockStart = new Uint32Array(blocks);
    const blockMax = new Float64Array(blocks);
    const documents =
      index.docFrequency(termId) * 128 >= index.docIdLimit
        ? new Uint32Array(Math.ceil(index.docIdLimit / 32))
        : null;
    const best = new TopK(TOP_DOCUMENTS);
    let bound = 0;
    for (let b = 0; b < blocks; b++) {
      blockStart[b] = cursor.position;
      // The same weighted sums term scorers read, so each bound is the maximum of their scores.
      const read = cursor.readWeighted(this.docs, this.pseudoTf, scoring.factors, allFields, BLOCK);
      blockLast[b] = cursor.doc;
      let max = 0;
      for (let i = 0; i < read; i++) {
        const score = saturate(this.pseudoTf[i]!, idfValue, scoring.k1);
        max = Math.max(max, score);
        best.offer(this.docs[i]!, score);
        if (documents !== null) documents[this.docs[i]! >>> 5]! |= 1 << (this.docs[i]! & 31);
      }
      blockMax[b] = max;
      bound = Math.max(bound, max);
    }
    const top = best.drain();
    return {
      bound,
      blockLast,
      blockStart,
      blockMax,
      documents,
      topDocs: Int32Array.from(top, (hit) => hit.doc),
      topScores: Float64Array.from(top, (hit) => hit.score),
    };
  }
}

function sizeOf(summary: TermSummary): number {
  return (
    summary.blockLast.byteLength +
    summary.blockStart.byteLength +
    summary.blockMax.byteLength +
    (summary.documents?.byteLength ?? 0) +
    summary.topDocs.byteLength +
    summary.topScores.byteLength
  );
}
