import type { Analyzer, Token } from '../analysis/index.js';
import type { MetadataValue } from '../corpus/document.js';
import type { InvertedIndex } from '../index/index.js';
import { QuerySyntaxError } from '../errors.js';
import type { BooleanNode, FilterNode, PhraseNode, QueryNode, TermNode } from '../query/index.js';
import { idf } from '../ranking/bm25.js';
import {
  ConjunctionScorer,
  ExclusionScorer,
  MaxDisjunctionScorer,
  PhraseScorer,
  PredicateScorer,
  RequiredOptionalScorer,
} from './combinators.js';
import { autoDistance } from '../util/edit-distance.js';
import type { QueryEntity } from '../entities/index.js';
import type { EntityBoosts } from './entity-boosts.js';
import type { EntityScorer } from './entity-scorer.js';
import type { FieldScoring } from './field-scoring.js';
import { DisjunctionScorer, type Scorer, TermScorer } from './scorers.js';
import { metadataTest } from './metadata-test.js';
import type { MetadataType } from '../schema.js';

/** A query word matched to an indexed term it was not spelled as. */
export interface Correction {
  /** The word as typed. */
  word: string;
  /** The indexed term used instead (the closest, when several were). */
  term: string;
  /** Edits between them. */
  distance: number;
}

/** A query word that matched nothing and was left as typed, with the indexed term it may have meant. */
export interface Suggestion {
  /** The word as typed. */
  word: string;
  /** The nearest indexed term: "did you mean". */
  term: string;
}

/**
 * Every prefix, fuzzy and corrected word of one query draws its indexed terms from one budget,
 * and at most this many words may look up near spellings (each a scan of the dictionary), so
 * that a query within the length and clause limits stays cheap.
 */
export const EXPANSION_LIMITS = { terms: 1024, nearLookups: 64 } as const;

/** A correction is made only where a typo is likelier than a rare word: the term is in at least this many documents. */
const MIN_CORRECTION_DOCUMENTS = 2;

export interface PlanOptions {
  /** Prefix and fuzzy terms expand to at most this many indexed terms, most frequent first. */
  maxExpansions: number;
  /** Score multiplier per edit for fuzzy and corrected matches. */
  fuzzyPenalty: number;
  /** Correct words found in no document to their nearest indexed terms when sure. */
  typoTolerance: boolean;
}

/** What the planner reads besides the postings: metadata for filters. */
export interface PlanContext {
  index: InvertedIndex;
  analyzer: Analyzer;
  scoring: FieldScoring;
  metadata: (doc: number, field: string) => MetadataValue | undefined;
  /** The type of a metadata field, or undefined when the index has no such field. */
  metadataType: (field: string) => MetadataType | undefined;
  /** Text fields a term searches when the query names none. */
  defaultScope: Uint8Array;
  /** The entities named in queries and their salience scorers; absent when entities are off. */
  entities?: EntityBoosts;
  /** Weight of the entity boost (0: entities add their aliases' documents, unscored). */
  entityBoost: number;
  /** Whether plain words may name entities (not when the search narrows the fields). */
  plainEntities: boolean;
  /** Calls `found` for each indexed term of live documents within `max` edits of `word`. */
  nearTerms: (word: string, max: number, found: (termId: number, distance: number) => void) => void;
  options: PlanOptions;
}

/** What a query runs as: ranked parts for MaxScore, or one tree of scorers. */
export type QueryPlan =
  | {
      kind: 'ranked';
      /** Each distinct plain word's BM25F scorer (a word typed twice weighs twice). */
      terms: TermScorer[];
      /** Words no document has, read as the terms they surely misspell. */
      corrections: MaxDisjunctionScorer[];
      /** The entities the words name, scored by salience. */
      boosts: EntityScorer[];
      entities: QueryEntity[];
    }
  | { kind: 'tree'; root: Scorer | null; entities: QueryEntity[] };

/** A plan as one scorer: a ranked plan's parts summed, or the tree. */
export function planRoot(plan: QueryPlan): Scorer | null {
  return plan.kind === 'ranked'
    ? new DisjunctionScorer([...plan.terms, ...plan.corrections, ...plan.boosts])
    : plan.root;
}

