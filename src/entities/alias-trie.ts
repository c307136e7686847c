import { ensureInt32, ensureUint8 } from '../util/growable.js';
import { TermDictionary } from '../index/term-dictionary.js';
import { EdgeTable } from './edge-table.js';

/** One word of text as alias matching sees it. */
export interface StreamWord {
  /** As written. */
  surface: string;
  /** Normalized (folded, lower-case, possessive dropped), not stemmed. */
  word: string;
  /** The trie's id of `word` ({@link AliasTrie.wordId}); -1 when no alias has the word. */
  id: number;
  /** True when the surface is written in capitals (U.S., ISKP). */
  caps: boolean;
  /** True when the surface starts with a capital letter. */
  upper: boolean;
  /** True when the surface has a letter (not a number alone). */
  lettered: boolean;
  /** True when the analyzer drops the word (a stop word). */
  stop: boolean;
  position: number;
  start: number;
  end: number;
}

/** A found alias: which entity, and the stream words [from, to) it covers. */
export interface AliasMatch {
  entity: number;
  from: number;
  to: number;
}

/**
 * Aliases as sequences of normalized words in a trie, each leading to an entity id; text is
 * matched left to right, longest alias first, without overlaps. A large corpus teaches tens of
 * thousands of names and its text is matched word by word, so words are ids, nodes are
 * numbers, the root's edges are an array indexed by word id and the other edges one integer
 * hash table.
 */
export class AliasTrie {
  private readonly words = new TermDictionary();
  /** Per word id, the root's child along it (0 for none). */
  private rootChildren: Int32Array = new Int32Array(256);
  private readonly edges = new EdgeTable();
  /** Per node, the entity of the alias ending there plus one, 0 for none. Node 0 is the root. */
  private entities: Int32Array = new Int32Array(256);
  /** Per node: its parent and the word id leading to it, to spell aliases back out. */
  private parents: Int32Array = new Int32Array(256);
  private wordOfNode: Int32Array = new Int32Array(256);
  /** Per node, 1 when its alias is a one-word acronym that matches only text written in capitals. */
  private capsOnly: Uint8Array = new Uint8Array(256);
  private nodeCount = 1;

  /** Words in some alias; grows only, so a cached "no such word" is stale when this changes. */
  get wordCount(): number {
    return this.words.size;
  }

  /** The id of a normalized word, or -1 when no alias has it. */
  wordId(word: string): number {
    return this.words.lookup(word);
  }

  /** The word with this id (ids are dense, in order of addition). */
  word(id: number): string {
    return this.words.term(id);
  }

  /**
   * Adds an alias given as its normalized words; `capsOnly` for acronyms like US or IS. The
   * first entity given an alias keeps it: a gazetteer name is not taken over by a rule.
   */
  add(words: readonly string[], entity: number, capsOnly: boolean): void {
    if (words.length === 0) return;
    let node = 0;
    for (const word of words) {
      const id = this.internWord(word);
      const child = this.child(node, id);
      node = child !== 0 ? child : this.addNode(node, id);
    }
    this.claim(node, entity, capsOnly);
  }

  /** The entity of an exact alias (normalized words), or -1. */
  lookup(words: readonly string[]): number {
    let node = 0;
    for (const word of words) {
      const id = this.wordId(word);
      node = id < 0 ? 0 : this.child(node, id);
      if (node === 0) return -1;
    }
    return this.entities[node]! - 1;
  }

  /**
   * Non-overlapping matches, longest first. Acronym aliases need capitals, except (for typed
   * queries) those of at least `lowerCaseFrom` letters.
   */
  match(stream: readonly StreamWord[], lowerCaseFrom = Infinity): AliasMatch[] {
    const matches: AliasMatch[] = [];
    for (let i = 0; i < stream.length;) {
      let node = 0;
      let best = -1;
      let bestTo = i;
      for (let j = i; j < stream.length; j++) {
        const word = stream[j]!;
        node = word.id < 0 ? 0 : this.child(node, word.id);
        if (node === 0) break;
        const entity = this.entities[node]! - 1;
        if (
          entity >= 0 &&
          (word.caps || word.word.length >= lowerCaseFrom || this.capsOnly[node] === 0)
        ) {
          best = entity;
          bestTo = j + 1;
        }
      }
      if (best >= 0) {
        matches.push({ entity: best, from: i, to: bestTo });
        i = bestTo;
      } else {
        i++;
      }
    }
    return matches;
  }

  /** One-word aliases that match in any case, with their entities: what a typed word may be a near spelling of. */
  *singleWordAliases(): IterableIterator<[string, number]> {
    for (let node = 1; node < this.nodeCount; node++) {
      if (this.parents[node] === 0 && this.entities[node] !== 0 && this.capsOnly[node] === 0)
        yield [this.words.term(this.wordOfNode[node]!), this.entities[node]! - 1];
    }
  }

  /**
   * Adds an alias given as the UTF-8 of its normalized words separated by spaces,
   * `bytes[start, end)`, as an index file stores it: no strings made.
   */
  addUtf8(bytes: Uint8Array, start: number, end: number, entity: number, capsOnly: boolean): void {
    let node = 0;
    for (let from = start; from < end;) {
      let to = from;
      while (to < end && bytes[to] !== SPACE) to++;
      if (to === from) throw new RangeError('an alias has an empty word');
      const id = this.words.internUtf8(bytes, from, to);
      this.rootChildren = ensureInt32(this.rootChildren, id + 1);
      const child = this.child(node, id);
      node = child !== 0 ? child : this.addNode(node, id);
      from = to + 1;
    }
    if (node !== 0) this.claim(node, entity, capsOnly);
  }

  // The first entity given an alias keeps it.
  private claim(node: number, entity: number, capsOnly: boolean): void {
    if (this.entities[node] !== 0) return;
    this.entities[node] = entity + 1;
    this.capsOnly[node] = capsOnly ? 1 : 0;
  }

  /** Every alias in order of creation: its words joined by spaces, its entity, and whether it needs capitals. */
  *aliases(): IterableIterator<[string, number, boolean]> {
    for (let node = 1; node < this.nodeCount; node++) {
      if (this.entities[node] === 0) continue;
      const words: string[] = [];
      for (let n = node; n !== 0; n = this.parents[n]!)
        words.push(this.words.term(this.wordOfNode[n]!));
      yield [words.reverse().join(' '), this.entities[node]! - 1, this.capsOnly[node] === 1];
    }
  }

  private addNode(parent: number, word: number): number {
    const node = this.nodeCount++;
    this.entities = ensureInt32(this.entities, node + 1);
    this.parents = ensureInt32(this.parents, node + 1);
    this.wordOfNode = ensureInt32(this.wordOfNode, node + 1);
    this.capsOnly = ensureUint8(this.capsOnly, node + 1);
    this.parents[node] = parent;
    this.wordOfNode[node] = word;
    if (parent === 0) this.rootChildren[word] = node;
    else this.edges.add(parent, word, node);
    return node;
  }

  private child(node: number, id: number): number {
    return node === 0 ? this.rootChildren[id]! : this.edges.get(node, id);
  }

  private internWord(word: string): number {
    const id = this.words.intern(word);
    this.rootChildren = ensureInt32(this.rootChildren, id + 1);
    return id;
  }
}

const SPACE = 0x20;
