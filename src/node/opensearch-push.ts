import type { Client } from '@opensearch-project/opensearch';
import { SteppeError } from '../errors.js';
import { callOpenSearch, clientFailure, openSearchClient, statusOf } from './opensearch-client.js';
import {
  ENTITY_FIELDS,
  opensearchIndexBody,
  WORDS_FIELD,
  wordsFieldLayout,
} from '../opensearch/index.js';
import type { SearchIndex } from '../search-index.js';

/** Options of {@link pushToOpenSearch}; the defaults are {@link PUSH_DEFAULTS}. */
export interface PushOptions {
  /** The cluster, `http://127.0.0.1:9250`. */
  url: string;
  /** The OpenSearch index to fill; made with {@link opensearchIndexBody} when absent. */
  index: string;
  /** Layout of an index made here. */
  shards?: number;
  replicas?: number;
  /** Documents per `_bulk` request. */
  batchSize?: number;
  /** Tries of a document (or a request) that OpenSearch answers 429 or 5xx, or cannot be reached. */
  attempts?: number;
  /** Called after each batch with the documents sent so far. */
  onProgress?: (sent: number, total: number) => void;
}

/** What {@link pushToOpenSearch} does when its options say nothing. */
export const PUSH_DEFAULTS = { batchSize: 2_000, attempts: 6, firstBackoffMs: 100 } as const;

/** Documents OpenSearch refused for a reason of their own (not load): each id with the reason. */
export class PushError extends SteppeError {
  constructor(
    readonly rejected: { id: string; reason: string }[],
    readonly sent: number,
  ) {
    super(
      `OpenSearch refused ${rejected.length} document${rejected.length === 1 ? '' : 's'} of ${sent}; the first, "${rejected[0]!.id}": ${rejected[0]!.reason}`,
    );
  }
}

/** What a push did. */
export interface PushReport {
  sent: number;
  batches: number;
  /** Documents sent again after a 429 or 5xx. */
  retried: number;
  seconds: number;
}

interface BulkItem {
  index?: { _id: string; status: number; error?: { type: string; reason: string } };
}

/**
 * Sends every document of `source` to an OpenSearch index in `_bulk` batches, with its
 * entities (keys and salience, {@link ENTITY_FIELDS}), under its own id, so a second push
 * replaces rather than duplicates. Documents answered 429 or 5xx are sent again with growing
 * pauses; a document refused for another reason is never dropped silently: the push goes on
 * with the rest and then throws {@link PushError} naming each.
 *
 * @example
 * const report = await pushToOpenSearch(index, { url: 'http://127.0.0.1:9250', index: 'news' });
 * console.log(`${report.sent} documents in ${report.seconds.toFixed(1)} s`);
 */
export async function pushToOpenSearch(
  source: SearchIndex,
  options: PushOptions,
): Promise<PushReport> {
  const started = performance.now();
  const batchSize = options.batchSize ?? PUSH_DEFAULTS.batchSize;
  const attempts = options.attempts ?? PUSH_DEFAULTS.attempts;
  const client = await openSearchClient(options.url, { maxRetries: 0, requestTimeout: 60_000 });
  try {
    await ensureIndex(client, source, options);
    const total = source.size;
    const rejected: { id: string; reason: string }[] = [];
    let sent = 0;
    let batches = 0;
    let retried = 0;
    let batch: { id: string; body: Record<string, unknown> }[] = [];
    const flush = async (): Promise<void> => {
      let pending = batch;
      for (let attempt = 1; pending.length > 0; attempt++) {
        const again = await sendBatch(client, options, pending, rejected, attempt < attempts);
        if (again.length > 0) {
          retried += again.length;
          await pause(PUSH_DEFAULTS.firstBackoffMs * 2 ** (attempt - 1));
        }
        pending = again;
      }
      sent += batch.length;
      batches++;
      batch = [];
      options.onProgress?.(sent, total);
    };
    const { repeats } = wordsFieldLayout(source.schema.fields, source.ranking.k1);
    for (const doc of source.documents()) {
      batch.push({ id: doc.id, body: sourceOf(source, doc, repeats) });
      if (batch.length === batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    await callOpenSearch(options.url, () => client.indices.refresh({ index: options.index }));
    if (rejected.length > 0) throw new PushError(rejected, sent);
    return { sent, batches, retried, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.close();
  }
}

// The document as OpenSearch stores it: its fields and metadata, every field's words repeated
// by weight, its entities' keys and salience (rank features must be positive and have no dots
// in their names).
function sourceOf(
  index: SearchIndex,
  doc: Record<string, unknown>,
  repeats: readonly number[],
): Record<string, unknown> {
  const { id: _id, ...fields } = doc;
  const entities = index.entities(String(doc.id));
  const words = index.schema.names.flatMap((name, i) => {
    const text = doc[name];
    const lines = Array.isArray(text) ? text.map(String) : text === undefined ? [] : [String(text)];
    return Array.from({ length: repeats[i]! }, () => lines).flat();
  });
  return {
    ...fields,
    [WORDS_FIELD]: words,
    [ENTITY_FIELDS.keys]: entities.map((e) => e.key),
    [ENTITY_FIELDS.salience]: Object.fromEntries(
      entities.map((e) => [e.key.replaceAll('.', '_'), Math.max(e.salience, 1e-6)]),
    ),
  };
}

async function ensureIndex(
  client: Client,
  source: SearchIndex,
  options: PushOptions,
): Promise<void> {
  const exists = await callOpenSearch(options.url, () =>
    client.indices.exists({ index: options.index }),
  );
  if (exists.body === true) return;
  const body = opensearchIndexBody(source.schema, source.analyzer.config, {
    k1: source.ranking.k1,
    ...(options.shards !== undefined && { shards: options.shards }),
    ...(options.replicas !== undefined && { replicas: options.replicas }),
  });
  await callOpenSearch(options.url, () => client.indices.create({ index: options.index, body }));
}

// One _bulk request; returns the documents to send again (429 and 5xx while `retry`), and
// adds the refused ones to `rejected`.
async function sendBatch(
  client: Client,
  options: PushOptions,
  batch: { id: string; body: Record<string, unknown> }[],
  rejected: { id: string; reason: string }[],
  retry: boolean,
): Promise<{ id: string; body: Record<string, unknown> }[]> {
  const body = batch.flatMap(({ id, body: doc }) => [
    { index: { _index: options.index, _id: id } },
    doc,
  ]);
  let response;
  try {
    response = await client.bulk({ body });
  } catch (error) {
    // No status: the request did not get through (refused, reset, timed out).
    const status = statusOf(error);
    if (retry && (status === undefined || status === 429 || status >= 500)) return batch;
    throw clientFailure(options.url, error);
  }
  const items = (response.body as { items: BulkItem[] }).items;
  const again: typeof batch = [];
  items.forEach((item, i) => {
    const result = item.index;
    if (result === undefined || result.status < 300) return;
    if (retry && (result.status === 429 || result.status >= 500)) again.push(batch[i]!);
    else
      rejected.push({
        id: batch[i]!.id,
        reason:
          `${result.status} ${result.error?.type ?? 'error'}: ${result.error?.reason ?? ''}`.trim(),
      });
  });
  return again;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
