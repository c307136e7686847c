/** A metadata value kept beside a document: a date, url, source, number, flag, or a list (authors, tags). */
export type MetadataValue = string | number | boolean | string[];

/**
 * A document as loaders produce it and as the index takes it: an id, its text fields (title
 * and body unless the index's schema names others), and any other fields as metadata.
 */
export interface Document {
  id: string;
  title?: string;
  body?: string;
  /** The schema's other text fields, and metadata (`date`, `url`, `source`, `authors` …). */
  [field: string]: MetadataValue | undefined;
}

/** A document as the corpus readers give it: always a title and a body, '' when absent. */
export interface CorpusDocument extends Document {
  title: string;
  body: string;
}
