import { readFileSync } from 'node:fs';
import { parseGazetteer } from '../entities/gazetteer.js';
import type { EntityDefinition } from '../entities/types.js';
import { OptionsError } from '../errors.js';

/**
 * Reads a gazetteer file: `{"entities": [{id, name, type, aliases, parent?}]}` or a bare array.
 *
 * @example
 * const index = new SearchIndex({ entities: { extend: loadGazetteer('mine.json') } });
 */
export function loadGazetteer(path: string): EntityDefinition[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new OptionsError(`${path}: no such gazetteer file`);
  }
  return parseGazetteer(text, path);
}
