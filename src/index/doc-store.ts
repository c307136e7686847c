import type { MetadataValue } from '../corpus/document.js';
import { inMemory } from '../util/byte-ranges.js';
import { ByteReader, ByteWriter, type PayloadPieces } from '../util/bytes.js';
import { StoreLookups } from './store-lookups.js';
import { textReader } from '../util/utf8.js';

/** What the store keeps of a document. */
export interface StoredDocument {
  id: string;
  /** One text per text field of the schema, in its order ('' for a field not stored). */
  texts: string[];
  metadata: Record<string, MetadataValue>;
}

/** Stored documents as searching reads them: the store being built, or one read from a file on demand. */
export interface StoredDocuments {
  readonly size: number;
  /** The dense doc id of an external id, or -1 when it is not stored (or removed). */
  docId(id: string): number;
  externalId(docId: number): string;
  get(docId: number): StoredDocument;
  /** One metadata field of one document. */
  metadata(docId: number, key: string): MetadataValue | undefined;
  /** Every document's value of one metadata field, by doc id. */
  metadataColumn(key: string): readonly (MetadataValue | undefined)[];
  /** Names of the metadata fields any document carries. */
  metadataKeys(): string[];
}

/**
 * Each document's external id and texts (UTF-8 in byte chunks, decoded on demand, so the
 * text costs its byte size and no string objects), and its metadata as columns, which filters
 * and sorts read without decoding anything.
 */
// Entries are kept in chunks of this size (larger for an entry larger than one).
const CHUNK_BYTES = 8 << 20;
/** Chunks a store keeps in memory before it sets full ones aside in its spill (64 MiB). */
export const KEPT_CHUNKS = 8;

/** Where a store sets full chunks aside (a temporary file), to read parts back when asked. */
export interface ChunkSpill {
  /** Keeps a copy of `bytes`; returns where, for {@link read}. */
  put(bytes: Uint8Array): number;
  /** Bytes `start` to `end` of what was put at `at`. */
  read(at: number, start: number, end: number): Uint8Array;
}

export class DocStore implements StoredDocuments {
  private readonly externalIds: string[] = [];
  private readonly byExternalId = new Map<string, number>();
  // Each document's `StoredDoc` entry (docs/FORMAT.md) whole in one chunk: the store grows
  // a chunk at a time, never copying what it holds, and saves the chunks as they are.
  // A chunk set aside in the spill is undefined here, and found by its place there.
  private chunks: (Uint8Array | undefined)[] = [];
  private used: number[] = [];
  private spilledAt: number[] = [];
  private entryChunk: number[] = [];
  private entryStart: number[] = [];
  private scratch = new ByteWriter(1024);
  private readers: (((start: number, end: number) => string) | undefined)[] = [];
  private readonly columns = new Map<string, (MetadataValue | undefined)[]>();
  // Each document's metadata keys, so reading one costs its own fields, not every column's.
  private docKeys: (string[] | undefined)[] = [];

  /** `fieldCount` texts a document. */
  /**
   * `fieldCount` texts a document. With a `spill`, full chunks past the first
   * {@link KEPT_CHUNKS} are set aside in it, so a large store holds little in memory.
   */
  constructor(
    readonly fieldCount = 2,
    private readonly spill?: ChunkSpill,
  ) {}

  get size(): number {
    return this.externalIds.length;
  }

  /** The dense doc id of an external id, or -1 when it is not stored (or removed). */
  docId(id: string): number {
    return this.byExternalId.get(id) ?? -1;
  }

  externalId(docId: number): string {
    return this.externalIds[docId]!;
  }

  add(doc: StoredDocument): number {
    const docId = this.externalIds.length;
    this.externalIds.push(doc.id);
    this.byExternalId.set(doc.id, docId);
    this.writeEntry(doc);
    const keys = Object.keys(doc.metadata);
    for (const key of keys) this.setMetadata(docId, key, doc.metadata[key]!);
    this.docKeys[docId] = keys.length > 0 ? keys : undefined;
    return docId;
  }

  // The entry: id, the texts' byte count, the texts.
  private writeEntry(doc: StoredDocument): void {
    const entry = this.scratch;
    entry.reset();
    for (let field = 0; field < this.fieldCount; field++) entry.string(doc.texts[field] ?? '');
    const textBytes = entry.length;
    entry.string(doc.id);
    entry.varint(textBytes);
    // The id and count were written after the texts; they go first in the chunk.
    const bytes = entry.view();
    const head = bytes.subarray(textBytes);
    const size = bytes.length;
    let last = this.chunks.length - 1;
    if (last < 0 || this.used[last]! + size > this.chunks[last]!.length) {
      if (this.spill !== undefined && last >= KEPT_CHUNKS) {
        this.spilledAt[last] = this.spill.put(this.chunks[last]!.subarray(0, this.used[last]));
        this.chunks[last] = undefined;
        this.readers[last] = undefined;
      }
      this.chunks.push(new Uint8Array(Math.max(CHUNK_BYTES, size)));
      this.used.push(0);
      last++;
    }
    const at = this.used[last]!;
    this.entryChunk.push(last);
    this.entryStart.push(at);
    this.chunks[last]!.set(head, at);
    this.chunks[last]!.set(bytes.subarray(0, textBytes), at + head.length);
    this.used[last] = at + size;
    // A very long document's buffer is not kept for the short ones after it.
    if (entry.bytes.length > CHUNK_BYTES) this.scratch = new ByteWriter(1024);
  }

