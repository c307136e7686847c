import type { Analyzer } from '../analysis/index.js';
import type { MetadataValue } from '../corpus/document.js';
import type { InvertedIndex } from '../index/index.js';
import type { BooleanNode, FilterNode, PhraseNode, QueryNode, TermNode } from '../query/index.js';
import { idf } from '../ranking/bm25.js';
import { ConjunctionScorer, ExclusionScorer, MaxDisjunctionScorer, PhraseScorer, PredicateScorer, RequiredOptionalScorer } from './combinators.js';
import { popcount } from './bits.js';
import { autoDistance, boundedEditDistance, letterSignature } from './edit-distance.js';
import { DisjunctionScorer, type FieldScoring, type Scorer, TermScorer } from './scorers.js';

/** Term ids of one length, and each term's {@link letterSignature}. */
export interface TermsOfLength {
  ids: Int32Array;
  signatures: Int32Array;
}

/** A query word matched to an indexed term it was not spelled as. */
export interface Correction {
  /** The word as typed. */
  word: string;
  /** The indexed term used instead (the closest, when several were). */
  term: string;
  /** Edits between them. */
  distance: number;
}

export interface PlanOptions {
  /** Prefix and fuzzy terms expand to at most this many indexed terms, most frequent first. */
  maxExpansions: number;
  /** Score multiplier per edit for fuzzy and corrected matches. */
  fuzzyPenalty: number;
  /** Match words found in no document to their nearest indexed terms. */
  typoTolerance: boolean;
}

/** What the planner reads besides the postings: metadata for filters. */
export interface PlanContext {
  index: InvertedIndex;
  analyzer: Analyzer;
  scoring: FieldScoring;
  metadata: (doc: number, field: string) => MetadataValue | undefined;
  /** Text fields a term searches when the query names none. */
  defaultScope: Uint8Array;
  /** Documents about the named entity, scored by salience times `boost`; absent when entities are off. */
  entity?: (name: string, boost: number) => Scorer | null;
  /** Indexed terms (in live documents) of exactly this many characters, with their letter signatures. */
  termsOfLength: (length: number) => TermsOfLength;
  options: PlanOptions;
}

/**
 * Turns a parsed query into a tree of scorers over the index. Words go through the same
 * analyzer as documents; nodes that can match nothing (stop words, unknown terms) drop out of
 * their group. Corrections made for unknown words are collected in {@link corrections}.
 */
export class QueryPlanner {
  readonly corrections: Correction[] = [];
  /** Terms the query looks for (not those it excludes): what snippets highlight. */
  readonly wanted = new Set<string>();
  private excluding = 0;

  constructor(private readonly context: PlanContext) {}

