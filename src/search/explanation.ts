/** Why a document scored what it did: a value, what it is, and the parts it came from. */
export interface Explanation {
  value: number;
  description: string;
  details?: Explanation[];
}

export function sumOf(description: string, details: Explanation[]): Explanation {
  let value = 0;
  for (const detail of details) value += detail.value;
  return { value, description, details };
}
