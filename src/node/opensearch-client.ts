import type { Client } from '@opensearch-project/opensearch';
import { SteppeError } from '../errors.js';

/**
 * The official client for the cluster at `url`, loaded on first use rather than with steppe:
 * a program that never talks to OpenSearch never evaluates it.
 */
export async function openSearchClient(
  url: string,
  options: { maxRetries?: number; requestTimeout: number },
): Promise<Client> {
  const { Client: OpenSearchClient } = await import('@opensearch-project/opensearch');
  return new OpenSearchClient({ node: url, ...options });
}

/** The status a client error carries, or undefined when the request did not get through. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { meta?: { statusCode?: number | null } }).meta?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** A client error as one line: what OpenSearch answered, or that it could not be reached. */
export function clientFailure(url: string, error: unknown): SteppeError {
  const status = statusOf(error);
  const reason = (error as { meta?: { body?: { error?: { reason?: string } } } }).meta?.body?.error
    ?.reason;
  return status === undefined
    ? new SteppeError(`cannot reach OpenSearch at ${url}: ${(error as Error).message}`)
    : new SteppeError(
        `OpenSearch at ${url} answered ${status}: ${reason ?? (error as Error).message}`,
      );
}

/** `request()`, its failure a {@link clientFailure}. */
export async function callOpenSearch<T>(url: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw clientFailure(url, error);
  }
}
