import { OptionsError } from '../errors.js';
// A module, not a file read at run time: bundles for a browser or for Node carry it.
import shipped from './gazetteer.json' with { type: 'json' };
import { ENTITY_TYPES, type EntityDefinition } from './types.js';

let shippedEntities: EntityDefinition[] | undefined;

/**
 * The entity list shipped with steppe (groups, bodies, agencies, places, people, events).
 *
 * @example
 * defaultGazetteer().find((e) => e.id === 'iskp')?.aliases.includes('ISIS-K'); // => true
 */
export function defaultGazetteer(): EntityDefinition[] {
  shippedEntities ??= checkGazetteer(shipped, 'the shipped gazetteer');
  return shippedEntities.map((e) => ({ ...e, aliases: [...e.aliases] }));
}

/**
 * Reads a gazetteer's JSON text: `{"entities": [{id, name, type, aliases, parent?}]}` or a
 * bare array; a bad entry is an error naming it.
 *
 * @example
 * parseGazetteer('[{"id":"imu","name":"Islamic Movement of Uzbekistan","type":"group","aliases":["IMU"]}]', 'mine.json');
 */
export function parseGazetteer(text: string, source: string): EntityDefinition[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new OptionsError(`${source}: invalid JSON: ${(error as Error).message}`);
  }
  return checkGazetteer(value, source);
}

/** Checks a gazetteer given as a value (entries, or `{entities}`); a bad entry is an error naming it. */
export function checkGazetteer(value: unknown, source: string): EntityDefinition[] {
  const list = Array.isArray(value) ? value : (value as { entities?: unknown })?.entities;
  if (!Array.isArray(list))
    throw new OptionsError(`${source}: expected {"entities": [...]} or an array`);
  const seen = new Set<string>();
  return list.map((entry: unknown, i) => {
    const e = entry as Partial<EntityDefinition>;
    const where = `${source}: entity ${i + 1}`;
    if (typeof e !== 'object' || e === null) throw new OptionsError(`${where} is not an object`);
    if (typeof e.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(e.id))
      throw new OptionsError(`${where}: id must be lower-case letters, digits and hyphens`);
    if (seen.has(e.id)) throw new OptionsError(`${where}: duplicate id "${e.id}"`);
    seen.add(e.id);
    if (typeof e.name !== 'string' || e.name.length === 0)
      throw new OptionsError(`${where} (${e.id}): name must be a non-empty string`);
    if (!ENTITY_TYPES.includes(e.type as never))
      throw new OptionsError(`${where} (${e.id}): type must be one of ${ENTITY_TYPES.join(', ')}`);
    const aliases = e.aliases ?? [];
    if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string'))
      throw new OptionsError(`${where} (${e.id}): aliases must be strings`);
    if (e.parent !== undefined && (typeof e.parent !== 'string' || e.parent === e.id))
      throw new OptionsError(`${where} (${e.id}): parent must be the id of another entity`);
    return {
      id: e.id,
      name: e.name,
      type: e.type!,
      aliases: [...new Set([e.name, ...aliases])],
      ...(e.parent !== undefined && { parent: e.parent }),
    };
  });
}
