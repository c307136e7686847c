import { ensureInt32 } from './growable.js';

/**
 * Interns strings given as ranges of a text or as UTF-8 bytes, so a string seen before is
 * found from its characters without one being made of it: indexing meets the same few
 * thousand words millions of times, and one slice per occurrence is most of the garbage it
 * would otherwise make; loading an index meets every term once, and tens of thousands of
 * strings made up front are most of a load's allocation. Ids are dense, in order of first
 * sight; a string is made the first time its id is asked for, so an index's terms cost their
 * characters (two bytes each) until then, not a string object each.
 */
export class StringTable {
  /** Open addressing, linear probing: per slot its hash and id + 1 side by side (0 for empty). */
  private slots = new Int32Array(2048);
  /** Every string's UTF-16 code units, one after the other; id's start at `offsets[id]`. */
  private chars = new Uint16Array(8192);
  private offsets: Int32Array = new Int32Array(1025);
  /** Strings made so far, by id. */
  private strings: (string | undefined)[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The id of `text.slice(start, end)`, or -1 when it was never added. */
  find(text: string, start: number, end: number): number {
    return this.probe(text, start, end, hashRange(text, start, end));
  }

  /** The id of `text.slice(start, end)`, adding it when new (ids are dense: a new one is `size`). */
  intern(text: string, start: number, end: number): number {
    const hash = hashRange(text, start, end);
    const found = this.probe(text, start, end, hash);
    return found >= 0 ? found : this.append(text, start, end, hash);
  }

  /**
   * The id of the string whose UTF-8 encoding is `bytes[start, end)`, adding it when new,
   * with no string made. Malformed sequences read as U+FFFD, as a TextDecoder reads them.
   */
  internUtf8(bytes: Uint8Array, start: number, end: number): number {
    // UTF-16 needs no more code units than UTF-8 has bytes.
    const from = this.reserveChars(end - start);
    const chars = this.chars;
    let used = from;
    for (let i = start; i < end;) {
      const lead = bytes[i]!;
      const extra =
        lead < 0x80
          ? 0
          : lead >= 0xc2 && lead < 0xe0
            ? 1
            : lead >= 0xe0 && lead < 0xf0
              ? 2
              : lead >= 0xf0 && lead < 0xf5
                ? 3
                : -1;
      let point =
        extra === 0 ? lead : extra === 1 ? lead & 0x1f : extra === 2 ? lead & 0x0f : lead & 0x07;
      let read = 1;
      for (; read <= extra && i + read < end && (bytes[i + read]! & 0xc0) === 0x80; read++)
        point = (point << 6) | (bytes[i + read]! & 0x3f);
      // Bad lead bytes, cut sequences, overlong forms, surrogates and points past U+10FFFF.
      if (
        extra < 0 ||
        read <= extra ||
        (extra === 2 && (point < 0x800 || (point >= 0xd800 && point < 0xe000))) ||
        (extra === 3 && (point < 0x10000 || point > 0x10ffff))
      ) {
        chars[used++] = 0xfffd;
      } else if (point >= 0x10000) {
        chars[used++] = 0xd800 + ((point - 0x10000) >> 10);
        chars[used++] = 0xdc00 + ((point - 0x10000) & 0x3ff);
      } else chars[used++] = point;
      i += read;
    }
    let hash = FNV_OFFSET;
    for (let i = from; i < used; i++) hash = Math.imul(hash ^ chars[i]!, FNV_PRIME);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const length = used - from;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = slots[2 * slot + 1]! - 1;
      if (id < 0) break;
      if (slots[2 * slot] !== hash) continue;
      const start = this.offsets[id]!;
      if (this.offsets[id + 1]! - start === length && this.equalsPooled(start, from, length))
        return id;
    }
    return this.commit(used, hash);
  }

  /**
   * Makes room for `count` more strings of `chars` code units in all: a reader that knows how
   * many strings follow adds them without regrowing.
   */
  reserve(count: number, chars: number): void {
    const total = this.count + count;
    let slotCount = this.slots.length >> 1;
    while (total * 2 > slotCount) slotCount *= 2;
    if (slotCount > this.slots.length >> 1) this.rehash(slotCount);
    this.offsets = ensureInt32(this.offsets, total + 2);
    this.reserveChars(chars);
  }

  /** The string with this id. */
  surface(id: number): string {
    return (this.strings[id] ??= this.materialize(id));
  }

  clear(): void {
    this.slots = new Int32Array(2048);
    this.chars = new Uint16Array(8192);
    this.offsets = new Int32Array(1025);
    this.strings = [];
    this.count = 0;
  }

  private probe(text: string, start: number, end: number, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = slots[2 * slot + 1]! - 1;
      if (id < 0) return -1;
      if (slots[2 * slot] !== hash) continue;
      const from = this.offsets[id]!;
      if (this.offsets[id + 1]! - from === length && this.equalsRange(from, text, start, length))
        return id;
    }
  }

  private append(text: string, start: number, end: number, hash: number): number {
    let used = this.reserveChars(end - start);
    for (let i = start; i < end; i++) this.chars[used++] = text.charCodeAt(i);
    return this.commit(used, hash);
  }

  // Room for `length` more code units after the last string; returns where they go.
  private reserveChars(length: number): number {
    const used = this.offsets[this.count]!;
    if (used + length > this.chars.length) {
      const chars = new Uint16Array(Math.max(this.chars.length * 2, used + length));
      chars.set(this.chars.subarray(0, used));
      this.chars = chars;
    }
    return used;
  }

  // Makes the code units written up to `used` the next string.
  private commit(used: number, hash: number): number {
    const id = this.count++;
    if (this.count * 2 > this.slots.length >> 1) this.grow();
    this.offsets = ensureInt32(this.offsets, id + 2);
    this.offsets[id + 1] = used;
    this.place(id, hash);
    return id;
  }

  private materialize(id: number): string {
    const from = this.offsets[id]!;
    const to = this.offsets[id + 1]!;
    let out = '';
    // In pieces: an argument list has a length limit.
    for (let at = from; at < to; at += 4096)
      out += String.fromCharCode.apply(
        null,
        this.chars.subarray(at, Math.min(to, at + 4096)) as unknown as number[],
      );
    return out;
  }

  private equalsRange(from: number, text: string, start: number, length: number): boolean {
    const chars = this.chars;
    for (let i = 0; i < length; i++)
      if (chars[from + i] !== text.charCodeAt(start + i)) return false;
    return true;
  }

  private equalsPooled(a: number, b: number, length: number): boolean {
    const chars = this.chars;
    for (let i = 0; i < length; i++) if (chars[a + i] !== chars[b + i]) return false;
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
    this.rehash(this.slots.length);
  }

  private rehash(slotCount: number): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * slotCount);
    for (let slot = 0; slot < old.length; slot += 2)
      if (old[slot + 1] !== 0) this.place(old[slot + 1]! - 1, old[slot]!);
  }
}

// As a 32-bit signed integer, as the hash slots store it (and Math.imul returns).
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

// FNV-1a over UTF-16 code units.
function hashRange(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}