/** The parts of a ranked plan, every one with true score bounds. */
export type RankedPart = TermScorer | MaxDisjunctionScorer | EntityScorer;

/**
 * Turns a parsed query into scorers over the index: a query of plain words becomes ranked
 * parts that run under MaxScore; any other, a tree of scorers. Words go through the same
 * analyzer as documents; nodes that can match nothing (stop words, unknown terms) drop out of
 * their group. Corrections made for unknown words are collected in {@link corrections}.
 */
export class QueryPlanner {
  readonly corrections: Correction[] = [];
  readonly suggestions: Suggestion[] = [];
  private expandedTerms = 0;
  private nearLookups = 0;
  private readonly nearCache = new Map<string, NearTerm[]>();
  /** Terms the query looks for (not those it excludes): what snippets highlight. */
  readonly wanted = new Set<string>();
  private excluding = 0;

  constructor(private readonly context: PlanContext) {}

  /**
   * The plan of a whole query. The words that name an entity still match as words: the entity
   * adds its aliases' documents and its salience boost on top, and never hides what the words find.
   */
  plan(ast: QueryNode): QueryPlan {
    const { entities: boosts, entityBoost, plainEntities } = this.context;
    // Plain words, perhaps with filters or exclusions beside them (`Tajik date:2024-09`,
    // `Tajik -Moscow`): the words name entities as they would alone, and the rest restricts.
    const words = plainText(ast, true);
    const entities =
      words !== undefined && boosts !== undefined && entityBoost > 0 && plainEntities
        ? boosts.resolve(words)
        : [];
    const entityScorers = boosts?.forQuery(entities, entityBoost) ?? [];
    if (words !== undefined && plainText(ast, false) !== undefined)
      return { kind: 'ranked', ...this.plainParts(words), boosts: entityScorers, entities };
    // The entities join the top group's optional words, so its filters hold for them too
    // (words are only plain, and name entities, where the top is a group).
    const root = ast.kind === 'bool' ? this.boolean(ast, entityScorers) : this.compile(ast);
    return { kind: 'tree', root, entities };
  }

  /** One BM25F scorer per term, its weight as the boost, over the default fields (not highlighted). */
  weightedTerms(weights: ReadonlyMap<number, number>): TermScorer[] {
    return [...weights].map(([termId, weight]) =>
      this.scorerOf(termId, this.context.defaultScope, weight),
    );
  }

  // Plain words as term scorers (repeats adding up), and corrections for words no document has.
  private plainParts(query: string): { terms: TermScorer[]; corrections: MaxDisjunctionScorer[] } {
    const { index, analyzer, defaultScope } = this.context;
    const counts = new Map<number, number>();
    const corrections: MaxDisjunctionScorer[] = [];
    for (const { token, weight, partsKnown } of queryTokens(analyzer, index, query)) {
      const termId = index.terms.lookup(token.term);
      if (termId >= 0 && index.docFrequency(termId) > 0) {
        counts.set(termId, (counts.get(termId) ?? 0) + weight);
        continue;
      }
      const corrected = this.correction(
        query.slice(token.start, token.end),
        defaultScope,
        1,
        true,
        partsKnown,
      );
      if (corrected !== null) corrections.push(corrected);
    }
    return {
      terms: [...counts].map(([termId, weight]) => this.termScorer(termId, defaultScope, weight)),
      corrections,
    };
  }

  compile(node: QueryNode): Scorer | null {
    switch (node.kind) {
      case 'term':
        return this.term(node);
      case 'phrase':
        return this.phrase(node);
      case 'entity':
        // Without entity recognition, the name is looked for as a phrase.
        return this.context.entities !== undefined
          ? this.context.entities.named(node.name, this.context.entityBoost * node.boost)
          : this.phrase({
              kind: 'phrase',
              text: node.name,
              slop: 0,
              boost: node.boost,
              start: node.start,
              end: node.end,
            });
      case 'filter':
        return this.filter(node);
      case 'bool':
        return this.boolean(node);
    }
  }

  private scope(field: string | undefined): Uint8Array {
    if (field === undefined) return this.context.defaultScope;
    const scope = new Uint8Array(this.context.index.fields.length);
    scope[this.context.index.fields.indexOf(field)] = 1;
    return scope;
  }

