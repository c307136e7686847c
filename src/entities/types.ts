/** `concept`: a term a document defines with an acronym (gross domestic product (GDP)), no name. */
export const ENTITY_TYPES = [
  'person',
  'organization',
  'place',
  'event',
  'group',
  'concept',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** An entity as a gazetteer names it. */
export interface EntityDefinition {
  /** A stable key: lower-case letters, digits and hyphens. */
  id: string;
  name: string;
  type: EntityType;
  /** Every name it goes by, the canonical one included. */
  aliases: string[];
  /**
   * The id of the entity this one is a branch of (Islamic State Khorasan Province of Islamic
   * State): a query naming the parent also finds the branch, ranked lower; never the reverse.
   */
  parent?: string;
}

/** Where an entity came from: the gazetteer, a pair a document defined, or a naming rule. */
export type EntitySource = 'gazetteer' | 'defined' | 'rule';

/** One mention found in a field: which entity (its registry id), at which word position, at which characters. */
export interface Mention {
  entity: number;
  position: number;
  start: number;
  end: number;
}
