import { readFileSync } from 'node:fs';
import type { CorpusDocument, Document, SearchIndexOptions } from '../../src/node/index.js';
import { UsageError } from './flags.js';

/** What a schema file gives: `{"fields": {name: {weight, b, stored}}, "metadata": {name: type}}`. */
export function readSchemaFile(path: string): Pick<SearchIndexOptions, 'fields' | 'metadata'> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${path}: ${code === 'ENOENT' ? 'no such schema file' : `not a JSON schema file (${(error as Error).message})`}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(`${path}: a schema file is an object with "fields" and/or "metadata"`);
  const { fields, metadata, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    throw new UsageError(`${path}: unknown key "${unknown[0]}" (a schema has fields and metadata)`);
  return {
    ...(fields !== undefined && { fields: fields as SearchIndexOptions['fields'] }),
    ...(metadata !== undefined && { metadata: metadata as SearchIndexOptions['metadata'] }),
  };
}

/**
 * Corpus documents shaped for a schema: the title and body every reader gives are left out
 * where the schema has no such field and they are empty; where they hold text, that is an
 * error (the text would otherwise become metadata).
 */
export function fitToSchema(docs: readonly CorpusDocument[], names: readonly string[]): Document[] {
  const missing = (['title', 'body'] as const).filter((name) => !names.includes(name));
  if (missing.length === 0) return docs as Document[];
  return docs.map((doc) => {
    const out: Document = { ...doc };
    for (const name of missing) {
      if (doc[name] !== '')
        throw new UsageError(
          `document "${doc.id}" has a ${name} (readers take "text" and "content" as body), but the schema has no ${name} field`,
        );
      delete out[name];
    }
    return out;
  });
}
