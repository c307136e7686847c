import { CorpusError } from '../errors.js';
import type { CorpusDocument, MetadataValue } from './document.js';
import { IdAllocator, slugify } from './slug.js';

const BODY_KEYS = ['body', 'text', 'content'] as const;
// Keys that would read as inherited members of a plain object; never kept as metadata.
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Where each explicit id was first seen, so a duplicate can name both places. */
export class IdRegistry {
  readonly derived = new IdAllocator();
  private readonly seen = new Map<string, string>();

  claim(id: string, where: string, file: string, line: number): void {
    const first = this.seen.get(id);
    if (first !== undefined)
      throw new CorpusError(file, line, `duplicate id "${id}" (first at ${first})`);
    this.seen.set(id, where);
    this.derived.take(id);
  }

  /** A free id made from `slug`, remembered so that a later explicit id cannot take it silently. */
  derive(slug: string, where: string): string {
    const id = this.derived.take(slug);
    this.seen.set(id, `${where}, derived from its title`);
    return id;
  }
}

/**
 * Turns one parsed JSON value into a document: `title`, a body from `body`, `text` or
 * `content`, an `id` (string or number; derived from the title when absent), and the other
 * scalar fields as metadata. Nested objects, arrays and nulls among the extra fields are
 * skipped; in `title`, `body` or `id` they are an error.
 */
export function recordToDocument(
  value: unknown,
  file: string,
  line: number,
  ids: IdRegistry,
): CorpusDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CorpusError(file, line, `expected a JSON object, got ${describe(value)}`);
  }
  const record = value as Record<string, unknown>;
  const title = stringField(record, 'title', file, line) ?? '';
  const bodyKey = BODY_KEYS.find((key) => Object.hasOwn(record, key));
  const body = bodyKey === undefined ? '' : (stringField(record, bodyKey, file, line) ?? '');

  let id: string;
  const rawId = Object.hasOwn(record, 'id') ? record.id : undefined;
  if (rawId === undefined || rawId === null) {
    id = ids.derive(slugify(title || body.slice(0, 80)), `${file}:${line}`);
  } else if (typeof rawId === 'string' && rawId.trim().length > 0) {
    id = rawId;
    ids.claim(id, `${file}:${line}`, file, line);
  } else if (typeof rawId === 'number' && Number.isFinite(rawId)) {
    id = String(rawId);
    ids.claim(id, `${file}:${line}`, file, line);
  } else {
    throw new CorpusError(
      file,
      line,
      `"id" must be a non-empty string or a number, got ${describe(rawId)}`,
    );
  }

  const metadata: [string, MetadataValue][] = [];
  for (const [key, field] of Object.entries(record)) {
    if (
      key === 'id' ||
      key === 'title' ||
      (BODY_KEYS as readonly string[]).includes(key) ||
      RESERVED_KEYS.has(key)
    )
      continue;
    if (
      typeof field === 'string' ||
      typeof field === 'boolean' ||
      (typeof field === 'number' && Number.isFinite(field))
    ) {
      metadata.push([key, field]);
    } else if (Array.isArray(field) && field.every((v) => typeof v === 'string')) {
      // Lists of strings: authors, tags (a keyword field, or a text field of the schema).
      metadata.push([key, [...field]]);
    }
  }
  return { ...Object.fromEntries(metadata), id, title, body };
}

function stringField(
  record: Record<string, unknown>,
  key: string,
  file: string,
  line: number,
): string | undefined {
  if (!Object.hasOwn(record, key)) return undefined;
  const value = record[key];
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new CorpusError(file, line, `"${key}" must be a string, got ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? `a string` : `${typeof value} ${String(value)}`;
}
