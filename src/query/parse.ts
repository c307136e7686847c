import { QuerySyntaxError } from '../errors.js';
import type { BooleanNode, Occur, QueryNode } from './ast.js';

export interface ParseOptions {
  /** How bare clauses combine: `'or'` (default, ranked) or `'and'` (all required). */
  defaultOperator?: 'or' | 'and';
  /** Text fields that `name:value` scopes to (default title and body). */
  textFields?: readonly string[];
  /** True for names that `name:value` treats as a metadata filter (besides text fields and entity). */
  isMetadataField?: (name: string) => boolean;
  /**
   * Refuse what cannot be read as the query language (a stray `)`, `word^x`, a lone `title:`)
   * with {@link QuerySyntaxError} (default false: such text is read as words).
   */
  strict?: boolean;
}

/** The query language's limits, in strict and lenient reading alike: beyond them a query is refused, not run slowly. */
export const QUERY_LIMITS = {
  maxClauses: 1024,
  maxDepth: 32,
  maxLength: 100_000,
  maxBoost: 10_000,
} as const;

const DEFAULT_TEXT_FIELDS = ['title', 'body'];
const NUMBER = /^\d+(\.\d+)?$/;

/**
 * Parses the query language (see docs/QUERY.md) into an AST.
 *
 * Lenient by default, as pasted text needs: an unclosed quote or parenthesis runs to the end,
 * an operator with nothing to join (`AND` at the end, `OR OR`) is a word, and so is whatever
 * cannot be read as an operator (a stray `)` is passed over, `word^x` and `title:` are words).
 * With `strict`, those throw {@link QuerySyntaxError} with the character position. A query
 * past {@link QUERY_LIMITS} throws in both.
 *
 * @example
 * parseQuery('Tajik AND (migrants OR airports)');
 * parseQuery('attack^x )'); // the words "attack^x"; the stray ) is passed over
 */
export function parseQuery(text: string, options: ParseOptions = {}): QueryNode {
  checkLength(text);
  const parser = new Parser(text, options);
  const node = parser.group(0, undefined);
  if (parser.at < text.length) throw new QuerySyntaxError("unmatched ')'", parser.at);
  return node;
}

/**
 * Every whitespace-separated word as a plain, optional word, for text that is not to be read
 * as query syntax (claims, titles, pasted text); the length and clause limits hold.
 *
 * @example
 * plainWords('"press conference" AND -Tajik'); // four optional words, quotes and all
 */
export function plainWords(text: string): BooleanNode {
  checkLength(text);
  const clauses: { occur: 'should'; node: QueryNode }[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    if (clauses.length === QUERY_LIMITS.maxClauses)
      throw new QuerySyntaxError(`more than ${QUERY_LIMITS.maxClauses} clauses`, match.index);
    clauses.push({
      occur: 'should',
      node: {
        kind: 'term',
        text: match[0],
        prefix: false,
        boost: 1,
        start: match.index,
        end: match.index + match[0].length,
      },
    });
  }
  return { kind: 'bool', clauses, start: 0, end: text.length };
}

function checkLength(text: string): void {
  if (text.length > QUERY_LIMITS.maxLength) {
    throw new QuerySyntaxError(
      `query is longer than ${QUERY_LIMITS.maxLength} characters`,
      QUERY_LIMITS.maxLength,
    );
  }
}

/** A suffix that is not a valid `~N` or `^N`: refused when strict, else read as text. */
class BadSuffix {
  constructor(
    readonly reason: string,
    readonly at: number,
  ) {}
}

interface Suffixes {
  fuzzy?: number | 'auto';
  slop?: number;
  boost: number;
}

interface PendingClause {
  occur: Occur | undefined;
  node: QueryNode;
}

class Parser {
  at = 0;
  private clauses = 0;

  private readonly strict: boolean;

  constructor(
    private readonly text: string,
    private readonly options: ParseOptions,
  ) {
    this.strict = options.strict === true;
  }

