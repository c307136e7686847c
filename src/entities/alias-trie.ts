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

interface TrieNode {
  next: Map<string, TrieNode>;
  key?: string;
  /** A one-word acronym alias matches only text written in capitals. */
  capsOnly?: boolean;
}

/** A found alias: which entity, and the stream words [from, to) it covers. */
export interface AliasMatch {
  key: string;
  from: number;
  to: number;
}

/**
 * Aliases as sequences of normalized words in a trie; text is matched left to right, longest
 * alias first, without overlaps.
 */
export class AliasTrie {
  private readonly root: TrieNode = { next: new Map() };
  /** Normalized single-word aliases, for near-spelling look-ups. */
  readonly singleWords = new Map<string, string>();

  /** Adds an alias given as its normalized words; `capsOnly` for acronyms like US or IS. */
  add(words: readonly string[], key: string, capsOnly: boolean): void {
    if (words.length === 0) return;
    let node = this.root;
    for (const word of words) {
      let child = node.next.get(word);
      if (child === undefined) node.next.set(word, (child = { next: new Map() }));
      node = child;
    }
    // The first definition of an alias wins: a gazetteer name is not taken over by a rule.
    if (node.key === undefined) {
      node.key = key;
      node.capsOnly = capsOnly;
      if (words.length === 1 && !capsOnly && !this.singleWords.has(words[0]!)) this.singleWords.set(words[0]!, key);
    }
  }

  /** The entity key of an exact alias (normalized words), if any. */
  lookup(words: readonly string[]): string | undefined {
    let node: TrieNode | undefined = this.root;
    for (const word of words) {
      node = node.next.get(word);
      if (node === undefined) return undefined;
    }
    return node.key;
  }

  /**
   * Non-overlapping matches, longest first. Acronym aliases need capitals, except (for typed
   * queries) those of at least `lowerCaseFrom` letters.
   */
  match(stream: readonly StreamWord[], lowerCaseFrom = Infinity): AliasMatch[] {
    const matches: AliasMatch[] = [];
    for (let i = 0; i < stream.length; ) {
      let node: TrieNode | undefined = this.root;
      let best: AliasMatch | undefined;
      for (let j = i; j < stream.length; j++) {
        node = node.next.get(stream[j]!.word);
        if (node === undefined) break;
        const word = stream[j]!;
        if (node.key !== undefined && (!node.capsOnly || word.caps || word.word.length >= lowerCaseFrom)) best = { key: node.key, from: i, to: j + 1 };
      }
      if (best !== undefined) {
        matches.push(best);
        i = best.to;
      } else {
        i++;
      }
    }
    return matches;
  }
}
