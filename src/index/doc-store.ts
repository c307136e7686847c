import type { MetadataValue } from '../corpus/document.js';
import { ByteReader, ByteWriter } from './bytes.js';

/** What the store keeps of a document. */
export interface StoredDocument {
  id: string;
  title: string;
  body: string;
  metadata: Record<string, MetadataValue>;
}

/**
 * Each document's external id, title and body (UTF-8 in one byte arena, decoded on demand,
 * so the text costs its byte size and no string objects), and its metadata as columns, which
 * filters and sorts read without decoding anything.
 */
export class DocStore {
  private readonly externalIds: string[] = [];
  private readonly byExternalId = new Map<string, number>();
  private arena = new ByteWriter(1024);
  private starts: number[] = [];
  private readonly columns = new Map<string, (MetadataValue | undefined)[]>();
  private arenaText: Buffer | undefined;

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
    this.starts.push(this.arena.length);
    this.arena.string(doc.title);
    this.arena.string(doc.body);
    for (const [key, value] of Object.entries(doc.metadata)) {
      let column = this.columns.get(key);
      if (column === undefined) this.columns.set(key, (column = []));
      column[docId] = value;
    }
    return docId;
  }

  /** Forgets the external id; the stored bytes go at the next {@link compact}. */
  remove(docId: number): void {
    this.byExternalId.delete(this.externalIds[docId]!);
  }

  get(docId: number): StoredDocument {
    const bytes = this.arena.bytes;
    // One Buffer view of the arena serves every read until the arena grows.
    if (this.arenaText?.buffer !== bytes.buffer) this.arenaText = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const reader = new ByteReader(bytes, this.starts[docId]!, this.arena.length, this.arenaText);
    const title = reader.text(reader.varint());
    const body = reader.text(reader.varint());
    const metadata: Record<string, MetadataValue> = {};
    for (const [key, column] of this.columns) {
      const value = column[docId];
      if (value !== undefined) metadata[key] = value;
    }
    return { id: this.externalIds[docId]!, title, body, metadata };
  }

  // A document's stored record: its title and body, each a length and UTF-8 bytes.
  private record(docId: number): Uint8Array {
    const reader = new ByteReader(this.arena.bytes, this.starts[docId]!, this.arena.length);
    reader.skip(reader.varint());
    reader.skip(reader.varint());
    return this.arena.bytes.subarray(this.starts[docId]!, reader.offset);
  }

  /** One metadata field of one document. */
  metadata(docId: number, key: string): MetadataValue | undefined {
    return this.columns.get(key)?.[docId];
  }

  /** Whether any document carries this metadata field. */
  hasMetadata(key: string): boolean {
    return this.columns.has(key);
  }

  /** Names of the metadata fields any document carries. */
  metadataKeys(): string[] {
    return [...this.columns.keys()];
  }

  /** Keeps only documents whose `newId` is not -1, renumbered as given. */
  compact(newId: Int32Array): void {
    const kept: StoredDocument[] = [];
    for (let doc = 0; doc < newId.length; doc++) if (newId[doc]! >= 0) kept[newId[doc]!] = this.get(doc);
    this.externalIds.length = 0;
    this.byExternalId.clear();
    this.arena = new ByteWriter(Math.max(this.arena.length, 1024));
    this.starts = [];
    this.columns.clear();
    for (const doc of kept) this.add(doc);
  }

  /** The store as bytes: ids, texts and metadata columns. */
  encode(): Uint8Array {
    const out = new ByteWriter(this.arena.length + this.size * 16 + 64);
    out.varint(this.size);
    for (let doc = 0; doc < this.size; doc++) {
      out.string(this.externalIds[doc]!);
      const record = this.record(doc);
      out.varint(record.length);
      out.write(record);
    }
    out.string(JSON.stringify(Object.fromEntries([...this.columns].map(([key, column]) => [key, Array.from(column, (v) => v ?? null)]))));
    return out.view();
  }

  /** Reads what {@link encode} wrote; throws RangeError or SyntaxError on damaged input. */
  static decode(bytes: Uint8Array): DocStore {
    const store = new DocStore();
    const reader = new ByteReader(bytes);
    const count = reader.varint();
    // Records are read where they lie in one copy of the section, not copied one by one.
    store.arena = new ByteWriter(bytes.length + 16);
    store.arena.write(bytes);
    for (let doc = 0; doc < count; doc++) {
      const id = reader.text(reader.varint());
      if (store.byExternalId.has(id)) throw new RangeError(`duplicate document id "${id}"`);
      store.externalIds.push(id);
      store.byExternalId.set(id, doc);
      const length = reader.varint();
      store.starts.push(reader.offset);
      reader.skip(length);
    }
    const columns: unknown = JSON.parse(reader.text(reader.varint()));
    if (typeof columns !== 'object' || columns === null) throw new RangeError('metadata columns are not an object');
    for (const [key, values] of Object.entries(columns)) {
      if (!Array.isArray(values) || values.length > count) throw new RangeError(`metadata column "${key}" is malformed`);
      store.columns.set(key, values.map((v: unknown) => (v === null ? undefined : (v as MetadataValue))));
    }
    if (!reader.done) throw new RangeError('trailing bytes after the document store');
    return store;
  }
}
