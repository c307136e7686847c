import { slab } from './slab.js';

/**
 * The k best (score, doc) pairs seen so far, in a binary min-heap over two typed arrays.
 * Ties in score go to the lower doc id (the earlier-added document), so rankings are stable.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly docs: Int32Array;
  size = 0;

  constructor(readonly capacity: number) {
    this.scores = slab.float64(Math.max(capacity, 1));
    this.docs = slab.int32(Math.max(capacity, 1));
  }

  /** The score a new document must beat to enter (−Infinity until the heap is full). */
  get threshold(): number {
    return this.size < this.capacity ? -Infinity : this.scores[0]!;
  }

  offer(doc: number, score: number): void {
    if (this.capacity === 0) return;
    if (this.size < this.capacity) {
      this.scores[this.size] = score;
      this.docs[this.size] = doc;
      this.siftUp(this.size++);
    } else if (this.worse(this.scores[0]!, this.docs[0]!, score, doc)) {
      this.scores[0] = score;
      this.docs[0] = doc;
      this.siftDown(0);
    }
  }

  /** The kept pairs, best first. */
  drain(): { doc: number; score: number }[] {
    const out: { doc: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ doc: this.docs[i]!, score: this.scores[i]! });
    return out.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  // True when (scoreA, docA) ranks below (scoreB, docB).
  private worse(scoreA: number, docA: number, scoreB: number, docB: number): boolean {
    return scoreA < scoreB || (scoreA === scoreB && docA > docB);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(this.scores[i]!, this.docs[i]!, this.scores[parent]!, this.docs[parent]!))
        break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (
        left < this.size &&
        this.worse(
          this.scores[left]!,
          this.docs[left]!,
          this.scores[smallest]!,
          this.docs[smallest]!,
        )
      )
        smallest = left;
      if (
        right < this.size &&
        this.worse(
          this.scores[right]!,
          this.docs[right]!,
          this.scores[smallest]!,
          this.docs[smallest]!,
        )
      )
        smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const score = this.scores[a]!;
    const doc = this.docs[a]!;
    this.scores[a] = this.scores[b]!;
    this.docs[a] = this.docs[b]!;
    this.scores[b] = score;
    this.docs[b] = doc;
  }
}
