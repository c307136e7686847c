import { ensureInt32 } from '../index/growable.js';

/**
 * Interns words given as ranges of a text, so a word seen before is found from its characters
 * without a string being made of it: indexing meets the same few thousand words millions of
 * times, and one slice per occurrence is most of the garbage it would otherwise make. Ids are
 * dense, in order of first sight.
 */
export class SurfaceTable {
  /** Open addressing, linear probing: per slot its hash and id + 1 side by side (0 for empty). */
  private slots = new Int32Array(2048);
  /** Every word's characters, one after the other; word id's start at `offsets[id]`. */
  private chars = new Uint16Array(8192);
  private offsets: Int32Array = new Int32Array(1025);
  private readonly strings: string[] = [];

  get size(): number {
    return this.strings.length;
  }

  /** The id of `text.slice(start, end)`, or -1 when it was never added. */
  find(text: string, start: number, end: number): number {
    const hash = hashRange(text, start, end);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = slots[2 * slot + 1]! - 1;
      if (id < 0) return -1;
      if (slots[2 * slot] !== hash) continue;
      const from = this.offsets[id]!;
      if (this.offsets[id + 1]! - from === length && this.equalsRange(from, text, start, length)) return id;
    }
  }

  /** Adds a word not yet in the table (see {@link find}); returns its id. */
  add(text: string, start: number, end: number): number {
    const id = this.strings.length;
    const hash = hashRange(text, start, end);
    if ((id + 1) * 2 > this.slots.length >> 1) this.grow();
    this.strings.push(text.slice(start, end));
    this.offsets = ensureInt32(this.offsets, id + 2);
    let used = this.offsets[id]!;
    if (used + end - start > this.chars.length) {
      const chars = new Uint16Array(Math.max(this.chars.length * 2, used + end - start));
      chars.set(this.chars);
      this.chars = chars;
    }
    for (let i = start; i < end; i++) this.chars[used++] = text.charCodeAt(i);
    this.offsets[id + 1] = used;
    this.place(id, hash);
    return id;
  }

  /** The word with this id. */
  surface(id: number): string {
    return this.strings[id]!;
  }

  clear(): void {
    this.slots = new Int32Array(2048);
    this.chars = new Uint16Array(8192);
    this.offsets = new Int32Array(1025);
    this.strings.length = 0;
  }

  private equalsRange(from: number, text: string, start: number, length: number): boolean {
    const chars = this.chars;
    for (let i = 0; i < length; i++) if (chars[from + i] !== text.charCodeAt(start + i)) return false;
    return true;
  }

  private place(id: number, hash: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let slot = hash & mask;
    while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = id + 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (let slot = 0; slot < old.length; slot += 2) if (old[slot + 1] !== 0) this.place(old[slot + 1]! - 1, old[slot]!);
  }
}

// FNV-1a over UTF-16 code units.
function hashRange(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}
