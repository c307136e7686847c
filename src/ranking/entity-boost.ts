/**
 * How much a document is *about* an entity, from 0 to 1: named in the title (0.4), mentioned
 * often (0.4 · m/(m+2) for m mentions), mentioned early (0.2 · how far from the end of the body
 * its first mention is).
 */
export function salience(
  titleMentions: number,
  bodyMentions: number,
  firstBodyPosition: number,
  bodyLength: number,
): number {
  const mentions = titleMentions + bodyMentions;
  const inTitle = titleMentions > 0 ? 0.4 : 0;
  const often = (0.4 * mentions) / (mentions + 2);
  const early =
    bodyMentions > 0 && bodyLength > 0
      ? 0.2 * (1 - Math.min(firstBodyPosition, bodyLength) / bodyLength)
      : 0;
  return inTitle + often + early;
}

/**
 * The entity part of a score: weight × idf(entity) × (k1 + 1) × salience. At weight 1 a
 * document wholly about the entity scores what a saturated match of a term as rare would.
 */
export function entityScore(
  weight: number,
  idfValue: number,
  k1: number,
  salienceValue: number,
): number {
  return weight * idfValue * (k1 + 1) * salienceValue;
}
