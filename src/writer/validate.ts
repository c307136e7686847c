import type { Document, MetadataValue } from '../corpus/document.js';
import { DocumentError } from '../errors.js';
import type { Schema } from '../schema.js';

/** A document as the index takes it: its id, one text per text field, and its metadata. */
export interface ReadDocument {
  id: string;
  texts: string[];
  metadata: Record<string, MetadataValue>;
}

const RESERVED_KEYS = new Set(['id', '__proto__', 'constructor', 'prototype']);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A document as given, checked against the schema: a non-empty id, texts that are strings
 * (or lists of strings, read as lines), well-formed Unicode, metadata of the fields' types.
 * Nothing of the schema changes here (see {@link learnTypes}).
 */
export function readDocument(document: unknown, schema: Schema): ReadDocument {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new DocumentError(
      `a document must be an object with an id and ${schema.names.join(', ')}`,
    );
  }
  const doc = document as Record<string, unknown>;
  if (typeof doc.id !== 'string' || doc.id.length === 0)
    throw new DocumentError('a document needs a non-empty string id');
  const id = doc.id;
  // A lone surrogate becomes U+FFFD in the index file: two ids could then be one, and text
  // would come back changed.
  const broken = (text: string): number => text.search(LONE_SURROGATE);
  if (broken(id) >= 0)
    throw new DocumentError(
      `document id ${JSON.stringify(id)} is not well-formed Unicode (a lone surrogate at character ${broken(id) + 1})`,
    );
  const where = `document "${id}"`;
  for (const [key, value] of Object.entries(doc)) {
    if (broken(key) >= 0)
      throw new DocumentError(
        `${where}: metadata key ${JSON.stringify(key)} is not well-formed Unicode`,
      );
    const strings = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    for (const text of strings) {
      if (typeof text === 'string' && broken(text) >= 0)
        throw new DocumentError(
          `${where}: ${key} is not well-formed Unicode (a lone surrogate at character ${broken(text) + 1})`,
        );
    }
  }
  const texts = schema.names.map((name) => {
    const text = textOf(doc[name]);
    if (text === undefined)
      throw new DocumentError(`${where}: ${name} must be a string, got ${describe(doc[name])}`);
    return text;
  });
  const metadata: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (RESERVED_KEYS.has(key) || value === undefined || schema.fieldIndex(key) >= 0) continue;
    const problem = schema.problem(key, value);
    if (problem !== undefined) throw new DocumentError(`${where}: ${problem}`);
    metadata[key] = Array.isArray(value) ? [...(value as string[])] : (value as MetadataValue);
  }
  return { id, texts, metadata };
}

/** Records the types of metadata fields new to the index, once their document is in. */
export function learnTypes(document: ReadDocument, schema: Schema): void {
  for (const [key, value] of Object.entries(document.metadata)) schema.learn(key, value);
}

/** A stored document as the API gives it back: metadata, id, and the stored text fields. */
export function documentOf(
  schema: Schema,
  id: string,
  texts: readonly string[],
  metadata: Record<string, MetadataValue>,
): Document {
  return { ...metadata, id, ...storedFields(schema, texts) };
}

/** The stored text fields of a document by name, from its texts in schema order. */
export function storedFields(schema: Schema, texts: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  schema.fields.forEach((field, i) => {
    if (field.stored) fields[field.name] = texts[i]!;
  });
  return fields;
}

/** The texts a batch will have analyzed, in order (a document that fails validation stops the batch anyway). */
export function textsOf(documents: readonly Document[], schema: Schema): string[] {
  const texts: string[] = [];
  for (const document of documents) {
    const doc = (typeof document === 'object' && document !== null ? document : {}) as Record<
      string,
      unknown
    >;
    for (const name of schema.names) texts.push(textOf(doc[name]) ?? '');
  }
  return texts;
}

// A text field's value as text: '' when absent, a list of strings as lines; undefined for
// anything else.
function textOf(value: unknown): string | undefined {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('\n');
  return undefined;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
}
