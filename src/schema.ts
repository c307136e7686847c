import { OptionsError } from './errors.js';
import type { FieldParams } from './ranking/params.js';

/** How a metadata field's values compare: exact words, numbers, or dates and times. */
export type MetadataType = 'keyword' | 'number' | 'date';

/** The metadata types, for checking and listing. */
export const METADATA_TYPES: readonly MetadataType[] = ['keyword', 'number', 'date'];

/** A text field as the options give it; every part has a default. */
export interface TextFieldOptions {
  /** How much a match here counts against the other fields (default 1). */
  weight?: number;
  /** Length normalization, 0 (none) to 1 (full) (default 0.75). */
  b?: number;
  /** Whether the text is kept for results and snippets (default true). */
  stored?: boolean;
}

/** A text field of an index, every part filled in. */
export interface TextField extends FieldParams {
  name: string;
  stored: boolean;
}

/** The schema an index has unless its options give one: title (weight 3, b 1) and body (b 0.6). */
export const DEFAULT_FIELDS: Readonly<Record<string, TextFieldOptions>> = {
  title: { weight: 3, b: 1 },
  body: { b: 0.6 },
};

/** Most text fields an index takes (field masks are 32-bit). */
export const MAX_TEXT_FIELDS = 24;

const FIELD_DEFAULTS = { weight: 1, b: 0.75, stored: true } as const;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const RESERVED_NAMES = new Set(['id', 'entity', '__proto__', 'constructor', 'prototype']);

// ISO 8601 dates and times, as news archives write them: a date, or a date with a time and
// an optional zone (no zone reads as UTC, so a file means the same everywhere).
const ISO_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

/**
 * The fields of an index: its text fields in order (each with weight, b and whether it is
 * stored) and the type of each metadata field, declared or inferred from the first value seen.
 * Which text field plays the title and which the body (for entity salience and recognition):
 * the ones so named, else the first and the last.
 *
 * @example
 * const schema = Schema.from({ title: { weight: 3 }, lead: { weight: 2 }, body: {} }, { date: 'date' });
 * schema.names; // => ['title', 'lead', 'body']
 */
export class Schema {
  readonly names: readonly string[];
  /** Index of the field that plays the title, or -1 when there is one field only. */
  readonly titleField: number;
  /** Index of the field that plays the body. */
  readonly bodyField: number;
  private readonly metadataTypes: Map<string, MetadataType>;

  private constructor(
    readonly fields: readonly TextField[],
    metadata: ReadonlyMap<string, MetadataType>,
    /** Metadata fields whose type was given, not inferred. */
    private readonly declared: ReadonlySet<string>,
  ) {
    this.names = fields.map((f) => f.name);
    const named = (name: string): number => this.names.indexOf(name);
    this.titleField = named('title') >= 0 ? named('title') : fields.length > 1 ? 0 : -1;
    this.bodyField = named('body') >= 0 ? named('body') : fields.length - 1;
    this.metadataTypes = new Map(metadata);
  }

