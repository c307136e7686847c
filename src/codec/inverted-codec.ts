import type { ByteRanges } from '../util/byte-ranges.js';
import { ByteReader, ByteWriter } from '../util/bytes.js';
import { InvertedIndex } from '../index/inverted-index.js';

/**
 * The inverted index as four sections (docs/FORMAT.md): TERM (terms with their statistics and
 * region sizes), PDOC and PPOS (the postings streams), NORM (field lengths). The index must be
 * compacted: no removed documents.
 */
export function encodeInverted(index: InvertedIndex): [string, Uint8Array][] {
  const snapshot = index.snapshot();
  const { postings } = index;
  const terms = new ByteWriter(index.terms.size * 12 + 16);
  terms.varint(index.terms.size);
  for (let t = 0; t < index.terms.size; t++) {
    terms.string(index.terms.term(t));
    // A compacted index has one posting per document containing the term: the count is DocFreq.
    terms.varint(snapshot.docFreqs[t]!);
    terms.varint(postings.lastDocOf(t) + 1);
    terms.varint(postings.docStart[t + 1]! - postings.docStart[t]!);
    terms.varint(postings.posStart[t + 1]! - postings.posStart[t]!);
  }
  const norms = new ByteWriter(snapshot.docCount * index.fields.length + 16);
  norms.varint(snapshot.docCount);
  for (const lengths of snapshot.lengths) for (const length of lengths) norms.varint(length);
  return [
    ['TERM', terms.view()],
    ['PDOC', postings.docBytes],
    ['PPOS', postings.posBytes],
    ['NORM', norms.view()],
  ];
}

/**
 * Rebuilds an index from its sections; throws RangeError on inconsistent data. The postings are
 * copied in, or with `lazy`, read term by term when searches need them. Files of format
 * version 1 also stored each term's posting count (always its DocFreq).
 */
export function decodeInverted(
  fields: readonly string[],
  sections: Record<'TERM' | 'NORM', Uint8Array> & Record<'PDOC' | 'PPOS', ByteRanges>,
  version: number,
  lazy?: { cacheBytes: number },
): InvertedIndex {
  const index = new InvertedIndex(fields);
  const norms = new ByteReader(sections.NORM);
  const docCount = norms.varint();
  // Each length takes a byte at least: counts beyond the section's size must not allocate.
  if (docCount * fields.length > sections.NORM.length)
    throw new RangeError(`impossible document count ${docCount}`);
  const lengths = fields.map(() => {
    const out = new Uint32Array(docCount);
    for (let doc = 0; doc < docCount; doc++) out[doc] = norms.varint();
    return out;
  });
  if (!norms.done) throw new RangeError('trailing bytes in NORM');

  const reader = new ByteReader(sections.TERM);
  const termCount = reader.varint();
  // Each entry takes five bytes at least (a length and four numbers).
  if (termCount * 5 > sections.TERM.length)
    throw new RangeError(`impossible term count ${termCount}`);
  // A term has no more UTF-16 code units than UTF-8 bytes.
  if (termCount <= sections.TERM.length) index.terms.reserve(termCount, sections.TERM.length);
  const docFreqs = new Uint32Array(termCount);
  const postingCount = new Uint32Array(Math.max(termCount, 16));
  const lastDoc = new Int32Array(Math.max(termCount, 16)).fill(-1);
  const docStart = new Uint32Array(termCount + 1);
  const posStart = new Uint32Array(termCount + 1);
  for (let t = 0; t < termCount; t++) {
    const length = reader.varint();
    const at = reader.offset;
    reader.skip(length);
    // Interned from its bytes: a string is made only if the term is asked for.
    const id = index.terms.internUtf8(sections.TERM, at, at + length);
    if (id !== t) throw new RangeError(`duplicate term "${index.terms.term(id)}"`);
    docFreqs[t] = reader.varint();
    if (version === 1 && reader.varint() !== docFreqs[t])
      throw new RangeError(
        `term "${index.terms.term(t)}" has a posting count other than its document frequency`,
      );
    postingCount[t] = docFreqs[t]!;
    lastDoc[t] = reader.varint() - 1;
    if (docFreqs[t]! > docCount || lastDoc[t]! >= docCount)
      throw new RangeError(`term "${index.terms.term(t)}" has impossible statistics`);
    docStart[t + 1] = docStart[t]! + reader.varint();
    posStart[t + 1] = posStart[t]! + reader.varint();
  }
  if (!reader.done) throw new RangeError('trailing bytes in TERM');
  if (
    docStart[termCount] !== sections.PDOC.length ||
    posStart[termCount] !== sections.PPOS.length
  ) {
    throw new RangeError('postings sizes do not match the term table');
  }
  const { PDOC, PPOS } = sections;
  if (lazy === undefined)
    index.postings.install(
      PDOC.read(0, PDOC.length).slice(),
      PPOS.read(0, PPOS.length).slice(),
      docStart,
      posStart,
      postingCount,
      lastDoc,
    );
  else
    index.postings.installRanges(
      PDOC,
      PPOS,
      docStart,
      posStart,
      postingCount,
      lastDoc,
      lazy.cacheBytes,
    );
  index.restore({ docCount, lengths, docFreqs });
  return index;
}
