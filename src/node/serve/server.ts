import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QuerySyntaxError, SearchTimeoutError, SteppeError } from '../../errors.js';
import type { SearchIndex } from '../../search-index.js';
import { SearchApi } from './api.js';
import { HttpError } from './params.js';
import { defaultWebRoot, readStaticFiles, type StaticFile } from './static-files.js';

/** Options of {@link serve}; the defaults are {@link SERVE_DEFAULTS}. */
export interface ServeOptions {
  /** The address to listen on; anything but loopback makes the page reachable by others. */
  host?: string;
  /** The port; 0 takes a free one. */
  port?: number;
  /** The folder of the page's files (default: the package's `web/`). */
  webRoot?: string;
  /** Where a failure that is not the client's is reported (default: standard error). */
  log?: (line: string) => void;
  /** Time for a client to send its request headers, in milliseconds. */
  headersTimeoutMs?: number;
  /** Time for a client to send its whole request, in milliseconds. */
  requestTimeoutMs?: number;
  /** Time one search may take before it is stopped and answered with a 503. */
  searchTimeoutMs?: number;
}

/** What {@link serve} listens with when its options say nothing. */
export const SERVE_DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  /** Longest request target (path and query string), in bytes. */
  maxUrlLength: 8_192,
  /** Time for a client to send its request headers, and its whole request. */
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  searchTimeoutMs: 2_000,
} as const;

/** A running server. */
export interface SearchServer {
  /** `http://host:port/`. */
  url: string;
  port: number;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

// Every answer forbids scripts, styles and requests from anywhere but the page itself: a
// second guard behind the page's escaping of document text.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** Whether `host` is a loopback address (only this machine can connect). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * A request listener for `node:http` serving the search page and its JSON API (docs/SERVE.md)
 * over `index`, for mounting in a server of your own.
 *
 * @example
 * import { createServer } from 'node:http';
 * createServer(searchPage(index)).listen(8080, '127.0.0.1');
 */
export function searchPage(
  index: SearchIndex,
  options: Pick<ServeOptions, 'webRoot' | 'log' | 'searchTimeoutMs'> = {},
): (request: IncomingMessage, response: ServerResponse) => void {
  const api = new SearchApi(index, options.searchTimeoutMs ?? SERVE_DEFAULTS.searchTimeoutMs);
  const files = readStaticFiles(options.webRoot ?? defaultWebRoot());
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  return (request, response) => {
    const started = performance.now();
    let answer: { status: number; body: unknown } | StaticFile;
    try {
      answer = route(request, api, files);
    } catch (error) {
      answer = failure(error, request, log);
    }
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'server-timing': `app;dur=${(performance.now() - started).toFixed(2)}`,
    };
    if ('bytes' in answer) {
      headers['etag'] = answer.etag;
      headers['cache-control'] = 'no-cache';
      if (request.headers['if-none-match'] === answer.etag) {
        response.writeHead(304, headers).end();
        return;
      }
      send(request, response, 200, { ...headers, 'content-type': answer.type }, answer.bytes);
    } else {
      const body = Buffer.from(JSON.stringify(answer.body));
      headers['content-type'] = 'application/json; charset=utf-8';
      headers['cache-control'] = 'no-store';
      if (answer.status === 405) headers['allow'] = 'GET, HEAD';
      send(request, response, answer.status, headers, body);
    }
  };
}

function route(
  request: IncomingMessage,
  api: SearchApi,
  files: Map<string, StaticFile>,
): { status: number; body: unknown } | StaticFile {
  const target = request.url ?? '/';
  if (Buffer.byteLength(target) > SERVE_DEFAULTS.maxUrlLength)
    throw new HttpError(414, `request target over ${SERVE_DEFAULTS.maxUrlLength} bytes`);
  if (request.method !== 'GET' && request.method !== 'HEAD')
    throw new HttpError(405, `${request.method} is not served: only GET and HEAD`);
  const length = request.headers['content-length'];
  if (
    (length !== undefined && length !== '0') ||
    request.headers['transfer-encoding'] !== undefined
  )
    throw new HttpError(413, 'requests take no body');
  const url = new URL(target, 'http://localhost');
  if (url.pathname.startsWith('/api/')) return api.answer(url.pathname, url.searchParams);
  const file = files.get(url.pathname);
  if (file === undefined) throw new HttpError(404, `no such page ${url.pathname}`);
  return file;
}

function failure(
  error: unknown,
  request: IncomingMessage,
  log: (line: string) => void,
): { status: number; body: unknown } {
  if (error instanceof HttpError) return { status: error.status, body: { error: error.message } };
  if (error instanceof SearchTimeoutError)
    return { status: 503, body: { error: `${error.message}: narrow the query` } };
  if (error instanceof QuerySyntaxError)
    return { status: 400, body: { error: error.message, position: error.position } };
  if (error instanceof SteppeError) return { status: 400, body: { error: error.message } };
  log(`steppe serve: ${request.method} ${request.url}: ${(error as Error).stack ?? String(error)}`);
  return { status: 500, body: { error: 'internal error (reported in the server log)' } };
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
): void {
  response.writeHead(status, {
    ...headers,
    'content-length': String(body.length),
    // A request with a body is answered, then its connection closed, so the body is never read.
    ...(status === 413 && { connection: 'close' }),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/**
 * Serves the search page and the JSON API over `index` (docs/SERVE.md), on loopback and a free
 * port unless told otherwise.
 *
 * @example
 * const server = await serve(index, { port: 0 });
 * console.log(server.url); // http://127.0.0.1:41234/
 * await server.close();
 */
export async function serve(index: SearchIndex, options: ServeOptions = {}): Promise<SearchServer> {
  const host = options.host ?? SERVE_DEFAULTS.host;
  const headersTimeout = options.headersTimeoutMs ?? SERVE_DEFAULTS.headersTimeoutMs;
  const server = createServer(
    {
      headersTimeout,
      requestTimeout: Math.max(
        headersTimeout,
        options.requestTimeoutMs ?? SERVE_DEFAULTS.requestTimeoutMs,
      ),
      // Node checks those times on this beat (30 s unless told).
      connectionsCheckingInterval: Math.min(1_000, headersTimeout / 2),
    },
    searchPage(index, options),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new SteppeError(
          error.code === 'EADDRINUSE'
            ? `port ${options.port} on ${host} is in use`
            : `cannot listen on ${host}:${options.port ?? 0}: ${error.message}`,
        ),
      ),
    );
    server.listen(options.port ?? SERVE_DEFAULTS.port, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
