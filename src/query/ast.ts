/** How a clause takes part in its group: required, optional (adds score), or excluded. */
export type Occur = 'must' | 'should' | 'mustNot';

/** Where in the query text a node came from: [start, end) character offsets. */
export interface Span {
  start: number;
  end: number;
}

/** A word: matched as written (after analysis), as a prefix, or within an edit distance. */
export interface TermNode extends Span {
  kind: 'term';
  text: string;
  /** `title` or `body`; absent means every text field. */
  field?: string;
  prefix: boolean;
  /** Edit distance for `word~N`; `'auto'` for `word~` (by length: 0, 1 or 2). */
  fuzzy?: number | 'auto';
  boost: number;
}

/** Words in order at adjacent positions; `slop` extra positions allowed in total. */
export interface PhraseNode extends Span {
  kind: 'phrase';
  text: string;
  field?: string;
  slop: number;
  boost: number;
}

/** A named entity (`entity:ISKP`): documents mentioning it under any of its names. */
export interface EntityNode extends Span {
  kind: 'entity';
  name: string;
  boost: number;
}

/** A metadata condition, matched but never scored: `source:wire`, `date:2024-01..2024-06`. */
export interface FilterNode extends Span {
  kind: 'filter';
  field: string;
  /** An exact value (case-insensitive), or an inclusive range with either end open. */
  value: string | { from?: string; to?: string };
}

/** Clauses combined: all `must` match, no `mustNot` matches, and `should` add score. */
export interface BooleanNode extends Span {
  kind: 'bool';
  clauses: { occur: Occur; node: QueryNode }[];
}

export type QueryNode = TermNode | PhraseNode | EntityNode | FilterNode | BooleanNode;