  /** A sequence of clauses up to `)` or the end, with AND/OR/NOT applied Lucene-style. */
  group(depth: number, field: string | undefined): BooleanNode {
    if (depth > QUERY_LIMITS.maxDepth)
      throw new QuerySyntaxError(
        `parentheses nested deeper than ${QUERY_LIMITS.maxDepth}`,
        this.at,
      );
    const start = this.at;
    const clauses: PendingClause[] = [];
    let conjunction: 'AND' | 'OR' | undefined;
    for (;;) {
      this.skipSpace();
      if (this.at >= this.text.length) break;
      if (this.text[this.at] === ')') {
        // A stray `)` at the top closes nothing: passed over unless strict.
        if (depth > 0 || this.strict) break;
        this.at++;
        continue;
      }
      const operator = this.operator();
      if (operator === 'AND' || operator === 'OR') {
        if (clauses.length > 0 && this.hasClauseAhead()) {
          conjunction = operator;
          continue;
        }
      }
      let occur: Occur | undefined;
      if (operator === 'NOT' && this.hasClauseAhead()) {
        occur = 'mustNot';
        this.skipSpace();
      } else if (operator !== undefined) {
        // An operator with nothing to join is an ordinary word.
        this.at -= operator.length;
      }
      if (
        occur === undefined &&
        (this.text[this.at] === '+' || this.text[this.at] === '-') &&
        this.isClauseStart(this.at + 1)
      ) {
        occur = this.text[this.at] === '+' ? 'must' : 'mustNot';
        this.at++;
      }
      const node = this.clause(depth, field);
      if (node === undefined) continue;
      if (++this.clauses > QUERY_LIMITS.maxClauses)
        throw new QuerySyntaxError(`more than ${QUERY_LIMITS.maxClauses} clauses`, node.start);
      const clause: PendingClause = { occur, node };
      if (conjunction !== undefined) {
        const previous = clauses[clauses.length - 1]!;
        const joined: Occur = conjunction === 'AND' ? 'must' : 'should';
        if (previous.occur === undefined || (previous.occur !== 'mustNot' && conjunction === 'AND'))
          previous.occur = joined;
        if (clause.occur === undefined) clause.occur = joined;
        conjunction = undefined;
      }
      clauses.push(clause);
    }
    const fallback: Occur = this.options.defaultOperator === 'and' ? 'must' : 'should';
    return {
      kind: 'bool',
      clauses: clauses.map(({ occur, node }) => ({ occur: occur ?? fallback, node })),
      start,
      end: this.at,
    };
  }