  private setMetadata(docId: number, key: string, value: MetadataValue): void {
    let column = this.columns.get(key);
    if (column === undefined) this.columns.set(key, (column = []));
    column[docId] = value;
  }

  /** Forgets the external id; the stored bytes go at the next {@link compact}. */
  remove(docId: number): void {
    this.byExternalId.delete(this.externalIds[docId]!);
  }

  get(docId: number): StoredDocument {
    const reader = this.entryReader(docId);
    reader.skip(reader.varint());
    reader.varint();
    const texts: string[] = [];
    for (let field = 0; field < this.fieldCount; field++) texts.push(reader.text(reader.varint()));
    const metadata: Record<string, MetadataValue> = {};
    for (const key of this.docKeys[docId] ?? []) metadata[key] = this.columns.get(key)![docId]!;
    return { id: this.externalIds[docId]!, texts, metadata };
  }

  // A reader at the document's entry, in its chunk or read back from the spill.
  private entryReader(docId: number): ByteReader {
    const index = this.entryChunk[docId]!;
    const chunk = this.chunks[index];
    if (chunk === undefined) {
      const end =
        this.entryChunk[docId + 1] === index ? this.entryStart[docId + 1]! : this.used[index]!;
      return new ByteReader(this.spill!.read(this.spilledAt[index]!, this.entryStart[docId]!, end));
    }
    // One text reader a chunk serves every read of it.
    const read = (this.readers[index] ??= textReader(chunk));
    return new ByteReader(chunk, this.entryStart[docId]!, chunk.length, read);
  }

  /** One metadata field of one document. */
  metadata(docId: number, key: string): MetadataValue | undefined {
    return this.columns.get(key)?.[docId];
  }

  /** Every document's value of one metadata field, by doc id. */
  metadataColumn(key: string): readonly (MetadataValue | undefined)[] {
    return this.columns.get(key) ?? [];
  }

  /** Names of the metadata fields any document carries. */
  metadataKeys(): string[] {
    return [...this.columns.keys()];
  }

  /** Keeps only documents whose `newId` is not -1, renumbered as given. */
  compact(newId: Int32Array): void {
    const kept: StoredDocument[] = [];
    for (let doc = 0; doc < newId.length; doc++)
      if (newId[doc]! >= 0) kept[newId[doc]!] = this.get(doc);
    this.externalIds.length = 0;
    this.byExternalId.clear();
    this.chunks = [];
    this.used = [];
    this.spilledAt = [];
    this.entryChunk = [];
    this.entryStart = [];
    this.readers = [];
    this.columns.clear();
    this.docKeys = [];
    for (const doc of kept) this.add(doc);
  }

  /**
   * The store as bytes (docs/FORMAT.md): `STOR` (ids, texts and metadata columns), and for
   * reading one document without the rest, `DOFF` (where each document's entry starts) and
   * `DIDS` (doc numbers in the order of their ids).
   */
  encode(): { STOR: PayloadPieces; DOFF: Uint8Array; DIDS: Uint8Array } {
    const head = new ByteWriter(16);
    head.varint(this.size);
    // Where each chunk's bytes start in the section.
    const chunkAt: number[] = [];
    let length = head.length;
    for (const used of this.used) {
      chunkAt.push(length);
      length += used;
    }
    const offsets = new DataView(new ArrayBuffer(8 * (this.size + 1)));
    const putOffset = (doc: number, at: number): void => {
      offsets.setUint32(8 * doc, at % 2 ** 32, true);
      offsets.setUint32(8 * doc + 4, Math.floor(at / 2 ** 32), true);
    };
    for (let doc = 0; doc < this.size; doc++)
      putOffset(doc, chunkAt[this.entryChunk[doc]!]! + this.entryStart[doc]!);
    putOffset(this.size, length);
    const columns = new ByteWriter(64);
    columns.string(
      JSON.stringify(
        Object.fromEntries(
          [...this.columns].map(([key, column]) => [key, encodeColumn(column, this.size)]),
        ),
      ),
    );
    const ids = this.externalIds;
    const byId = Uint32Array.from(ids.keys()).sort((a, b) =>
      ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0,
    );
    // The chunks as they are now: documents added later are not this encoding's.
    const chunks = this.chunks.map((chunk, i) => chunk?.subarray(0, this.used[i]));
    const used = [...this.used];
    const spilledAt = [...this.spilledAt];
    const spill = this.spill;
    return {
      STOR: {
        *pieces() {
          yield head.view();
          for (const [i, chunk] of chunks.entries())
            yield chunk ?? spill!.read(spilledAt[i]!, 0, used[i]!);
          yield columns.view();
        },
      },
      DOFF: new Uint8Array(offsets.buffer),
      DIDS: littleEndian(byId),
    };
  }

