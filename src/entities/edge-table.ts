/**
 * A hash map from a pair of small non-negative integers (a trie node and a word id) to a
 * positive integer (the child node), in typed arrays: open addressing, linear probing. Built
 * for the alias trie's inner edges, which text matching looks up once per candidate word.
 */
export class EdgeTable {
  private nodes = new Int32Array(1024);
  private words = new Int32Array(1024);
  /** The child per slot; 0 for an empty slot (node 0, the root, is nobody's child). */
  private children = new Int32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The child under `node` along `word`, or 0 when there is none. */
  get(node: number, word: number): number {
    const mask = this.children.length - 1;
    for (let slot = mix(node, word) & mask; ; slot = (slot + 1) & mask) {
      const child = this.children[slot]!;
      if (child === 0 || (this.nodes[slot] === node && this.words[slot] === word)) return child;
    }
  }

  /** Sets the child of a (node, word) pair that has none yet. */
  add(node: number, word: number, child: number): void {
    if ((this.count + 1) * 2 > this.children.length) this.grow();
    this.place(node, word, child);
    this.count++;
  }

  private place(node: number, word: number, child: number): void {
    const mask = this.children.length - 1;
    let slot = mix(node, word) & mask;
    while (this.children[slot] !== 0) slot = (slot + 1) & mask;
    this.nodes[slot] = node;
    this.words[slot] = word;
    this.children[slot] = child;
  }

  private grow(): void {
    const { nodes, words, children } = this;
    this.nodes = new Int32Array(children.length * 2);
    this.words = new Int32Array(children.length * 2);
    this.children = new Int32Array(children.length * 2);
    for (let slot = 0; slot < children.length; slot++)
      if (children[slot] !== 0) this.place(nodes[slot]!, words[slot]!, children[slot]!);
  }
}

// Spreads consecutive ids over the table (multiplicative hashing of both halves).
function mix(node: number, word: number): number {
  const h = Math.imul(node, 0x9e3779b1) ^ Math.imul(word, 0x85ebca6b);
  return h ^ (h >>> 15);
}
