/**
 * Interns words given as ranges of a text, so a word seen before is found from its characters
 * without a string being made of it: indexing meets the same few thousand words millions of
 * times, and one slice per occurrence is most of the garbage it would otherwise make. Ids are
 * dense, in order of first sight.
 */
export class SurfaceTable {
  /** Open addressing, linear probing: id + 1 per slot, 0 for empty. */
  private slots = new Int32Array(1024);
  private hashes = new Int32Array(512);
  private readonly strings: string[] = [];

  get size(): number {
    return this.strings.length;
  }

  /** The id of `text.slice(start, end)`, or -1 when it was never added. */
  find(text: string, start: number, end: number): number {
    const hash = hashRange(text, start, end);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]! - 1;
      if (id < 0) return -1;
      if (this.hashes[id] === hash && equalsRange(this.strings[id]!, text, start, end)) return id;
    }
  }

  /** Adds a word not yet in the table (see {@link find}); returns its id. */
  add(text: string, start: number, end: number): number {
    const id = this.strings.length;
    if ((id + 1) * 2 > this.slots.length) this.grow();
    const hash = hashRange(text, start, end);
    this.strings.push(text.slice(start, end));
    if (id >= this.hashes.length) {
      const hashes = new Int32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[id] = hash;
    this.place(id, hash);
    return id;
  }

  /** The word with this id. */
  surface(id: number): string {
    return this.strings[id]!;
  }

  clear(): void {
    this.slots = new Int32Array(1024);
    this.hashes = new Int32Array(512);
    this.strings.length = 0;
  }

  private place(id: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = id + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let id = 0; id < this.strings.length; id++) this.place(id, this.hashes[id]!);
  }
}

// FNV-1a over UTF-16 code units.
function hashRange(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

function equalsRange(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}