  /**
   * Reads what {@link encode} wrote (`lookups` since format version 6, checked against the
   * store); throws RangeError or SyntaxError on damaged input.
   */
  static decode(
    bytes: Uint8Array,
    fieldCount: number,
    lookups?: { DOFF: Uint8Array; DIDS: Uint8Array },
  ): DocStore {
    const store = new DocStore(fieldCount);
    const reader = new ByteReader(bytes);
    const count = reader.varint();
    // Every record takes a byte a text: a larger count is no store, and must not allocate.
    if (count > bytes.length / Math.max(1, fieldCount))
      throw new RangeError(`impossible document count ${count}`);
    const first = reader.offset;
    const offsets =
      lookups && new StoreLookups(inMemory(lookups.DOFF), inMemory(lookups.DIDS), count);
    for (let doc = 0; doc < count; doc++) {
      if (offsets !== undefined && offsets.entryStart(doc) !== reader.offset)
        throw new RangeError(`DOFF misplaces document ${doc}`);
      store.entryChunk.push(0);
      store.entryStart.push(reader.offset - first);
      const id = reader.text(reader.varint());
      if (store.byExternalId.has(id)) throw new RangeError(`duplicate document id "${id}"`);
      store.externalIds.push(id);
      store.byExternalId.set(id, doc);
      reader.skip(reader.varint());
    }
    // The entries are read where they lie in one copy of them, not copied one by one.
    store.chunks = [bytes.slice(first, reader.offset)];
    store.used = [reader.offset - first];
    if (offsets !== undefined) {
      if (offsets.entryStart(count) !== reader.offset)
        throw new RangeError('DOFF misplaces the columns');
      offsets.checkOrder((doc) => store.externalIds[doc]!);
    }
    const { columns, docKeys } = decodeColumns(reader.text(reader.varint()), count);
    for (const [key, column] of columns) store.columns.set(key, column);
    store.docKeys = docKeys;
    if (!reader.done) throw new RangeError('trailing bytes after the document store');
    return store;
  }
}

/** Metadata by field and each document's fields, from the `Columns` JSON of the store. */
export function decodeColumns(
  json: string,
  count: number,
): { columns: Map<string, (MetadataValue | undefined)[]>; docKeys: (string[] | undefined)[] } {
  const encoded: unknown = JSON.parse(json);
  if (typeof encoded !== 'object' || encoded === null)
    throw new RangeError('metadata columns are not an object');
  const columns = new Map<string, (MetadataValue | undefined)[]>();
  const docKeys: string[][] = [];
  for (const [key, column] of Object.entries(encoded)) {
    const values: (MetadataValue | undefined)[] = [];
    for (const [doc, value] of decodeColumn(column, count, key)) {
      values[doc] = value;
      (docKeys[doc] ??= []).push(key);
    }
    columns.set(key, values);
  }
  return { columns, docKeys };
}

// A u32 array's bytes, little-endian whatever the platform's order.
function littleEndian(values: Uint32Array): Uint8Array {
  const view = new DataView(new ArrayBuffer(4 * values.length));
  values.forEach((value, i) => view.setUint32(4 * i, value, true));
  return new Uint8Array(view.buffer);
}

// A column as JSON: dense (one value or null per document) where most documents have the
// field, else sparse, `{"docs": [...], "values": [...]}`, so a field that one document in
// thousands carries costs that document's share, not a null for every other one.
function encodeColumn(
  column: readonly (MetadataValue | undefined)[],
  size: number,
): (MetadataValue | null)[] | { docs: number[]; values: MetadataValue[] } {
  const docs: number[] = [];
  const values: MetadataValue[] = [];
  column.forEach((value, doc) => {
    if (value === undefined) return;
    docs.push(doc);
    values.push(value);
  });
  if (2 * docs.length < size) return { docs, values };
  return Array.from({ length: column.length }, (_, doc) => column[doc] ?? null);
}

function decodeColumn(encoded: unknown, count: number, key: string): [number, MetadataValue][] {
  const malformed = (): RangeError => new RangeError(`metadata column "${key}" is malformed`);
  const isValue = (v: unknown): v is MetadataValue =>
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && Number.isFinite(v)) ||
    (Array.isArray(v) && v.every((x) => typeof x === 'string'));
  const out: [number, MetadataValue][] = [];
  if (Array.isArray(encoded)) {
    if (encoded.length > count) throw malformed();
    encoded.forEach((value: unknown, doc) => {
      if (value === null) return;
      if (!isValue(value)) throw malformed();
      out.push([doc, value]);
    });
    return out;
  }
  const { docs, values } = (encoded ?? {}) as { docs?: unknown; values?: unknown };
  if (
    !Array.isArray(docs) ||
    !Array.isArray(values) ||
    docs.length !== values.length ||
    docs.length > count
  )
    throw malformed();
  let last = -1;
  docs.forEach((doc: unknown, i) => {
    if (
      !Number.isInteger(doc) ||
      (doc as number) <= last ||
      (doc as number) >= count ||
      !isValue(values[i])
    )
      throw malformed();
    last = doc as number;
    out.push([last, values[i] as MetadataValue]);
  });
  return out;
}
