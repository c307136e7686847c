/** Per-field BM25F parameters. */
export interface FieldParams {
  /** How much a match in this field counts relative to others. */
  weight: number;
  /** Length normalization strength, 0 (none) to 1 (full). */
  b: number;
}

/** The ranking parameters of an index besides its fields' (see Schema), all configurable. */
export interface RankingParams {
  /** Term frequency saturation. */
  k1: number;
  /** Weight of the entity boost; 0 turns it off (plain BM25F). */
  entityBoost: number;
  /** Pseudo-relevance feedback for plain-word queries. */
  feedback: FeedbackParams;
}

/** How feedback (RM3) reads a first pass and how much its expansion weighs. */
export interface FeedbackParams {
  /** Expand plain-word queries unless a search says otherwise (default false: see docs/RANKING.md). */
  enabled: boolean;
  /** Top documents of the first pass taken as relevant; 0 turns feedback off. */
  documents: number;
  /** Expansion terms added to the query. */
  terms: number;
  /** Weight of the original query against the expansion, 0 to 1. */
  originalWeight: number;
}
