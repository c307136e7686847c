/**
 * Groups one document's occurrences by term without allocating per term: each distinct term
 * gets a slot (found through a stamp array indexed by term id), and its occurrences are
 * chained through parallel integer arrays. Reused for every document.
 */
export class DocumentTerms {
  private stamp = new Int32Array(1024).fill(-1);
  private slot = new Int32Array(1024);
  private generation = 0;
  private slotTerm: number[] = [];
  private head: number[] = [];
  private tail: number[] = [];
  private occurrenceField: number[] = [];
  private occurrencePosition: number[] = [];
  private occurrenceNext: number[] = [];
  private readonly tf: Int32Array;
  private positions: number[] = [];

  constructor(fieldCount: number) {
    this.tf = new Int32Array(fieldCount);
  }

  /** Starts a document; term ids will be below `termCount`. */
  begin(termCount: number): void {
    if (termCount > this.stamp.length) {
      const size = Math.max(termCount, this.stamp.length * 2);
      const stamp = new Int32Array(size).fill(-1);
      stamp.set(this.stamp);
      this.stamp = stamp;
      const slot = new Int32Array(size);
      slot.set(this.slot);
      this.slot = slot;
    }
    this.generation++;
    this.slotTerm.length = 0;
    this.head.length = 0;
    this.tail.length = 0;
    this.occurrenceField.length = 0;
    this.occurrencePosition.length = 0;
    this.occurrenceNext.length = 0;
  }

  /** Records an occurrence; fields in ascending order, positions ascending within a field. */
  add(termId: number, field: number, position: number): void {
    const occurrence = this.occurrenceField.length;
    this.occurrenceField.push(field);
    this.occurrencePosition.push(position);
    this.occurrenceNext.push(-1);
    if (this.stamp[termId] !== this.generation) {
      this.stamp[termId] = this.generation;
      this.slot[termId] = this.slotTerm.length;
      this.slotTerm.push(termId);
      this.head.push(occurrence);
      this.tail.push(occurrence);
      return;
    }
    const slot = this.slot[termId]!;
    const previous = this.tail[slot]!;
    // The same term twice at one position (a hyphen part equal to the whole) counts once.
    if (this.occurrenceField[previous] === field && this.occurrencePosition[previous] === position) {
      this.occurrenceField.pop();
      this.occurrencePosition.pop();
      this.occurrenceNext.pop();
      return;
    }
    this.occurrenceNext[previous] = occurrence;
    this.tail[slot] = occurrence;
  }

  /** Calls `sink` once per distinct term with its per-field frequencies and positions. */
  emit(sink: (termId: number, tf: Int32Array, positions: number[]) => void): void {
    for (let slot = 0; slot < this.slotTerm.length; slot++) {
      this.tf.fill(0);
      this.positions.length = 0;
      for (let o = this.head[slot]!; o >= 0; o = this.occurrenceNext[o]!) {
        this.tf[this.occurrenceField[o]!]!++;
        this.positions.push(this.occurrencePosition[o]!);
      }
      sink(this.slotTerm[slot]!, this.tf, this.positions);
    }
  }
}
