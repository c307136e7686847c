import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scanWords } from '../src/analysis/index.js';
import { loadCorpusSync } from '../src/node/index.js';
import { deflateSync, inflateSync } from 'node:zlib';
import { deflate, inflate } from '../src/util/deflate.js';
import { StringTable } from '../src/util/string-table.js';
import { decodeText, textReader } from '../src/util/utf8.js';
import { CORPUS, random } from './helpers.js';

test("CRC-32 (Node's and the JavaScript fallback) matches the standard check value and a bit-by-bit reference at every length", async () => {
  const { crc32, crc32Sliced } = await import('../src/util/crc32.js');
  assert.is(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  assert.is(crc32Sliced(new TextEncoder().encode('123456789')), 0xcbf43926);
  const reference = (bytes: Uint8Array): number => {
    let crc = 0xffffffff;
    for (const byte of bytes) {
      crc ^= byte;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    }
    return (crc ^ 0xffffffff) >>> 0;
  };
  const next = random(7);
  const bytes = Uint8Array.from({ length: 300 }, () => Math.floor(next() * 256));
  for (let start = 0; start < 5; start++)
    for (let length = 0; length + start <= bytes.length; length += 7) {
      const slice = bytes.subarray(start, start + length);
      assert.is(crc32(slice), reference(slice), `offset ${start}, length ${length}`);
      assert.is(
        crc32Sliced(slice),
        reference(slice),
        `fallback, offset ${start}, length ${length}`,
      );
      // Continued from the CRC of the bytes before: the CRC of both, as pieces are checked.
      const head = bytes.subarray(0, start + length);
      const tail = bytes.subarray(start + length);
      assert.is(crc32(tail, crc32(head)), reference(bytes));
      assert.is(crc32Sliced(tail, crc32Sliced(head)), reference(bytes));
    }
});

test('the string table finds every word of the seed articles by its offsets, as a map of slices would', () => {
  const table = new StringTable();
  const reference = new Map<string, number>();
  let occurrences = 0;
  for (const doc of loadCorpusSync(CORPUS)) {
    scanWords(doc.body, (start, end) => {
      occurrences++;
      const word = doc.body.slice(start, end);
      const found = table.find(doc.body, start, end);
      if (!reference.has(word)) {
        assert.is(found, -1, `${word} is new`);
        reference.set(word, table.intern(doc.body, start, end));
      } else {
        assert.is(found, reference.get(word), word);
        assert.is(table.intern(doc.body, start, end), found, `${word} interned again`);
      }
    });
  }
  assert.ok(
    reference.size > 512 && occurrences > 2 * reference.size,
    `the table grew past its first size (512 words) and met most words again (${reference.size} words, ${occurrences} occurrences)`,
  );
  assert.is(table.size, reference.size);
  for (const [word, id] of reference) assert.is(table.surface(id), word);
  assert.equal(
    [...reference.values()],
    [...reference.keys()].map((_, i) => i),
    'ids are dense, in order of first sight',
  );
  table.clear();
  assert.is(table.size, 0);
  assert.is(table.find('Tajikistan', 0, 10), -1);
});

test('the string table interns UTF-8 bytes as the strings they encode, malformed bytes as TextDecoder reads them', () => {
  const words = [
    'tajikistan',
    'таджикистан',
    'ōzbekiston',
    '塔吉克斯坦',
    'isis‑k',
    '𝐈𝐒𝐈𝐒',
    'a',
    '',
  ];
  const table = new StringTable();
  const encoder = new TextEncoder();
  const bytesOf = (text: string): Uint8Array => encoder.encode(text);
  words.forEach((word, i) => {
    const bytes = bytesOf(word);
    assert.is(table.internUtf8(bytes, 0, bytes.length), i, word);
  });
  words.forEach((word, i) => {
    assert.is(table.find(word, 0, word.length), i, `${word} found by its characters`);
    assert.is(table.surface(i), word);
  });
  const again = bytesOf(`xx${words[1]}yy`);
  assert.is(
    table.internUtf8(again, 2, again.length - 2),
    1,
    'a range of a larger buffer, seen before',
  );
  const malformed = [
    Uint8Array.of(0x61, 0xff, 0x62),
    Uint8Array.of(0xe2, 0x82),
    Uint8Array.of(0xc3, 0x28),
    Uint8Array.of(0xf0, 0x9f, 0x98),
  ];
  for (const bytes of malformed) {
    const id = table.internUtf8(bytes, 0, bytes.length);
    assert.is(
      table.surface(id),
      new TextDecoder().decode(bytes),
      `bytes ${[...bytes].map((b) => b.toString(16)).join(' ')}`,
    );
  }
});

test('text read out of bytes is what TextDecoder reads, with Buffer and without, malformed bytes included', () => {
  const next = random(5);
  const samples = [
    '',
    'ISKP',
    'Oʻzbekiston',
    'Café Nazarzóda',
    'a\u0000b',
    '😀 emoji',
    'x'.repeat(40),
  ];
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  for (let round = 0; round < 2000; round++) {
    const bytes =
      round < samples.length
        ? encoder.encode(samples[round]!)
        : Uint8Array.from({ length: Math.floor(next() * 40) }, () => Math.floor(next() * 256));
    const start = Math.floor(next() * (bytes.length + 1));
    const end = start + Math.floor(next() * (bytes.length - start + 1));
    const expected = decoder.decode(bytes.subarray(start, end));
    assert.is(decodeText(bytes, start, end), expected);
    assert.is(textReader(bytes)(start, end), expected);
  }
});

test('deflate output inflates back; inflating past the limit is refused, not allocated', () => {
  const text = new TextEncoder().encode('Islamic State Khorasan Province '.repeat(5000));
  const packed = deflate(text);
  assert.ok(packed.length < text.length / 50);
  assert.equal(inflate(packed, text.length), text);
  // Node's zlib reads the same format.
  assert.equal(new Uint8Array(inflateSync(packed)), text);
  assert.throws(() => inflate(packed, text.length - 1), /inflates past/);
  const bomb = deflateSync(new Uint8Array(64 << 20));
  assert.throws(() => inflate(bomb, 1 << 20), /inflates past 1048576 bytes/);
  assert.throws(() => inflate(Uint8Array.of(1, 2, 3), 100));
});

test('letter and repeat signatures never turn away a word within the distance', async () => {
  const { boundedEditDistance, letterSignature, repeatSignatures } =
    await import('../src/util/edit-distance.js');
  const { popcount } = await import('../src/util/bits.js');
  const next = random(11);
  const letters = 'aaeeiosstrnlmx-1é';
  const word = (): string =>
    Array.from(
      { length: 3 + Math.floor(next() * 9) },
      () => letters[Math.floor(next() * letters.length)],
    ).join('');
  // Words and their neighbours by random edits, including transpositions and repeated letters.
  const edited = (w: string, edits: number): string => {
    let out = w;
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(next() * (out.length + 1));
      const c = letters[Math.floor(next() * letters.length)]!;
      const kind = Math.floor(next() * 4);
      if (kind === 0) out = out.slice(0, at) + c + out.slice(at);
      else if (kind === 1) out = out.slice(0, at) + out.slice(at + 1);
      else if (kind === 2) out = out.slice(0, at) + c + out.slice(at + 1);
      else if (at + 1 < out.length)
        out = out.slice(0, at) + out[at + 1] + out[at] + out.slice(at + 2);
    }
    return out;
  };
  let near = 0;
  for (let n = 0; n < 20_000; n++) {
    const a = word();
    const b = next() < 0.5 ? edited(a, 1 + Math.floor(next() * 2)) : word();
    const distance = boundedEditDistance(a, b, 2);
    if (distance > 2) continue;
    near++;
    const [a2, a3] = repeatSignatures(a);
    const [b2, b3] = repeatSignatures(b);
    const bits =
      popcount(letterSignature(a) ^ letterSignature(b)) + popcount(a2 ^ b2) + popcount(a3 ^ b3);
    assert.ok(bits <= 2 * distance, `${a} / ${b}: ${bits} bits apart at distance ${distance}`);
  }
  assert.ok(near > 5000);
  assert.equal(repeatSignatures('sees'), [(1 << 4) | (1 << 18), 0]);
});

test.run();
