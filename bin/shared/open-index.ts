import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpusSync, SearchIndex, type SearchIndexOptions } from '../../src/node/index.js';

// The package's own folder: the nearest one above this file with a package.json (the same
// from source and from dist/).
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The version in the package's package.json. */
export function packageVersion(): string {
  return (
    JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }
  ).version;
}

/** The seed articles shipped with steppe. */
export const SHIPPED_CORPUS = join(packageRoot(), 'corpus');

/**
 * The index file at `path` opened read-only (parts read as searches need them), or the shipped
 * corpus indexed with `options` when none is given.
 */
export async function openIndex(
  path: string | undefined,
  options: SearchIndexOptions = {},
): Promise<SearchIndex> {
  if (path !== undefined) return SearchIndex.open(path);
  const index = new SearchIndex(options);
  index.addAll(loadCorpusSync(SHIPPED_CORPUS));
  return index;
}
