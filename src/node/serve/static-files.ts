import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SteppeError } from '../../errors.js';

/** One file of the page, held in memory. */
export interface StaticFile {
  type: string;
  bytes: Buffer;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The `web/` folder shipped with the package (the same from source and from `dist/`). */
export function defaultWebRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'web', 'index.html')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'web');
}

/**
 * The page's files by URL path (`/` is `index.html`), read once at start. Only the files of
 * `root` itself with a known type are served: a request path is looked up in this table, never
 * joined to a directory, so no spelling of `..` can reach another file.
 */
export function readStaticFiles(root: string): Map<string, StaticFile> {
  if (!existsSync(join(root, 'index.html')))
    throw new SteppeError(`${root}: no index.html to serve`);
  const files = new Map<string, StaticFile>();
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const type = TYPES[extname(entry.name)];
    if (!entry.isFile() || type === undefined) continue;
    const bytes = readFileSync(join(root, entry.name));
    const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 16)}"`;
    files.set(entry.name === 'index.html' ? '/' : `/${entry.name}`, { type, bytes, etag });
  }
  return files;
}
