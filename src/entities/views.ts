import type { Analyzer } from '../analysis/index.js';
import type { InvertedIndex } from '../index/index.js';
import { MatchCounter } from '../index/match-counter.js';
import { salience } from '../ranking/entity-boost.js';
import type { DocumentEntity, EntityFacet, EntitySummary } from '../results.js';
import { type DocumentEntities, entityTerm } from './document-entities.js';
import type { EntityRegistry } from './registry.js';
import type { EntityType } from './types.js';

const TITLE = 0;
const BODY = 1;

/** What entity views read: the registry, the postings and each document's entity terms. */
export interface EntitySources {
  registry: EntityRegistry;
  inverted: InvertedIndex;
  documentEntities: DocumentEntities;
}

/** The entities document `docId` mentions, most salient first. */
export function entitiesOf(
  { registry, inverted, documentEntities }: EntitySources,
  docId: number,
): DocumentEntity[] {
  const byRoot = new Map<string, { title: number; body: number; first: number }>();
  const cursor = inverted.cursor(true);
  for (const termId of documentEntities.get(docId)) {
    if (cursor.reset(termId).advance(docId) !== docId) continue;
    const root = registry.root(inverted.terms.term(termId).slice(1));
    const seen = byRoot.get(root) ?? { title: 0, body: 0, first: Infinity };
    seen.title += cursor.tf[TITLE]!;
    seen.body += cursor.tf[BODY]!;
    if (cursor.tf[BODY]! > 0) seen.first = Math.min(seen.first, cursor.positions[BODY]![0]!);
    byRoot.set(root, seen);
  }
  const length = inverted.fieldLength(BODY, docId);
  return [...byRoot]
    .map(([key, seen]) => {
      const record = registry.record(key)!;
      return {
        key,
        name: record.name,
        type: record.type,
        mentions: seen.title + seen.body,
        inTitle: seen.title > 0,
        firstPosition: Number.isFinite(seen.first) ? seen.first : -1,
        salience: salience(seen.title, seen.body, seen.first, length),
      };
    })
    .sort(
      (a, b) => b.salience - a.salience || b.mentions - a.mentions || a.name.localeCompare(b.name),
    );
}

/** Every entity mentioned in the index with its number of documents, most frequent first. */
export function entityList(
  registry: EntityRegistry,
  inverted: InvertedIndex,
  options: { type?: EntityType; top?: number },
): EntitySummary[] {
  const counter = new MatchCounter();
  const allFields = (1 << inverted.fields.length) - 1;
  const out: EntitySummary[] = [];
  for (const key of registry.roots()) {
    const record = registry.record(key)!;
    if (options.type !== undefined && record.type !== options.type) continue;
    const termIds = registry
      .members(key)
      .map((m) => inverted.terms.lookup(entityTerm(m)))
      .filter((t) => t >= 0);
    const documents = counter.count(
      inverted,
      termIds.map((termId) => ({ termId, fieldMask: allFields })),
    );
    if (documents > 0)
      out.push({
        key,
        name: record.name,
        type: record.type,
        aliases: record.aliases,
        source: record.source,
        documents,
      });
  }
  out.sort((a, b) => b.documents - a.documents || a.name.localeCompare(b.name));
  return options.top === undefined ? out : out.slice(0, options.top);
}

/** The entities of these documents, each counted once per document, grouped by type, the `top` most frequent of each. */
export function entityFacets(
  { registry, inverted, documentEntities }: EntitySources,
  docs: readonly number[],
  top: number,
): Partial<Record<EntityType, EntityFacet[]>> {
  const counts = new Map<string, number>();
  for (const doc of docs) {
    const roots = new Set<string>();
    for (const termId of documentEntities.get(doc))
      roots.add(registry.root(inverted.terms.term(termId).slice(1)));
    for (const root of roots) counts.set(root, (counts.get(root) ?? 0) + 1);
  }
  const facets: Partial<Record<EntityType, EntityFacet[]>> = {};
  for (const [key, count] of counts) {
    const record = registry.record(key)!;
    (facets[record.type] ??= []).push({ key, name: record.name, count });
  }
  for (const list of Object.values(facets)) {
    list.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    list.splice(top);
  }
  return facets;
}

/** A name of an entity where it stands in a document's text. */
export interface EntityMention {
  /** The text field it is in. */
  field: string;
  /** `[start, end)` character offsets into that field's text. */
  start: number;
  end: number;
  /** The entity's root key. */
  key: string;
}

/** Where each text names a known entity (longest names first), by field. */
export function mentionsIn(
  registry: EntityRegistry,
  analyzer: Analyzer,
  fields: readonly { name: string; text: string }[],
): EntityMention[] {
  return fields.flatMap(({ name, text }) => {
    const stream = registry.stream(text, analyzer.tokenize(text));
    return registry.trie.match(stream).map((match) => ({
      field: name,
      start: stream[match.from]!.start,
      end: stream[match.to - 1]!.end,
      key: registry.root(registry.key(match.entity)),
    }));
  });
}
