/** One word of text as alias matching sees it. */
export interface StreamWord {
  /** As written. */
  surface: string;
  /** Normalized (folded, lower-case, possessive dropped), not stemmed. */
  word: string;
  /** True when the surface is written in capitals (U.S., ISKP). */
  caps: boolean;
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
 * alias first, without overlaps. A large corpus teaches tens of thousands of names, so nodes are
 * numbers and all edges share one map (the root's keyed by the word, the others by node and
 * word) rather than an object and a map per node.
 */
export class AliasTrie {
  private readonly edges = new Map<string, number>();
  /** Per node: the entity key of the alias ending there, if any. Node 0 is the root. */
  private readonly keys: (string | undefined)[] = [undefined];
  /** Nodes whose alias is a one-word acronym that matches only text written in capitals. */
  private readonly capsOnly = new Set<number>();
  /** Normalized single-word aliases, for near-spelling look-ups. */
  readonly singleWords = new Map<string, string>();

  /** Adds an alias given as its normalized words; `capsOnly` for acronyms like US or IS. */
  add(words: readonly string[], key: string, capsOnly: boolean): void {
    if (words.length === 0) return;
    let node = 0;
    for (const word of words) {
      const edge = edgeKey(node, word);
      let child = this.edges.get(edge);
      if (child === undefined) {
        child = this.keys.length;
        this.keys.push(undefined);
        this.edges.set(edge, child);
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
      const child = this.edges.get(edgeKey(node, word));
      if (child === undefined) return undefined;
      node = child;
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
        const child = this.edges.get(edgeKey(node, word.word));
        if (child === undefined) break;
        node = child;
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
    const parent = new Int32Array(this.keys.length);
    const word: string[] = new Array<string>(this.keys.length);
    for (const [edge, child] of this.edges) {
      const cut = edge.indexOf(SEPARATOR);
      parent[child] = cut < 0 ? 0 : Number(edge.slice(0, cut));
      word[child] = cut < 0 ? edge : edge.slice(cut + 1);
    }
    for (let node = 1; node < this.keys.length; node++) {
      const key = this.keys[node];
      if (key === undefined) continue;
      const words: string[] = [];
      for (let n = node; n !== 0; n = parent[n]!) words.push(word[n]!);
      yield [words.reverse().join(' '), key, this.capsOnly.has(node)];
    }
  }
}

// Words never hold this character, so `node + SEPARATOR + word` names one edge.
const SEPARATOR = '\u0000';

function edgeKey(node: number, word: string): string {
  return node === 0 ? word : node + SEPARATOR + word;
}