  compile(node: QueryNode): Scorer | null {
    switch (node.kind) {
      case 'term':
        return this.term(node);
      case 'phrase':
        return this.phrase(node);
      case 'entity':
        // Without entity recognition, the name is looked for as a phrase.
        return this.context.entity !== undefined
          ? this.context.entity(node.name, node.boost)
          : this.phrase({ kind: 'phrase', text: node.name, slop: 0, boost: node.boost, start: node.start, end: node.end });
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

  private termScorer(termId: number, scope: Uint8Array, boost: number): TermScorer {
    const { index, scoring } = this.context;
    if (this.excluding === 0) this.wanted.add(index.terms.term(termId));
    return new TermScorer(index.cursor(false).reset(termId), termId, scoring, scope, idf(index.docCount, index.docFrequency(termId)), boost);
  }

  private term(node: TermNode): Scorer | null {
    const { index, analyzer, options } = this.context;
    const scope = this.scope(node.field);
    if (node.prefix) {
      const forms = new Set([analyzer.normalized(node.text), analyzer.term(node.text)].filter((f): f is string => f !== null));
      const ids = new Set<number>();
      for (const form of forms) for (const id of index.terms.withPrefix(form)) if (index.docFrequency(id) > 0) ids.add(id);
      const chosen = [...ids].sort((a, b) => index.docFrequency(b) - index.docFrequency(a)).slice(0, options.maxExpansions);
      return this.expansion(chosen.map((id) => [id, 0]), scope, node.boost, `${node.text}*`);
    }
    if (node.fuzzy !== undefined) {
      const normalized = analyzer.normalized(node.text) ?? node.text;
      const distance = node.fuzzy === 'auto' ? autoDistance(normalized) : node.fuzzy;
      return this.expansion(this.nearTerms(node.text, distance), scope, node.boost, `${node.text}~${distance}`);
    }
    const parts: Scorer[] = [];
    for (const token of analyzer.analyze(node.text)) {
      const termId = index.terms.lookup(token.term);
      if (termId >= 0 && index.docFrequency(termId) > 0) {
        parts.push(this.termScorer(termId, scope, node.boost));
        continue;
      }
      const corrected = this.correction(node.text.slice(token.start, token.end) || node.text, scope, node.boost);
      if (corrected !== null) parts.push(corrected);
    }
    return parts.length === 0 ? null : parts.length === 1 ? parts[0]! : new DisjunctionScorer(parts);
  }

  /**
   * A word no document has, matched through the indexed terms spelled near it (typo
   * tolerance), the nearest noted in {@link corrections}; null when typo tolerance is off, the
   * word is short or has digits, or nothing is near.
   */
  correction(word: string, scope: Uint8Array, boost: number): MaxDisjunctionScorer | null {
    const { index, analyzer, options } = this.context;
    if (!options.typoTolerance || word.length < 4 || /\d/.test(word)) return null;
    const near = this.nearTerms(word, autoDistance(analyzer.normalized(word) ?? word));
    if (near.length === 0) return null;
    const [best, distance] = near[0]!;
    this.corrections.push({ word, term: index.terms.term(best), distance });
    return this.expansion(near, scope, boost, word);
  }

  // Indexed terms within `distance` edits of the word (normalized or stemmed), nearest and
  // then most frequent first, at most maxExpansions of them.
  private nearTerms(word: string, distance: number): [number, number][] {
    const { index, analyzer, options } = this.context;
    const forms = [...new Set([analyzer.normalized(word), analyzer.term(word)].filter((f): f is string => f !== null))];
    const found: [number, number][] = [];
    if (forms.length === 0) return found;
    const lengths = new Set<number>();
    for (const form of forms) for (let n = form.length - distance; n <= form.length + distance; n++) if (n > 0) lengths.add(n);
    const signatures = forms.map(letterSignature);
    for (const length of lengths) {
      const bucket = this.context.termsOfLength(length);
      for (let i = 0; i < bucket.ids.length; i++) {
        let best = distance + 1;
        for (let f = 0; f < forms.length; f++) {
          if (popcount(signatures[f]! ^ bucket.signatures[i]!) > 2 * distance) continue;
          best = Math.min(best, boundedEditDistance(forms[f]!, index.terms.term(bucket.ids[i]!), distance));
        }
        if (best <= distance) found.push([bucket.ids[i]!, best]);
      }
    }
    return found.sort((a, b) => a[1] - b[1] || index.docFrequency(b[0]) - index.docFrequency(a[0])).slice(0, options.maxExpansions);
  }

  private expansion(terms: [number, number][], scope: Uint8Array, boost: number, label: string): MaxDisjunctionScorer | null {
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
    const tokens = analyzer.analyze(node.text).filter((t, i, all) => i === 0 || all[i - 1]!.position !== t.position);
    if (tokens.length === 0) return null;
    if (tokens.length === 1) return this.term({ kind: 'term', text: node.text, ...(node.field !== undefined && { field: node.field }), prefix: false, boost: node.boost, start: node.start, end: node.end });
    const termIds = tokens.map((t) => index.terms.lookup(t.term));
    if (termIds.some((id) => id < 0 || index.docFrequency(id) === 0)) return null;
    const idfSum = termIds.reduce((sum, id) => sum + idf(index.docCount, index.docFrequency(id)), 0);
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
    const { index, metadata } = this.context;
    const test = metadataTest(node.value);
    return new PredicateScorer(index.docIdLimit, index.deleted, (doc) => test(metadata(doc, node.field)), `${node.field}:${typeof node.value === 'string' ? node.value : `${node.value.from ?? ''}..${node.value.to ?? ''}`}`);
  }

  private boolean(node: BooleanNode): Scorer | null {
    const must: Scorer[] = [];
    const should: Scorer[] = [];
    const mustNot: Scorer[] = [];
    for (const { occur, node: child } of node.clauses) {
      if (occur === 'mustNot') this.excluding++;
      const scorer = this.compile(child);
      if (occur === 'mustNot') this.excluding--;
      // Filters and entity scopes always restrict, whatever their operator says, unless excluded.
      const effective = (child.kind === 'filter' || child.kind === 'entity') && occur === 'should' ? 'must' : occur;
      if (scorer === null) {
        if (effective === 'must' && !isVacuous(child, this.context.analyzer)) return null;
        continue;
      }
      (effective === 'must' ? must : effective === 'should' ? should : mustNot).push(scorer);
    }
    let required: Scorer;
    if (must.length > 0) required = must.length === 1 ? must[0]! : new ConjunctionScorer(must);
    else if (should.length > 0) required = should.length === 1 ? should[0]! : new DisjunctionScorer(should);
    else if (mustNot.length > 0) {
      const { index } = this.context;
      required = new PredicateScorer(index.docIdLimit, index.deleted, () => true, 'all documents');
    } else return null;
    if (must.length > 0 && should.length > 0) required = new RequiredOptionalScorer(required, should.length === 1 ? should[0]! : new DisjunctionScorer(should));
    if (mustNot.length > 0) required = new ExclusionScorer(required, mustNot.length === 1 ? mustNot[0]! : new DisjunctionScorer(mustNot));
    return required;
  }
}

// A required clause that is only stop words asks for nothing, so it must not empty the result.
function isVacuous(node: QueryNode, analyzer: Analyzer): boolean {
  return (node.kind === 'term' && !node.prefix && node.fuzzy === undefined && analyzer.analyze(node.text).length === 0) || (node.kind === 'phrase' && analyzer.analyze(node.text).length === 0);
}

/**
 * A predicate over one metadata value: equality (case-insensitive for strings), or an
 * inclusive range, numeric when both sides are numbers, else by string order, where a range
 * end matches every value it prefixes (`..2024-06` includes `2024-06-30`).
 */
export function metadataTest(condition: string | number | boolean | { from?: string | number; to?: string | number }): (value: MetadataValue | undefined) => boolean {
  if (typeof condition !== 'object') {
    const wanted = String(condition).toLowerCase();
    return (value) => value !== undefined && String(value).toLowerCase() === wanted;
  }
  const { from, to } = condition;
  return (value) => {
    if (value === undefined || typeof value === 'boolean') return false;
    const numeric = typeof value === 'number' || /^-?\d+(\.\d+)?$/.test(value);
    const compare = (bound: string | number): number => {
      if (numeric && /^-?\d+(\.\d+)?$/.test(String(bound))) return Number(value) - Number(bound);
      const text = String(value);
      return text < String(bound) ? -1 : text > String(bound) ? 1 : 0;
    };
    if (from !== undefined && compare(from) < 0) return false;
    if (to !== undefined && compare(to) > 0 && !String(value).startsWith(String(to))) return false;
    return true;
  };
}
