/** Returns `array` if it holds `length` elements, else a copy with room for at least that many. */
export function ensureUint32(array: Uint32Array, length: number): Uint32Array {
  if (array.length >= length) return array;
  const next = new Uint32Array(Math.max(length, array.length * 2, 16));
  next.set(array);
  return next;
}

export function ensureUint8(array: Uint8Array, length: number): Uint8Array {
  if (array.length >= length) return array;
  const next = new Uint8Array(Math.max(length, array.length * 2, 16));
  next.set(array);
  return next;
}

export function ensureInt32(array: Int32Array, length: number): Int32Array {
  if (array.length >= length) return array;
  const next = new Int32Array(Math.max(length, array.length * 2, 16));
  next.set(array);
  return next;
}
