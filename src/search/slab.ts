const SLAB_BYTES = 1 << 16;
// Larger requests are a bug or a hostile option, never a search's real need.
const MAX_VIEW_BYTES = 1 << 30;

/**
 * Hands out small typed arrays as views of one large buffer. A typed array of its own longer
 * than 64 bytes lives outside the JS heap and costs about a microsecond to allocate, which
 * per term and per query adds up; a view costs a few nanoseconds. A slab is never reused:
 * once full, a fresh one takes over, and the old one lives until its last view is collected.
 */
export class SlabAllocator {
  private slab = new ArrayBuffer(SLAB_BYTES);
  private used = 0;

  int32(length: number): Int32Array {
    const offset = this.take(length * 4);
    return new Int32Array(this.slab, offset, length);
  }

  float64(length: number): Float64Array {
    const offset = this.take(length * 8);
    return new Float64Array(this.slab, offset, length);
  }

  // Reserves 8-byte-aligned room, in a fresh slab when this one is full; read `slab` only
  // after calling this.
  // Nothing changes before the new slab exists, so a failed allocation leaves the allocator
  // as it was for every later search.
  private take(bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes > MAX_VIEW_BYTES)
      throw new RangeError(`cannot allocate ${bytes} bytes of scratch memory`);
    const aligned = Math.ceil(bytes / 8) * 8;
    if (this.used + aligned > this.slab.byteLength) {
      const fresh = new ArrayBuffer(Math.max(SLAB_BYTES, aligned));
      this.slab = fresh;
      this.used = 0;
    }
    const offset = this.used;
    this.used += aligned;
    return offset;
  }
}

/** The allocator the search code shares. */
export const slab = new SlabAllocator();
