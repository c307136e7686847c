/** The value below which `p` percent of `values` lie (nearest rank; `values` need not be sorted). */
export function percentile(values: readonly number[], p: number): number {
  return [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor((p / 100) * values.length))
  ]!;
}