  /** A schema from options: text fields (default title and body) and declared metadata types. */
  static from(
    fields: Readonly<Record<string, TextFieldOptions>> = DEFAULT_FIELDS,
    metadata: Readonly<Record<string, MetadataType>> = {},
  ): Schema {
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
      throw new OptionsError('fields must be an object of field names and their options');
    const entries = Object.entries(fields);
    if (entries.length === 0) throw new OptionsError('fields must name at least one text field');
    if (entries.length > MAX_TEXT_FIELDS)
      throw new OptionsError(`at most ${MAX_TEXT_FIELDS} text fields, got ${entries.length}`);
    const text = entries.map(([name, options]): TextField => {
      checkName(name, 'text field');
      if (typeof options !== 'object' || options === null)
        throw new OptionsError(`field "${name}": options must be an object`);
      const field = { name, ...FIELD_DEFAULTS, ...options };
      if (!(field.weight >= 0 && Number.isFinite(field.weight)))
        throw new OptionsError(`${name}.weight must be a non-negative number, got ${field.weight}`);
      if (!(field.b >= 0 && field.b <= 1))
        throw new OptionsError(`${name}.b must be between 0 and 1, got ${field.b}`);
      if (typeof field.stored !== 'boolean')
        throw new OptionsError(`${name}.stored must be true or false`);
      return field;
    });
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
      throw new OptionsError('metadata must be an object of field names and types');
    const types = new Map<string, MetadataType>();
    for (const [name, type] of Object.entries(metadata)) {
      checkName(name, 'metadata field');
      if (fields[name] !== undefined)
        throw new OptionsError(`"${name}" cannot be both a text and a metadata field`);
      if (!METADATA_TYPES.includes(type))
        throw new OptionsError(
          `metadata field "${name}": type must be ${METADATA_TYPES.join(', ')}, not "${String(type)}"`,
        );
      types.set(name, type);
    }
    return new Schema(text, types, new Set(types.keys()));
  }

  /** Whether this is the default title + body schema with its default options. */
  get isDefault(): boolean {
    return (
      this.names.length === 2 &&
      this.names[0] === 'title' &&
      this.names[1] === 'body' &&
      this.fields.every((f) => f.stored)
    );
  }

  /** The name of the field that plays the title, or undefined. */
  get titleName(): string | undefined {
    return this.names[this.titleField];
  }

  /** The index of a text field, or -1. */
  fieldIndex(name: string): number {
    return this.names.indexOf(name);
  }

  /** The type of a metadata field, or undefined when no document has it and none was declared. */
  typeOf(name: string): MetadataType | undefined {
    return this.metadataTypes.get(name);
  }

  /** Every metadata field with its type, and whether it was inferred. */
  metadataFields(): { name: string; type: MetadataType; inferred: boolean }[] {
    return [...this.metadataTypes].map(([name, type]) => ({
      name,
      type,
      inferred: !this.declared.has(name),
    }));
  }

  /**
   * What is wrong with `value` for the field's type (the type it would be inferred as when the
   * field is new: a number is number, an ISO 8601 date is date, anything else keyword), or
   * undefined when nothing is.
   */
  problem(name: string, value: unknown): string | undefined {
    const known = this.metadataTypes.get(name);
    const type = known ?? inferType(value);
    const problem = typeProblem(type, value);
    if (problem === undefined) return undefined;
    const how =
      known === undefined || this.declared.has(name) ? '' : ' (inferred from its first value)';
    return `metadata field "${name}" is a ${type} field${how}: ${problem}`;
  }

  /** Takes the type of a field new to the index from its first (checked) value. */
  learn(name: string, value: unknown): void {
    if (!this.metadataTypes.has(name)) this.metadataTypes.set(name, inferType(value));
  }

  /** Makes an inferred field a keyword field (its values disagree on any other type). */
  retype(name: string, type: MetadataType): void {
    if (!this.declared.has(name)) this.metadataTypes.set(name, type);
  }

  /** What the index file keeps of the schema. */
  toJSON(): {
    fields: TextField[];
    metadata: Record<string, MetadataType>;
    declared: string[];
  } {
    return {
      fields: this.fields.map((f) => ({ ...f })),
      metadata: Object.fromEntries(this.metadataTypes),
      declared: [...this.declared],
    };
  }

