import type { MetadataValue } from '../corpus/document.js';
import { CorruptIndexError, SteppeError } from '../errors.js';
import type { ByteRanges } from '../util/byte-ranges.js';
import { ByteReader } from '../util/bytes.js';
import { decodeColumns, type StoredDocument, type StoredDocuments } from './doc-store.js';
import { StoreLookups } from './store-lookups.js';

/**
 * Stored documents read from a file as they are asked for: a document costs the read of its
 * own entry, an id lookup a bisection, and the metadata columns are read on first use.
 * Read-only.
 */
export class LazyDocStore implements StoredDocuments {
  readonly size: number;
  private readonly lookups: StoreLookups;
  private columnData:
    | { columns: Map<string, (MetadataValue | undefined)[]>; docKeys: (string[] | undefined)[] }
    | undefined;

  constructor(
    private readonly entries: ByteRanges,
    offsets: ByteRanges,
    byId: ByteRanges,
    private readonly fieldCount: number,
  ) {
    const head = new ByteReader(entries.read(0, Math.min(10, entries.length)));
    this.size = head.varint();
    this.lookups = new StoreLookups(offsets, byId, this.size);
    if (this.lookups.entryStart(0) !== head.offset)
      throw new RangeError('DOFF misplaces the first document');
  }

  docId(id: string): number {
    return this.parsed(() => this.lookups.find(id, (doc) => this.externalId(doc)));
  }

  externalId(docId: number): string {
    return this.entry(docId, false).id;
  }

  get(docId: number): StoredDocument {
    const { id, texts } = this.entry(docId, true);
    const { columns, docKeys } = this.columns();
    const metadata: Record<string, MetadataValue> = {};
    for (const key of docKeys[docId] ?? []) metadata[key] = columns.get(key)![docId]!;
    return { id, texts, metadata };
  }

  metadata(docId: number, key: string): MetadataValue | undefined {
    return this.columns().columns.get(key)?.[docId];
  }

  metadataColumn(key: string): readonly (MetadataValue | undefined)[] {
    return this.columns().columns.get(key) ?? [];
  }

  metadataKeys(): string[] {
    return [...this.columns().columns.keys()];
  }

  // One document's entry: its id, then (when asked for) its texts.
  private entry(docId: number, withTexts: boolean): { id: string; texts: string[] } {
    if (!(Number.isInteger(docId) && docId >= 0 && docId < this.size))
      throw new RangeError(`no document ${docId}`);
    return this.parsed(() => {
      const start = this.lookups.entryStart(docId);
      const end = this.lookups.entryStart(docId + 1);
      const reader = new ByteReader(this.entries.read(start, end));
      const id = reader.text(reader.varint());
      const texts: string[] = [];
      if (!withTexts) return { id, texts };
      const recordEnd = reader.varint() + reader.offset;
      for (let field = 0; field < this.fieldCount; field++)
        texts.push(reader.text(reader.varint()));
      if (reader.offset !== recordEnd || !reader.done)
        throw new RangeError(`document ${docId}'s entry has the wrong length`);
      return { id, texts };
    });
  }

  private columns(): NonNullable<LazyDocStore['columnData']> {
    this.columnData ??= this.parsed(() => {
      const reader = new ByteReader(
        this.entries.read(this.lookups.entryStart(this.size), this.entries.length),
      );
      const json = reader.text(reader.varint());
      if (!reader.done) throw new RangeError('trailing bytes after the document store');
      return decodeColumns(json, this.size);
    });
    return this.columnData;
  }

  // Damage found while searching is the file's, and says so.
  private parsed<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof SteppeError) throw error;
      throw new CorruptIndexError(`corrupt index: section STOR: ${(error as Error).message}`);
    }
  }
}
