import { readFileSync } from 'node:fs';
import { OptionsError } from '../errors.js';
import { ENTITY_TYPES, type EntityDefinition } from './types.js';

const shipped = new URL('./gazetteer.json', import.meta.url);

let shippedEntities: EntityDefinition[] | undefined;

/** The entity list shipped with steppe (groups, bodies, agencies, places, people, events). */
export function defaultGazetteer(): EntityDefinition[] {
  shippedEntities ??= parseGazetteer(readFileSync(shipped, 'utf8'), 'the shipped gazetteer');
  return shippedEntities.map((e) => ({ ...e, aliases: [...e.aliases] }));
}

/** Reads a gazetteer file: `{"entities": [{id, name, type, aliases, parent?}]}` or a bare array. */
export function loadGazetteer(path: string): EntityDefinition[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new OptionsError(`${path}: no such gazetteer file`);
  }
  return parseGazetteer(text, path);
}

/** Checks every entry; a bad one is an error naming it. */
export function parseGazetteer(text: string, source: string): EntityDefinition[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new OptionsError(`${source}: invalid JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(value) ? value : (value as { entities?: unknown })?.entities;
  if (!Array.isArray(list)) throw new OptionsError(`${source}: expected {"entities": [...]} or an array`);
  const seen = new Set<string>();
  return list.map((entry: unknown, i) => {
    const e = entry as Partial<EntityDefinition>;
    const where = `${source}: entity ${i + 1}`;
    if (typeof e !== 'object' || e === null) throw new OptionsError(`${where} is not an object`);
    if (typeof e.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(e.id)) throw new OptionsError(`${where}: id must be lower-case letters, digits and hyphens`);
    if (seen.has(e.id)) throw new OptionsError(`${where}: duplicate id "${e.id}"`);
    seen.add(e.id);
    if (typeof e.name !== 'string' || e.name.length === 0) throw new OptionsError(`${where} (${e.id}): name must be a non-empty string`);
    if (!ENTITY_TYPES.includes(e.type as never)) throw new OptionsError(`${where} (${e.id}): type must be one of ${ENTITY_TYPES.join(', ')}`);
    const aliases = e.aliases ?? [];
    if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string')) throw new OptionsError(`${where} (${e.id}): aliases must be strings`);
    if (e.parent !== undefined && (typeof e.parent !== 'string' || e.parent === e.id)) throw new OptionsError(`${where} (${e.id}): parent must be the id of another entity`);
    return { id: e.id, name: e.name, type: e.type!, aliases: [...new Set([e.name, ...aliases])], ...(e.parent !== undefined && { parent: e.parent }) };
  });
}