  // A term the query looks for (highlighted unless excluded).
  private termScorer(termId: number, scope: Uint8Array, boost: number): TermScorer {
    if (this.excluding === 0) this.wanted.add(this.context.index.terms.term(termId));
    return this.scorerOf(termId, scope, boost);
  }

  private scorerOf(termId: number, scope: Uint8Array, boost: number): TermScorer {
    const { index, scoring } = this.context;
    return new TermScorer(
      index.cursor(false).reset(termId),
      termId,
      scoring,
      scope,
      idf(index.docCount, index.docFrequency(termId)),
      boost,
    );
  }

  private term(node: TermNode, required = false): Scorer | null {
    const { index, analyzer, options } = this.context;
    const scope = this.scope(node.field);
    if (node.prefix) {
      const forms = new Set(
        [analyzer.normalized(node.text), analyzer.term(node.text)].filter(
          (f): f is string => f !== null,
        ),
      );
      const ids = new Set<number>();
      for (const form of forms)
        for (const id of index.terms.withPrefix(form)) if (index.docFrequency(id) > 0) ids.add(id);
      const chosen = [...ids]
        .sort((a, b) => index.docFrequency(b) - index.docFrequency(a))
        .slice(0, options.maxExpansions);
      return this.expansion(
        this.budgeted(chosen, node).map((id) => [id, 0]),
        scope,
        node.boost,
        `${node.text}*`,
      );
    }
    if (node.fuzzy !== undefined) {
      const normalized = analyzer.normalized(node.text) ?? node.text;
      const distance = node.fuzzy === 'auto' ? autoDistance(normalized) : node.fuzzy;
      const near = this.nearTerms(node.text, distance, node)!;
      return this.expansion(
        this.budgeted(
          near.map((t) => t.id),
          node,
        ).map((id, i) => [id, near[i]!.distance]),
        scope,
        node.boost,
        `${node.text}~${distance}`,
      );
    }
    const parts: Scorer[] = [];
    for (const { token, weight, partsKnown } of queryTokens(analyzer, index, node.text)) {
      const termId = index.terms.lookup(token.term);
      if (termId >= 0 && index.docFrequency(termId) > 0) {
        parts.push(this.termScorer(termId, scope, node.boost * weight));
        continue;
      }
      const corrected = this.correction(
        node.text.slice(token.start, token.end) || node.text,
        scope,
        node.boost,
        !required,
        partsKnown,
      );
      if (corrected !== null) parts.push(corrected);
    }
    return parts.length === 0
      ? null
      : parts.length === 1
        ? parts[0]!
        : new DisjunctionScorer(parts);
  }

  /**
   * A word no document has: corrected to the indexed terms spelled near it only when sure (one
   * edit from 5 letters, two from 9, in its folded or its stemmed form, to a term in at least
   * two documents), the nearest noted in {@link corrections}. Otherwise, or when typo
   * tolerance is off or the word is required (`may` false), the word stays as typed and the
   * nearest term within the usual fuzzy distance becomes a {@link suggestions} entry.
   */
  private correction(
    word: string,
    scope: Uint8Array,
    boost: number,
    may = true,
    partsKnown = false,
  ): MaxDisjunctionScorer | null {
    const { index, analyzer, options } = this.context;
    if (word.length < 4 || /\d/.test(word)) return null;
    // Past the budget a word is left as typed (nearTerms gives null): no correction hides nothing.
    const near = partsKnown
      ? this.joinedTerms(word)
      : this.nearTerms(word, autoDistance(analyzer.normalized(word) ?? word));
    if (near === null || near.length === 0) return null;
    const sure =
      may && options.typoTolerance
        ? near.filter((t) => t.sure && index.docFrequency(t.id) >= MIN_CORRECTION_DOCUMENTS)
        : [];
    if (sure.length === 0) {
      if (!this.suggestions.some((s) => s.word === word))
        this.suggestions.push({ word, term: index.terms.term(near[0]!.id) });
      return null;
    }
    const ids = this.budgeted(
      sure.map((t) => t.id),
      undefined,
    );
    if (ids.length === 0) return null;
    this.corrections.push({
      word,
      term: index.terms.term(sure[0]!.id),
      distance: sure[0]!.distance,
    });
    return this.expansion(
      ids.map((id, i) => [id, sure[i]!.distance]),
      scope,
      boost,
      word,
    );
  }

