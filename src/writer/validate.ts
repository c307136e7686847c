import type { Document, MetadataValue } from '../corpus/document.js';
import { DocumentError } from '../errors.js';

const RESERVED_METADATA = new Set(['id', 'title', 'body', '__proto__', 'constructor', 'prototype']);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A document as given, checked: a non-empty id, string texts, well-formed Unicode, plain metadata values. */
export function validDocument(document: unknown): Document {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new DocumentError('a document must be an object with id, title and body');
  }
  const doc = document as Record<string, unknown>;
  if (typeof doc.id !== 'string' || doc.id.length === 0)
    throw new DocumentError('a document needs a non-empty string id');
  // A lone surrogate becomes U+FFFD in the index file: two ids could then be one, and text
  // would come back changed.
  const broken = (text: string): number => text.search(LONE_SURROGATE);
  if (broken(doc.id) >= 0)
    throw new DocumentError(
      `document id ${JSON.stringify(doc.id)} is not well-formed Unicode (a lone surrogate at character ${broken(doc.id) + 1})`,
    );
  for (const [key, value] of Object.entries(doc)) {
    if (broken(key) >= 0)
      throw new DocumentError(
        `document "${doc.id}": metadata key ${JSON.stringify(key)} is not well-formed Unicode`,
      );
    if (typeof value === 'string' && broken(value) >= 0)
      throw new DocumentError(
        `document "${doc.id}": ${key} is not well-formed Unicode (a lone surrogate at character ${broken(value) + 1})`,
      );
  }
  for (const field of ['title', 'body'] as const) {
    if (doc[field] !== undefined && typeof doc[field] !== 'string') {
      throw new DocumentError(
        `document "${doc.id}": ${field} must be a string, got ${typeof doc[field]}`,
      );
    }
  }
  for (const [key, value] of Object.entries(doc)) {
    if (RESERVED_METADATA.has(key)) continue;
    if (!(
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    )) {
      throw new DocumentError(
        `document "${doc.id}": metadata field "${key}" must be a string, number or boolean`,
      );
    }
  }
  return {
    ...(doc as Document),
    title: (doc.title as string | undefined) ?? '',
    body: (doc.body as string | undefined) ?? '',
  };
}

/** A document's fields other than id, title and body. */
export function metadataOf(doc: Document): Record<string, MetadataValue> {
  const metadata: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(doc))
    if (!RESERVED_METADATA.has(key)) metadata[key] = value;
  return metadata;
}

/** The texts a batch will have analyzed, in order (a document that fails validation stops the batch anyway). */
export function textsOf(documents: readonly Document[]): string[] {
  const texts: string[] = [];
  for (const document of documents) {
    const doc = (typeof document === 'object' && document !== null ? document : {}) as Partial<
      Record<'title' | 'body', unknown>
    >;
    texts.push(
      typeof doc.title === 'string' ? doc.title : '',
      typeof doc.body === 'string' ? doc.body : '',
    );
  }
  return texts;
}