  /** The schema {@link toJSON} wrote; a RangeError for anything else. */
  static fromJSON(value: unknown): Schema {
    const data = value as Partial<ReturnType<Schema['toJSON']>>;
    if (typeof data !== 'object' || data === null || !Array.isArray(data.fields))
      throw new RangeError('schema lacks its fields');
    const fields: Record<string, TextFieldOptions> = {};
    for (const f of data.fields as unknown[]) {
      const { name, weight, b, stored } = (f ?? {}) as Partial<TextField>;
      if (typeof name !== 'string' || Object.hasOwn(fields, name))
        throw new RangeError('schema field without a name');
      fields[name] = {
        ...(weight !== undefined && { weight }),
        ...(b !== undefined && { b }),
        ...(stored !== undefined && { stored }),
      };
    }
    const metadata = (data.metadata ?? {}) as Record<string, MetadataType>;
    const declared = new Set(Array.isArray(data.declared) ? data.declared : []);
    try {
      const checked = Schema.from(fields, metadata);
      return new Schema(checked.fields, new Map(Object.entries(metadata)), declared);
    } catch (error) {
      throw new RangeError((error as Error).message);
    }
  }

  /** The title + body schema with these field parameters (files before schemas existed). */
  static legacy(title: FieldParams, body: FieldParams): Schema {
    return Schema.from({ title: { ...title }, body: { ...body } });
  }
}

function checkName(name: string, what: string): void {
  if (!FIELD_NAME.test(name) || RESERVED_NAMES.has(name))
    throw new OptionsError(
      `${what} "${name}": a name is letters, digits, _ and -, starting with a letter or _, and not id or entity`,
    );
}

function inferType(value: unknown): MetadataType {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string' && value.length >= 10 && parseDate(value, 'start') !== undefined)
    return 'date';
  return 'keyword';
}

function typeProblem(type: MetadataType, value: unknown): string | undefined {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `got ${JSON.stringify(value)}, not a number`;
    case 'date':
      return typeof value === 'string' && parseDate(value, 'start') !== undefined
        ? undefined
        : `got ${JSON.stringify(value)}, not an ISO 8601 date (2024-03-22, 2024-03-22T18:05:00Z)`;
    case 'keyword':
      return typeof value === 'string' ||
        typeof value === 'boolean' ||
        (typeof value === 'number' && Number.isFinite(value)) ||
        (Array.isArray(value) && value.every((v) => typeof v === 'string'))
        ? undefined
        : `got ${JSON.stringify(value)}, not a string, a number, true or false, or a list of strings`;
  }
}

/**
 * Milliseconds since 1970 (UTC) of an ISO 8601 date, whole or in part (`2024`, `2024-06`,
 * `2024-06-30`, `2024-06-30T12:00`, with seconds, fractions and a zone): the first instant it
 * names with `edge` 'start', the last with 'end'. Undefined when it is no such date.
 *
 * @example
 * parseDate('2024-06', 'end') === Date.UTC(2024, 6, 1) - 1; // => true
 */
export function parseDate(text: string, edge: 'start' | 'end'): number | undefined {
  const m = ISO_DATE.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const parts = [Number(y), mo === undefined ? 1 : Number(mo), d === undefined ? 1 : Number(d)];
  const time = [h, mi, s].map((p) => (p === undefined ? 0 : Number(p)));
  if (parts[1]! < 1 || parts[1]! > 12 || parts[2]! < 1 || parts[2]! > 31) return undefined;
  if (time[0]! > 23 || time[1]! > 59 || time[2]! > 60) return undefined;
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  let at = Date.UTC(parts[0]!, parts[1]! - 1, parts[2]!, time[0]!, time[1]!, time[2]!, ms);
  // 2024-02-31 rolls into March: no such day.
  if (
    new Date(Date.UTC(parts[0]!, parts[1]! - 1, 1)).getUTCMonth() !==
    new Date(Date.UTC(parts[0]!, parts[1]! - 1, parts[2]!)).getUTCMonth()
  )
    return undefined;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    at -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  if (edge === 'start') return at;
  // The last instant of the period the text names.
  const next =
    mo === undefined
      ? Date.UTC(parts[0]! + 1, 0, 1)
      : d === undefined
        ? Date.UTC(parts[0]!, parts[1]!, 1)
        : h === undefined
          ? at + 86_400_000
          : s === undefined
            ? at + 60_000
            : frac === undefined
              ? at + 1000
              : at + 1;
  return next - 1;
}