  // Takes up to `ids.length` terms from the query's budget; a prefix or fuzzy word past it is
  // refused (the query would otherwise answer something other than what it asked), a
  // correction gets what is left.
  private budgeted(ids: number[], node: TermNode | undefined): number[] {
    const left = EXPANSION_LIMITS.terms - this.expandedTerms;
    if (ids.length > left && node !== undefined) {
      throw new QuerySyntaxError(
        `prefix and fuzzy words expand to more than ${EXPANSION_LIMITS.terms} indexed terms in all`,
        node.start,
      );
    }
    const taken = ids.slice(0, Math.max(0, left));
    this.expandedTerms += taken.length;
    return taken;
  }

  // A hyphenated word whose parts are all indexed is read by its parts; what is left to find
  // is the word written as one (`birth-weight`: `birthweight`), one edit away and sure. The
  // parts already match, so no search of every near spelling is spent on it.
  private joinedTerms(word: string): NearTerm[] {
    const { index, analyzer } = this.context;
    const termId = index.terms.lookup(analyzer.term(word.replaceAll('-', '')) ?? '');
    return termId >= 0 && index.docFrequency(termId) > 0
      ? [{ id: termId, distance: 1, sure: true }]
      : [];
  }

  // Indexed terms within `distance` edits of the word (folded or stemmed), nearest and then
  // most frequent first, at most maxExpansions of them; `sure` where a form is within the
  // distance its length makes a typo certain. For a correction (no `node`) each form is
  // searched only as far as its own length allows: a shorter stem two edits off is never sure,
  // and two edits from four letters reach a tenth of the dictionary. A correction uses only
  // the sure terms, and a suggestion the nearest: so the farther ring is read only when no
  // form has a sure term, and the list such a lookup keeps may lack it.
  // Past the lookup budget: refused for a fuzzy word (`node`), null for a correction.
  private nearTerms(word: string, distance: number, node?: TermNode): NearTerm[] | null {
    const key = `${node === undefined ? 'correction' : 'fuzzy'}\u0000${distance}\u0000${word}`;
    const cached = this.nearCache.get(key);
    if (cached !== undefined) return cached;
    if (this.nearLookups >= EXPANSION_LIMITS.nearLookups) {
      if (node === undefined) return null;
      throw new QuerySyntaxError(
        `more than ${EXPANSION_LIMITS.nearLookups} fuzzy words`,
        node.start,
      );
    }
    this.nearLookups++;
    const { index, analyzer, options } = this.context;
    const forms = [
      ...new Set(
        [analyzer.normalized(word), analyzer.term(word)].filter((f): f is string => f !== null),
      ),
    ];
    const nearest = new Map<number, NearTerm>();
    const search = (form: string, within: number): void => {
      const sureWithin = sureDistance(form);
      this.context.nearTerms(form, within, (id, d) => {
        const seen = nearest.get(id);
        if (seen === undefined) nearest.set(id, { id, distance: d, sure: d <= sureWithin });
        else {
          seen.distance = Math.min(seen.distance, d);
          seen.sure ||= d <= sureWithin;
        }
      });
    };
    if (node !== undefined) for (const form of forms) search(form, distance);
    else {
      const reach = forms.map((form) => Math.min(distance, autoDistance(form)));
      forms.forEach((form, i) => search(form, Math.min(reach[i]!, sureDistance(form))));
      if (nearest.size === 0)
        forms.forEach((form, i) => {
          if (reach[i]! > sureDistance(form)) search(form, reach[i]!);
        });
    }
    // Ties go by the terms' text, the same whatever order the index first saw them in.
    const found = [...nearest.values()].sort(
      (a, b) =>
        a.distance - b.distance ||
        index.docFrequency(b.id) - index.docFrequency(a.id) ||
        compareText(index.terms.term(a.id), index.terms.term(b.id)),
    );
    const out = found.slice(0, options.maxExpansions);
    this.nearCache.set(key, out);
    return out;
  }

