/** Per-field BM25F parameters. */
export interface FieldParams {
  /** How much a match in this field counts relative to others. */
  weight: number;
  /** Length normalization strength, 0 (none) to 1 (full). */
  b: number;
}

/** The ranking parameters of an index, all configurable. */
export interface RankingParams {
  /** Term frequency saturation. */
  k1: number;
  title: FieldParams;
  body: FieldParams;
  /** Weight of the entity boost; 0 turns it off (plain BM25F). */
  entityBoost: number;
}
