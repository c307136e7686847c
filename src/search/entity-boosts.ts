import type { Analyzer } from '../analysis/index.js';
import {
  entityTerm,
  type EntityRegistry,
  type QueryEntity,
  resolveQueryEntities,
} from '../entities/index.js';
import type { InvertedIndex } from '../index/index.js';
import { idf } from '../ranking/bm25.js';
import { EntityScorer } from './entity-scorer.js';
import { DisjunctionScorer, type Scorer } from './scorers.js';
import type { Span } from './snippet.js';

// A name only a document defined (`SLE`, `calorie restriction (CR)`) adds the documents that
// use its other name but no score: learned pairs are not curated, and weighing them at 0.5
// cost scifact 0.0016 nDCG@10.
const LEARNED_ENTITY_WEIGHT = 0;
// Weight of a branch's boost (ISKP) when the query names its parent (Islamic State), so the
// branch's documents rank below the parent's own.
const BRANCH_ENTITY_WEIGHT = 0.5;

/**
 * The entity side of a query: which entities its words name, and one salience scorer per
 * entity (its branches included), however many of its names the query uses.
 */
export class EntityBoosts {
  constructor(
    private readonly registry: EntityRegistry,
    private readonly index: InvertedIndex,
    private readonly analyzer: Analyzer,
    private readonly k1: number,
  ) {}

  /** The entities plain query words name, exactly or by a near spelling. */
  resolve(words: string): QueryEntity[] {
    return resolveQueryEntities(this.registry, words, this.analyzer.tokenize(words), (w) =>
      this.analyzer.isStopWord(w),
    );
  }

  /** One scorer per entity the query names, at `weight` (learned names at none). */
  forQuery(entities: readonly QueryEntity[], weight: number): EntityScorer[] {
    return this.withBranches(
      entities.map((entity) => [
        entity.key,
        entity.boosted ? weight : weight * LEARNED_ENTITY_WEIGHT,
      ]),
    );
  }

  /** Documents mentioning the entity named `name` (an alias, its key, or a near spelling), by salience; null when none is named. */
  named(name: string, weight: number): Scorer | null {
    const registry = this.registry;
    const exact = registry.trie.lookup(registry.words(name));
    // A key as facets give it (`islamic-state`) names its entity too.
    const key =
      exact >= 0
        ? registry.root(registry.key(exact))
        : registry.record(name) !== undefined
          ? registry.root(name)
          : resolveQueryEntities(registry, name, this.analyzer.tokenize(name), () => false)[0]?.key;
    if (key === undefined) return null;
    const scorers = this.withBranches([[key, weight]]);
    return scorers.length <= 1 ? (scorers[0] ?? null) : new DisjunctionScorer(scorers);
  }

  /** Where `text` names the entities, under any alias (for highlighting). */
  spans(text: string, entities: readonly QueryEntity[]): Span[] {
    if (entities.length === 0) return [];
    const registry = this.registry;
    const keys = new Set(entities.map((e) => e.key));
    const stream = registry.stream(text, this.analyzer.tokenize(text));
    return registry.trie.match(stream).flatMap((match) => {
      const key = registry.key(match.entity);
      return keys.has(registry.root(key))
        ? [{ term: key, start: stream[match.from]!.start, end: stream[match.to - 1]!.end }]
        : [];
    });
  }

  // One scorer per key at the largest weight asked for it, each key's branches included at
  // BRANCH_ENTITY_WEIGHT of it.
  private withBranches(weighted: readonly [key: string, weight: number][]): EntityScorer[] {
    const byKey = new Map<string, { weight: number; through?: string }>();
    const add = (key: string, w: number, through?: string): void => {
      if (w > (byKey.get(key)?.weight ?? -1))
        byKey.set(key, { weight: w, ...(through !== undefined && { through }) });
    };
    for (const [key, w] of weighted) {
      add(key, w);
      for (const branch of this.registry.branches(key)) add(branch, w * BRANCH_ENTITY_WEIGHT, key);
    }
    return [...byKey]
      .map(([key, { weight: w, through }]) => this.scorer(key, w, through))
      .filter((x): x is EntityScorer => x !== null);
  }

  // `through`: the parent entity the query named, when this one is its branch.
  private scorer(key: string, weight: number, through?: string): EntityScorer | null {
    const { index, registry } = this;
    const termIds = registry
      .members(key)
      .map((member) => index.terms.lookup(entityTerm(member)))
      .filter((id) => id >= 0 && index.docFrequency(id) > 0);
    if (termIds.length === 0) return null;
    const docFrequency = Math.min(
      index.docCount,
      termIds.reduce((sum, id) => sum + index.docFrequency(id), 0),
    );
    const name = registry.record(key)?.name ?? key;
    const label =
      through === undefined
        ? name
        : `${name}, through parent ${registry.record(through)?.name ?? through}`;
    return new EntityScorer(
      termIds.map((id) => index.cursor(true).reset(id)),
      termIds,
      index,
      idf(index.docCount, docFrequency),
      weight,
      this.k1,
      label,
    );
  }
}