  private expansion(
    terms: [number, number][],
    scope: Uint8Array,
    boost: number,
    label: string,
  ): MaxDisjunctionScorer | null {
    if (terms.length === 0) return null;
    const penalty = this.context.options.fuzzyPenalty;
    return new MaxDisjunctionScorer(
      terms.map(([id]) => this.termScorer(id, scope, boost)),
      terms.map(([, distance]) => penalty ** distance),
      label,
    );
  }

  private phrase(node: PhraseNode): Scorer | null {
    const { index, analyzer, scoring } = this.context;
    const scope = this.scope(node.field);
    const tokens = analyzer
      .analyze(node.text)
      .filter((t, i, all) => i === 0 || all[i - 1]!.position !== t.position);
    if (tokens.length === 0) return null;
    if (tokens.length === 1)
      return this.term({
        kind: 'term',
        text: node.text,
        ...(node.field !== undefined && { field: node.field }),
        prefix: false,
        boost: node.boost,
        start: node.start,
        end: node.end,
      });
    const termIds = tokens.map((t) => index.terms.lookup(t.term));
    if (termIds.some((id) => id < 0 || index.docFrequency(id) === 0)) return null;
    const idfSum = termIds.reduce(
      (sum, id) => sum + idf(index.docCount, index.docFrequency(id)),
      0,
    );
    if (this.excluding === 0) for (const token of tokens) this.wanted.add(token.term);
    return new PhraseScorer(
      termIds.map((id) => index.cursor(true).reset(id)),
      tokens.map((t) => t.position - tokens[0]!.position),
      node.slop,
      scoring,
      scope,
      idfSum,
      node.boost,
      node.text,
    );
  }

  private filter(node: FilterNode): Scorer {
    const { index, metadata, metadataType } = this.context;
    const type = metadataType(node.field);
    if (type === undefined)
      throw new QuerySyntaxError(`no metadata field "${node.field}" in this index`, node.start);
    let test: (value: MetadataValue | undefined) => boolean;
    try {
      test = metadataTest(node.value, type);
    } catch (error) {
      throw new QuerySyntaxError(
        `${node.field} is a ${type} field: ${(error as Error).message}`,
        node.start,
      );
    }
    return new PredicateScorer(
      index.docIdLimit,
      index.deleted,
      (doc) => test(metadata(doc, node.field)),
      `${node.field}:${typeof node.value === 'string' ? node.value : `${node.value.from ?? ''}..${node.value.to ?? ''}`}`,
    );
  }

  private boolean(node: BooleanNode, alternatives: readonly Scorer[] = []): Scorer | null {
    const must: Scorer[] = [];
    const should: Scorer[] = [];
    const mustNot: Scorer[] = [];
    // Filters and entity scopes always restrict, whatever their operator says, unless excluded;
    // they are kept apart so that they never make the other words optional (`Tajik
    // entity:taliban` is Tajik articles about the Taliban, not every article about them).
    const filters: Scorer[] = [];
    let unmatchedWords = false;
    for (const { occur, node: child } of node.clauses) {
      if (occur === 'mustNot') this.excluding++;
      // A required word is never corrected: the user insisted on it as typed.
      const scorer =
        occur === 'must' && child.kind === 'term' ? this.term(child, true) : this.compile(child);
      if (occur === 'mustNot') this.excluding--;
      const isFilter = (child.kind === 'filter' || child.kind === 'entity') && occur !== 'mustNot';
      if (scorer === null) {
        if (isVacuous(child, this.context.analyzer)) continue;
        if (occur === 'must' || isFilter) return null;
        if (occur === 'should') unmatchedWords = true;
        continue;
      }
      (isFilter ? filters : occur === 'must' ? must : occur === 'should' ? should : mustNot).push(
        scorer,
      );
    }
    should.push(...alternatives);
    const optional =
      should.length === 0
        ? undefined
        : should.length === 1
          ? should[0]!
          : new DisjunctionScorer(should);
    const required = [...must];
    // Without a required word, one of the optional words must match…
    if (must.length === 0 && optional !== undefined) required.push(optional);
    // …and words that all match nothing match nothing, filters or not.
    else if (must.length === 0 && unmatchedWords) return null;
    required.push(...filters);
    let scorer: Scorer;
    if (required.length > 0)
      scorer = required.length === 1 ? required[0]! : new ConjunctionScorer(required);
    else if (mustNot.length > 0) {
      const { index } = this.context;
      scorer = new PredicateScorer(index.docIdLimit, index.deleted, () => true, 'all documents');
    } else return null;
    if (must.length > 0 && optional !== undefined)
      scorer = new RequiredOptionalScorer(scorer, optional);
    if (mustNot.length > 0)
      scorer = new ExclusionScorer(
        scorer,
        mustNot.length === 1 ? mustNot[0]! : new DisjunctionScorer(mustNot),
      );
    return scorer;
  }
}

