/** A metadata value kept beside a document: dates, urls, sources, numbers, flags. */
export type MetadataValue = string | number | boolean;

/** A document as loaders produce it and as the index takes it. */
export interface Document {
  id: string;
  title: string;
  body: string;
  /** Any other scalar fields (`date`, `url`, `source` …). */
  [field: string]: MetadataValue;
}
