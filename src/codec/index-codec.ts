import { Analyzer, type AnalyzerOptions } from '../analysis/index.js';
import { EntityRegistry, type LegacyRegistryData, type WordReader } from '../entities/index.js';
import { CorruptIndexError, OptionsError, SteppeError } from '../errors.js';
import {
  DocStore,
  type InvertedIndex,
  LazyDocStore,
  type StoredDocuments,
} from '../index/index.js';
import { rankingFrom } from '../options.js';
import type { RankingParams } from '../ranking/params.js';
import { deflate, inflate } from '../util/deflate.js';
import { IndexWriter } from '../writer/index-writer.js';
import { ReadOnlyContents } from '../writer/read-only-contents.js';
import { type ByteRanges, inMemory } from '../util/byte-ranges.js';
import type { LazyContainer, SectionReader } from './lazy-container.js';
import { Schema } from '../schema.js';
import type { FieldParams } from '../ranking/params.js';
import { containerParts, readContainer, requireSection } from './container.js';
import { decodeInverted, encodeInverted } from './inverted-codec.js';

/** Options for reading an index: a custom stemmer must be given again. */
export interface DecodeOptions {
  analyzer?: AnalyzerOptions;
}

/**
 * The index as bytes (the format in docs/FORMAT.md), in pieces to be written one after another;
 * the postings are not copied. Removed documents must be compacted first.
 */
export function encodeIndexParts(contents: IndexWriter): Iterable<Uint8Array> {
  const { analyzer, ranking, schema, inverted, store, registry } = contents;
  const meta = {
    analyzer: analyzer.config,
    ranking,
    schema: schema.toJSON(),
    entityParents: registry?.hierarchy() ?? [],
  };
  return containerParts([
    ['META', new TextEncoder().encode(JSON.stringify(meta))],
    ...encodeInverted(inverted),
    ...Object.entries(store.encode()),
    // Entity keys and names are repetitive text: deflated, the section is a third of its size.
    ['ENTS', registry === undefined ? new Uint8Array(0) : deflate(registry.encode())],
  ]);
}

/** Reads an index from bytes of any format version; bad bytes are a typed error, never a half-read index. */
export function decodeIndex(bytes: Uint8Array, options: DecodeOptions): IndexWriter {
  return decoding(() => {
    const { version, sections } = readContainer(bytes);
    const parts = decodeParts(
      version,
      (tag) => requireSection(sections, tag),
      (tag) => inMemory(requireSection(sections, tag)),
      options,
    );
    const lookups =
      version >= 6
        ? { DOFF: requireSection(sections, 'DOFF'), DIDS: requireSection(sections, 'DIDS') }
        : undefined;
    const store = DocStore.decode(
      requireSection(sections, 'STOR'),
      parts.schema.names.length,
      lookups,
    );
    return new IndexWriter(...withStore(parts, store));
  });
}

/**
 * Opens an index of format version 6 or later without reading its postings or documents:
 * the term dictionary, field lengths and entities are read now, each term's postings when a
 * search first needs them (the last used kept up to `cacheBytes`), each document when it is
 * shown. Damage is found as the parts are read, and is then a typed error.
 */
export function openIndexContents(
  container: LazyContainer,
  options: DecodeOptions & { cacheBytes: number },
): ReadOnlyContents {
  return decoding(() => {
    const { version, sections } = container;
    const section = (tag: string): SectionReader => requireSection(sections, tag);
    const parts = decodeParts(
      version,
      (tag) => {
        const reader = section(tag);
        return reader.read(0, reader.length);
      },
      section,
      options,
      { cacheBytes: options.cacheBytes },
    );
    const store = new LazyDocStore(
      section('STOR'),
      section('DOFF'),
      section('DIDS'),
      parts.schema.names.length,
    );
    return new ReadOnlyContents(...withStore(parts, store));
  });
}

interface DecodedParts {
  analyzer: Analyzer;
  ranking: RankingParams;
  schema: Schema;
  registry: EntityRegistry | undefined;
  inverted: InvertedIndex;
  /** Files before schemas kept no metadata types: they come from the stored values. */
  typesFromValues: boolean;
}

function withStore<S extends StoredDocuments>(
  { analyzer, ranking, schema, registry, inverted, typesFromValues }: DecodedParts,
  store: S,
): [Analyzer, RankingParams, Schema, EntityRegistry | undefined, InvertedIndex, S] {
  if (store.size !== inverted.docIdLimit)
    throw new RangeError('document store and postings disagree on the document count');
  if (typesFromValues) {
    for (const key of store.metadataKeys()) {
      const values = store.metadataColumn(key).filter((v) => v !== undefined);
      schema.learn(key, values[0]);
      if (values.some((v) => schema.problem(key, v) !== undefined)) schema.retype(key, 'keyword');
    }
  }
  return [analyzer, ranking, schema, registry, inverted, store];
}

