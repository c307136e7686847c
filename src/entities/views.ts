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

/** A term id whose entity root `entityFacets` has not looked up yet. */
export const UNRESOLVED = -2;

const scratch = { counts: new Uint32Array(0), lastDoc: new Int32Array(0) };

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
  rootOfTerm: Int32Array,
): Partial<Record<EntityType, EntityFacet[]>> {
  // Integers all the way: each entity term's root id found once (`rootOfTerm`, by term id,
  // UNRESOLVED until then, kept by the caller while the index is unchanged), each document counted once
  // per root by remembering the last document that counted it. The arrays are shared between
  // calls and only the entries touched are reset, so a call costs the matches, not the registry.
  if (scratch.counts.length < registry.size) {
    scratch.counts = new Uint32Array(registry.size);
    scratch.lastDoc = new Int32Array(registry.size).fill(-1);
  }
  const { counts, lastDoc } = scratch;
  const touched: number[] = [];
  // Read from the flat array: a view per document would cost more than the counting.
  const ids = documentEntities.flat;
  for (const doc of docs) {
    const end = documentEntities.end(doc);
    for (let i = documentEntities.start(doc); i < end; i++) {
      const termId = ids[i]!;
      let root = rootOfTerm[termId]!;
      if (root === UNRESOLVED) {
        root = registry.rootId(inverted.terms.term(termId).slice(1));
        rootOfTerm[termId] = root;
      }
      if (root < 0 || lastDoc[root] === doc) continue;
      if (counts[root] === 0) touched.push(root);
      lastDoc[root] = doc;
      counts[root]!++;
    }
  }
  // Per type, the `top` highest counts are found without sorting every entity, and names read
  // only for those kept.
  const byType = new Map<EntityType, number[]>();
  for (const root of touched) {
    const type = registry.typeOf(root);
    const list = byType.get(type);
    if (list === undefined) byType.set(type, [root]);
    else list.push(root);
  }
  const facets: Partial<Record<EntityType, EntityFacet[]>> = {};
  for (const [type, roots] of byType) {
    facets[type] = topRoots(roots, counts, top)
      .map((root) => ({
        key: registry.key(root),
        name: registry.nameOf(root),
        count: counts[root]!,
      }))
      .sort((a, b) => b.count - a.count || byName.compare(a.name, b.name));
  }
  for (const root of touched) {
    counts[root] = 0;
    lastDoc[root] = -1;
  }
  return facets;
}

const byName = new Intl.Collator();

// The `n` roots of highest count (the lower id first among equals: gazetteer entities, added
// first, before names found by rule), by insertion into a small sorted buffer.
function topRoots(roots: readonly number[], counts: Uint32Array, n: number): number[] {
  const best: number[] = [];
  const before = (a: number, b: number): boolean =>
    counts[a]! > counts[b]! || (counts[a] === counts[b] && a < b);
  for (const root of roots) {
    if (best.length === n && !before(root, best[n - 1]!)) continue;
    let at = best.length === n ? n - 1 : best.length;
    while (at > 0 && before(root, best[at - 1]!)) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = root;
  }
  return best;
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