  private clause(depth: number, field: string | undefined): QueryNode | undefined {
    const start = this.at;
    const c = this.text[this.at];
    if (c === '(') return this.parenthesized(depth, field, start);
    if (c === '"') return this.phrase(field, start);
    // A field scope: name:value, where name is a known field.
    const scoped = /^([A-Za-z_][\w.-]*):/.exec(this.text.slice(this.at, this.at + 64));
    if (scoped !== null && field === undefined) {
      const lower = scoped[1]!.toLowerCase();
      const textField = (this.options.textFields ?? DEFAULT_TEXT_FIELDS).find(
        (f) => f.toLowerCase() === lower,
      );
      const isEntity = lower === 'entity';
      const isMetadata =
        textField === undefined && !isEntity && this.options.isMetadataField?.(scoped[1]!) === true;
      const next = this.text[this.at + scoped[0].length];
      if (textField !== undefined || isEntity || isMetadata) {
        if (next === undefined || /\s|\)/.test(next)) {
          if (this.strict)
            throw new QuerySyntaxError(
              `field "${scoped[1]}" needs a value`,
              this.at + scoped[0].length,
            );
          return this.word(field, start);
        }
        this.at += scoped[0].length;
        if (isMetadata) return this.filter(scoped[1]!, start);
        if (isEntity) return this.entity(start);
        if (next === '(') return this.parenthesized(depth, textField, start);
        if (next === '"') return this.phrase(textField, start);
        return this.word(textField, start);
      }
      // `name:from..to` asks for a range of a field: on a field the index lacks, that is no
      // query to read as words.
      if (
        /^[^\s()]*\.\.[^\s()]*/.test(this.text.slice(this.at + scoped[0].length)) &&
        next !== undefined &&
        !/\s/.test(next)
      )
        throw new QuerySyntaxError(`no field "${scoped[1]}" in this index`, start);
    }
    return this.word(field, start);
  }

  // A group in parentheses (the opening one at the read position); unclosed, it ends with the query.
  private parenthesized(depth: number, field: string | undefined, start: number): QueryNode {
    this.at++;
    const inner = this.group(depth + 1, field);
    if (this.text[this.at] === ')') this.at++;
    else if (this.strict) throw new QuerySyntaxError('unclosed (', start);
    return { ...inner, start, end: this.at };
  }

  private phrase(field: string | undefined, start: number): QueryNode {
    const text = this.quoted();
    const { slop, boost } = this.suffixesOrText(false);
    return {
      kind: 'phrase',
      text,
      ...(field !== undefined && { field }),
      slop: slop ?? 0,
      boost,
      start,
      end: this.at,
    };
  }

  private entity(start: number): QueryNode {
    const name = this.quotedOrBare();
    const { boost } = this.suffixesOrText(false);
    return { kind: 'entity', name, boost, start, end: this.at };
  }

  // A phrase's or entity's suffixes; a bad one, when lenient, ends the clause before it, and
  // what follows its `~` or `^` is read as words.
  private suffixesOrText(isWord: boolean): Suffixes {
    const before = this.at;
    const suffixes = this.suffixes(isWord);
    if (!(suffixes instanceof BadSuffix)) return suffixes;
    if (this.strict) throw new QuerySyntaxError(suffixes.reason, suffixes.at);
    this.at = before;
    return { boost: 1 };
  }

  private filter(field: string, start: number): QueryNode {
    const raw = this.quotedOrBare();
    const range = raw.indexOf('..');
    const value =
      range < 0
        ? raw
        : {
            ...(range > 0 && { from: raw.slice(0, range) }),
            ...(range + 2 < raw.length && { to: raw.slice(range + 2) }),
          };
    return { kind: 'filter', field, value, start, end: this.at };
  }

  private word(field: string | undefined, start: number): QueryNode | undefined {
    let text = this.bareWord();
    const prefix = text.endsWith('*') && text.length > 1;
    if (prefix) text = text.slice(0, -1);
    const suffixes = this.suffixes(true);
    if (suffixes instanceof BadSuffix) {
      if (this.strict) throw new QuerySyntaxError(suffixes.reason, suffixes.at);
      // Read as text: the whole run up to a space, parenthesis or quote (`attack^x`).
      this.at = start;
      while (this.at < this.text.length && !/[\s()"]/.test(this.text[this.at]!)) this.at++;
      return {
        kind: 'term',
        text: this.text.slice(start, this.at),
        ...(field !== undefined && { field }),
        prefix: false,
        boost: 1,
        start,
        end: this.at,
      };
    }
    const { fuzzy, boost } = suffixes;
    if (text.length === 0) {
      // A lone `~` or `^`: a mark, not a word.
      if (this.at === start && this.at < this.text.length && /[~^]/.test(this.text[this.at]!))
        this.at++;
      return undefined;
    }
    return {
      kind: 'term',
      text,
      ...(field !== undefined && { field }),
      prefix,
      ...(fuzzy !== undefined && { fuzzy }),
      boost,
      start,
      end: this.at,
    };
  }

  // The text between quotes (the opening one at the read position); an unclosed quote runs to the end.
  private quoted(): string {
    if (this.strict && this.text.indexOf('"', this.at + 1) < 0)
      throw new QuerySyntaxError('unclosed "', this.at);
    this.at++;
    const close = this.text.indexOf('"', this.at);
    const end = close < 0 ? this.text.length : close;
    const text = this.text.slice(this.at, end);
    this.at = close < 0 ? end : end + 1;
    return text;
  }

  private quotedOrBare(): string {
    return this.text[this.at] === '"' ? this.quoted() : this.bareWord();
  }

  // Up to whitespace, a parenthesis, a quote, or a ~ / ^ suffix.
  private bareWord(): string {
    const start = this.at;
    while (this.at < this.text.length && !/[\s()"~^]/.test(this.text[this.at]!)) this.at++;
    return this.text.slice(start, this.at);
  }

  // `~N` (fuzzy distance for words, slop for phrases) and `^N` (boost), in either order. A
  // boost past the limit is refused when strict, else held at the limit (scores stay finite).
  private suffixes(isWord: boolean): Suffixes | BadSuffix {
    const out: Suffixes = { boost: 1 };
    for (;;) {
      const c = this.text[this.at];
      if (c !== '~' && c !== '^') return out;
      const at = this.at++;
      const digits = /^[\d.]*/.exec(this.text.slice(this.at, this.at + 400))![0];
      this.at += digits.length;
      if (c === '^') {
        if (!NUMBER.test(digits)) return new BadSuffix('a boost needs a number, as in word^2', at);
        out.boost = Number(digits);
        if (out.boost > QUERY_LIMITS.maxBoost) {
          if (this.strict)
            throw new QuerySyntaxError(`a boost may be at most ${QUERY_LIMITS.maxBoost}`, at);
          out.boost = QUERY_LIMITS.maxBoost;
        }
      } else if (isWord) {
        if (digits === '') out.fuzzy = 'auto';
        else if (/^[012]$/.test(digits)) out.fuzzy = Number(digits);
        else return new BadSuffix('fuzzy distance must be 0, 1 or 2', at);
      } else {
        if (!/^\d+$/.test(digits) || Number(digits) > 100)
          return new BadSuffix('phrase slop must be a whole number up to 100', at);
        out.slop = Number(digits);
      }
    }
  }

  private operator(): 'AND' | 'OR' | 'NOT' | undefined {
    for (const op of ['AND', 'OR', 'NOT'] as const) {
      if (this.text.startsWith(op, this.at) && this.isBoundary(this.at + op.length)) {
        this.at += op.length;
        return op;
      }
    }
    return undefined;
  }

  private isBoundary(index: number): boolean {
    return index >= this.text.length || /[\s()"]/.test(this.text[index]!);
  }

  private isClauseStart(index: number): boolean {
    return index < this.text.length && !/[\s)]/.test(this.text[index]!);
  }

  // Whether a clause (not just space or a closing parenthesis) follows.
  private hasClauseAhead(): boolean {
    let i = this.at;
    while (i < this.text.length && /\s/.test(this.text[i]!)) i++;
    if (!this.isClauseStart(i)) return false;
    const rest = this.text.slice(i);
    return !/^(AND|OR)(?=[\s()"]|$)/.test(rest) || this.hasWordAfterOperator(i);
  }

  private hasWordAfterOperator(i: number): boolean {
    const match = /^(AND|OR)\s*/.exec(this.text.slice(i))!;
    return this.isClauseStart(i + match[0].length);
  }

  private skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }
}