// Everything but the document store, from sections read whole (`bytes`) or in ranges.
function decodeParts(
  version: number,
  bytes: (tag: string) => Uint8Array,
  ranges: (tag: string) => ByteRanges,
  options: DecodeOptions,
  lazy?: { cacheBytes: number },
): DecodedParts {
  const meta = JSON.parse(new TextDecoder().decode(bytes('META'))) as {
    analyzer: { stopWords: AnalyzerOptions['stopWords']; stemmer: 'porter' | 'none' | 'custom' };
    // Files before version 5 keep the title's and body's parameters here.
    ranking: RankingParams & { title?: FieldParams; body?: FieldParams };
    schema?: unknown;
    entityParents?: [string, string][];
  };
  if (
    typeof meta !== 'object' ||
    meta === null ||
    typeof meta.analyzer !== 'object' ||
    meta.analyzer === null ||
    typeof meta.ranking !== 'object' ||
    meta.ranking === null
  )
    throw new RangeError('META lacks the analyzer or ranking settings');
  if (!['porter', 'none', 'custom'].includes(meta.analyzer.stemmer))
    throw new RangeError('META names no known stemmer');
  const entitiesPayload = bytes('ENTS');
  const stemmer =
    meta.analyzer.stemmer === 'custom' ? options.analyzer?.stemmer : meta.analyzer.stemmer;
  if (stemmer === undefined)
    throw new OptionsError(
      'this index was built with a custom stemmer: pass it as options.analyzer.stemmer',
    );
  const analyzer = new Analyzer({ stopWords: meta.analyzer.stopWords, stemmer });
  const ranking = rankingFrom({
    k1: meta.ranking.k1,
    entityBoost: meta.ranking.entityBoost,
    // Files written before feedback existed get its defaults.
    ...(meta.ranking.feedback !== undefined && { feedback: meta.ranking.feedback }),
  });
  const registry = readRegistry(entitiesPayload, version, analyzer);
  const parents = meta.entityParents;
  if (
    parents !== undefined &&
    !(
      Array.isArray(parents) &&
      parents.every(
        (p) => Array.isArray(p) && p.length === 2 && p.every((k) => typeof k === 'string'),
      )
    )
  )
    throw new RangeError('bad entity hierarchy');
  if (parents !== undefined && parents.length > 0) {
    if (registry === undefined) throw new RangeError('an entity hierarchy without entities');
    try {
      registry.setHierarchy(parents);
    } catch (error) {
      throw new RangeError((error as Error).message);
    }
  }
  const schema =
    meta.schema !== undefined
      ? Schema.fromJSON(meta.schema)
      : Schema.legacy(
          { weight: 3, b: 0.75, ...meta.ranking.title },
          { weight: 1, b: 0.75, ...meta.ranking.body },
        );
  const inverted = decodeInverted(
    schema.names,
    {
      TERM: bytes('TERM'),
      PDOC: ranges('PDOC'),
      PPOS: ranges('PPOS'),
      NORM: bytes('NORM'),
    },
    version,
    lazy,
  );
  return {
    analyzer,
    ranking,
    schema,
    registry,
    inverted,
    typesFromValues: meta.schema === undefined,
  };
}

// Runs a decoder: bad bytes become a typed error, never a half-read index.
function decoding<T>(decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    // File bytes may reach a message (a term, a tag): never print them raw.
    if (error instanceof SteppeError)
      throw Object.assign(error, { message: printable(error.message) });
    throw new CorruptIndexError(printable(`corrupt index: ${(error as Error).message}`));
  }
}

// The ENTS section: empty when recognition is off; the registry's bytes, deflated; JSON
// (deflated since version 2) in older files.
function readRegistry(
  payload: Uint8Array,
  version: number,
  reader: WordReader,
): EntityRegistry | undefined {
  // A deflate bomb stops at a size no real registry reaches from this many compressed bytes.
  const inflated = (bytes: Uint8Array): Uint8Array =>
    inflate(bytes, Math.max(64 << 20, 50 * bytes.length));
  if (version >= 3)
    return payload.length === 0 ? undefined : EntityRegistry.decode(inflated(payload), reader);
  const data = JSON.parse(
    new TextDecoder().decode(version === 1 ? payload : inflated(payload)),
  ) as LegacyRegistryData | null;
  return data === null ? undefined : EntityRegistry.fromLegacyJSON(data, reader);
}

// Control characters escaped, so a message read from a file prints on one clean line.
function printable(message: string): string {
  return message.replace(
    /[\u0000-\u001f\u007f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
