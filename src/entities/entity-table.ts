import { ensureInt32, ensureUint8 } from '../util/growable.js';
import { StringTable } from '../util/string-table.js';
import { ENTITY_TYPES, type EntitySource, type EntityType } from './types.js';

const decoder = new TextDecoder();

export const ENTITY_SOURCES: readonly EntitySource[] = ['gazetteer', 'defined', 'rule'];

/**
 * Every entity as columns, by dense integer id: its key, display name, type, source, other
 * aliases, and the union-find parent that joins it to another. A large corpus has tens of
 * thousands of entities found by rule, each known by its name alone: an object and a map entry
 * each would be most of loading an index, so keys stay characters in a string table and names
 * bytes of the file until asked for, and only entities with aliases beyond their name keep a
 * list.
 */
export class EntityTable {
  private readonly keys = new StringTable();
  /** Names made so far; a name read from an index file is made from `encodedNames` when asked for. */
  private readonly names: (string | undefined)[] = [];
  private encodedNames: { bytes: Uint8Array; ranges: Int32Array } | undefined;
  private types: Uint8Array = new Uint8Array(64);
  private sources: Uint8Array = new Uint8Array(64);
  /** The entity it was joined into, plus one; 0 for a root. */
  private parents: Int32Array = new Int32Array(64);
  /** Aliases of entities known by more than their name, in the order they were learned. */
  private readonly aliasLists = new Map<number, string[]>();
  private joinedCount = 0;

  get size(): number {
    return this.keys.size;
  }

  /** Entities joined into another one; grows only. */
  get joined(): number {
    return this.joinedCount;
  }

  /** The id of the entity with this key, or -1. */
  id(key: string): number {
    return this.keys.find(key, 0, key.length);
  }

  /** Adds an entity (its key must be new) known by `aliases`, or by its name alone. */
  add(
    key: string,
    name: string,
    type: EntityType,
    source: EntitySource,
    aliases?: readonly string[],
  ): number {
    const id = this.keys.intern(key, 0, key.length);
    if (id !== this.keys.size - 1) throw new RangeError(`entity "${key}" exists already`);
    this.grow(id + 1);
    this.names[id] = name;
    this.types[id] = ENTITY_TYPES.indexOf(type);
    this.sources[id] = ENTITY_SOURCES.indexOf(source);
    if (aliases !== undefined && !(aliases.length === 1 && aliases[0] === name))
      this.aliasLists.set(id, [...aliases]);
    return id;
  }

  /** Makes room for `count` entities read from an index file, into an empty table. */
  reserveEncoded(count: number): void {
    if (this.size !== 0) throw new RangeError('entities are read into an empty table only');
    this.keys.reserve(count, 0);
    this.grow(count);
  }

  /**
   * The names of the entities read from an index file: UTF-8 in `bytes` at `ranges` (start and
   * end per entity), made into strings when asked for.
   */
  setEncodedNames(bytes: Uint8Array, ranges: Int32Array): void {
    this.encodedNames = { bytes, ranges };
  }

  /** Adds an entity read from an index file by its key's UTF-8 `bytes[start, end)`; see {@link setEncoded}. */
  addEncodedKey(bytes: Uint8Array, start: number, end: number): number {
    const id = this.keys.internUtf8(bytes, start, end);
    if (id !== this.keys.size - 1)
      throw new RangeError(`entity "${this.keys.surface(id)}" is stored twice`);
    this.grow(id + 1);
    return id;
  }

  /**
   * The rest of an entity read from an index file: type and source as indexes, parent plus one
   * (0 for a root), aliases if more than its name.
   */
  setEncoded(
    id: number,
    type: number,
    source: number,
    parent: number,
    aliases: string[] | undefined,
  ): void {
    if (!(type < ENTITY_TYPES.length && source < ENTITY_SOURCES.length))
      throw new RangeError(`entity "${this.keys.surface(id)}" has an impossible type or source`);
    this.types[id] = type;
    this.sources[id] = source;
    this.parents[id] = parent;
    if (parent !== 0) this.joinedCount++;
    if (aliases !== undefined) this.aliasLists.set(id, aliases);
  }

  /**
   * Parents may point forward (an entity can be joined into one learned after it): checks,
   * once every entity is read, that each parent exists and every chain ends, so that
   * {@link root} always returns.
   */
  checkParents(): void {
    for (let id = 0; id < this.size; id++) {
      const parent = this.parents[id]! - 1;
      if (parent < -1 || parent >= this.size || parent === id)
        throw new RangeError(`entity "${this.key(id)}" has an impossible parent`);
    }
    for (let id = 0; id < this.size; id++) {
      let steps = 0;
      for (let at = id; this.parents[at] !== 0; at = this.parents[at]! - 1)
        if (++steps > this.size) throw new RangeError('entities are joined in a cycle');
    }
  }

  key(id: number): string {
    return this.keys.surface(id);
  }

  name(id: number): string {
    return (this.names[id] ??= this.decodeName(id));
  }

  type(id: number): EntityType {
    return ENTITY_TYPES[this.types[id]!]!;
  }

  source(id: number): EntitySource {
    return ENTITY_SOURCES[this.sources[id]!]!;
  }

  setSource(id: number, source: EntitySource): void {
    this.sources[id] = ENTITY_SOURCES.indexOf(source);
  }

  /** The names it goes by (a copy). */
  aliases(id: number): string[] {
    const list = this.aliasLists.get(id);
    return list === undefined ? [this.name(id)] : [...list];
  }

  /** True when the entity keeps a list of aliases rather than its name alone. */
  hasAliasList(id: number): boolean {
    return this.aliasLists.has(id);
  }

  addAlias(id: number, alias: string): void {
    let list = this.aliasLists.get(id);
    if (list === undefined) this.aliasLists.set(id, (list = [this.name(id)]));
    if (!list.includes(alias)) list.push(alias);
  }

  /** The entity this one was joined into, or -1 for a root. */
  parent(id: number): number {
    return this.parents[id]! - 1;
  }

  root(id: number): number {
    let root = id;
    while (this.parents[root] !== 0) root = this.parents[root]! - 1;
    return root;
  }

  /** Joins root `child` into root `root`, its aliases included. */
  join(child: number, root: number): void {
    this.parents[child] = root + 1;
    this.joinedCount++;
    for (const alias of this.aliases(child)) this.addAlias(root, alias);
  }

  private decodeName(id: number): string {
    const { bytes, ranges } = this.encodedNames!;
    return decoder.decode(bytes.subarray(ranges[2 * id]!, ranges[2 * id + 1]!));
  }

  private grow(length: number): void {
    this.types = ensureUint8(this.types, length);
    this.sources = ensureUint8(this.sources, length);
    this.parents = ensureInt32(this.parents, length);
  }
}