/** Weight of each part of a hyphenated query word whose joined form is indexed. */
export const HYPHEN_PART_WEIGHT = 0.5;

/**
 * A query text's tokens with their weights: the parts of a hyphenated word (`ISIS-K` gives
 * `isis-k`, `isis`, `k` at one position) count half where documents have the joined form,
 * which is what was typed (`k` alone matches nearly anything); in full where they do not.
 */
export function queryTokens(
  analyzer: Analyzer,
  index: InvertedIndex,
  text: string,
): { token: Token; weight: number; partsKnown?: true }[] {
  const tokens = analyzer.analyze(text);
  const out: { token: Token; weight: number; partsKnown?: true }[] = [];
  const indexed = (token: Token): boolean => {
    const termId = index.terms.lookup(token.term);
    return termId >= 0 && index.docFrequency(termId) > 0;
  };
  let joinedAt = -1;
  tokens.forEach((token, i) => {
    const isPart = token.position === joinedAt;
    out.push({ token, weight: isPart ? HYPHEN_PART_WEIGHT : 1 });
    if (isPart || !token.term.includes('-')) return;
    if (indexed(token)) {
      joinedAt = token.position;
      return;
    }
    joinedAt = -1;
    // A hyphenated word no document has, whose parts all are: the parts answer for it, and
    // it is not a misspelling to correct.
    let parts = 0;
    for (let j = i + 1; j < tokens.length && tokens[j]!.position === token.position; j++, parts++)
      if (!indexed(tokens[j]!)) return;
    if (parts > 0) out[out.length - 1]!.partsKnown = true;
  });
  return out;
}

// The words of a query that is nothing but plain words (no operators, fields, phrases,
// prefixes, fuzzy marks or boosts), or undefined. Groups of optional words read as their
// words: `(a b) c` scores as `a b c`. With `besideFilters`, filters, entity scopes and
// exclusions at the top are passed over (`Tajik -Moscow` names Tajikistan as `Tajik` does).
function plainText(ast: QueryNode, besideFilters: boolean): string | undefined {
  if (ast.kind !== 'bool') return undefined;
  const words: string[] = [];
  for (const { occur, node } of ast.clauses) {
    if (besideFilters && (node.kind === 'filter' || node.kind === 'entity' || occur === 'mustNot'))
      continue;
    if (occur !== 'should') return undefined;
    if (node.kind === 'bool') {
      const inner = plainText(node, false);
      if (inner === undefined) return undefined;
      if (inner !== '') words.push(inner);
      continue;
    }
    if (
      node.kind !== 'term' ||
      node.field !== undefined ||
      node.prefix ||
      node.fuzzy !== undefined ||
      node.boost !== 1
    )
      return undefined;
    words.push(node.text);
  }
  return words.join(' ');
}

interface NearTerm {
  id: number;
  distance: number;
  sure: boolean;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Edits within which a misspelling of a word this long is surely a typo (Meilisearch's rule).
function sureDistance(form: string): number {
  return form.length >= 9 ? 2 : form.length >= 5 ? 1 : 0;
}

// A required clause that is only stop words asks for nothing, so it must not empty the result.
function isVacuous(node: QueryNode, analyzer: Analyzer): boolean {
  return (
    (node.kind === 'term' &&
      !node.prefix &&
      node.fuzzy === undefined &&
      analyzer.analyze(node.text).length === 0) ||
    (node.kind === 'phrase' && analyzer.analyze(node.text).length === 0)
  );
}
