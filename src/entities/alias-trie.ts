import { ensureInt32 } from '../index/growable.js';
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
  key: string;
  from: number;
  to: number;
}

/**
 * Aliases as sequences of normalized words in a trie; text is matched left to right, longest
 * alias first, without overlaps. A large corpus teaches tens of thousands of names and its
 * text is matched word by word, so words are ids, nodes are numbers, the root's edges are an
 * array indexed by word id and the other edges one integer hash table.
 */
export class AliasTrie {
  private readonly words = new TermDictionary();
  /** Per word id, the root's child along it (0 for none). */
  private rootChildren: Int32Array = new Int32Array(256);
  private readonly edges = new EdgeTable();
  /** Per node: the entity key of the alias ending there, if any. Node 0 is the root. */
  private readonly keys: (string | undefined)[] = [undefined];
  /** Per node: its parent and the word id leading to it, to spell aliases back out. */
  private parents: Int32Array = new Int32Array(256);
  private wordOfNode: Int32Array = new Int32Array(256);
  /** Nodes whose alias is a one-word acronym that matches only text written in capitals. */
  private readonly capsOnly = new Set<number>();
  /** Normalized single-word aliases, for near-spelling look-ups. */
  readonly singleWords = new Map<string, string>();

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

  /** Adds an alias given as its normalized words; `capsOnly` for acronyms like US or IS. */
  add(words: readonly string[], key: string, capsOnly: boolean): void {
    if (words.length === 0) return;
    let node = 0;
    for (const word of words) {
      const id = this.internWord(word);
      let child = this.child(node, id);
      if (child === 0) {
        child = this.keys.length;
        this.keys.push(undefined);
        this.parents = ensureInt32(this.parents, child + 1);
        this.wordOfNode = ensureInt32(this.wordOfNode, child + 1);
        this.parents[child] = node;
        this.wordOfNode[child] = id;
        if (node === 0) this.rootChildren[id] = child;
        else this.edges.add(node, id, child);
      }
      node = child;
    }
    // The first definition of an alias wins: a gazetteer name is not taken over by a rule.
    if (this.keys[node] === undefined) {
      this.keys[node] = key;
      if (capsOnly) this.capsOnly.add(node);
      if (words.length === 1 && !capsOnly && !this.singleWords.has(words[0]!)) this.singleWords.set(words[0]!, key);
    }
  }

  /** The entity key of an exact alias (normalized words), if any. */
  lookup(words: readonly string[]): string | undefined {
    let node = 0;
    for (const word of words) {
      const id = this.wordId(word);
      node = id < 0 ? 0 : this.child(node, id);
      if (node === 0) return undefined;
    }
    return this.keys[node];
  }

  /**
   * Non-overlapping matches, longest first. Acronym aliases need capitals, except (for typed
   * queries) those of at least `lowerCaseFrom` letters.
   */
  match(stream: readonly StreamWord[], lowerCaseFrom = Infinity): AliasMatch[] {
    const matches: AliasMatch[] = [];
    for (let i = 0; i < stream.length; ) {
      let node = 0;
      let bestKey: string | undefined;
      let bestTo = i;
      for (let j = i; j < stream.length; j++) {
        const word = stream[j]!;
        node = word.id < 0 ? 0 : this.child(node, word.id);
        if (node === 0) break;
        const key = this.keys[node];
        if (key !== undefined && (word.caps || word.word.length >= lowerCaseFrom || !this.capsOnly.has(node))) {
          bestKey = key;
          bestTo = j + 1;
        }
      }
      if (bestKey !== undefined) {
        matches.push({ key: bestKey, from: i, to: bestTo });
        i = bestTo;
      } else {
        i++;
      }
    }
    return matches;
  }

  /** Every alias: its words joined by spaces, its key, and whether it needs capitals. */
  *aliases(): IterableIterator<[string, string, boolean]> {
    for (let node = 1; node < this.keys.length; node++) {
      const key = this.keys[node];
      if (key === undefined) continue;
      const words: string[] = [];
      for (let n = node; n !== 0; n = this.parents[n]!) words.push(this.words.term(this.wordOfNode[n]!));
      yield [words.reverse().join(' '), key, this.capsOnly.has(node)];
    }
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
