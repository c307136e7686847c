import { SearchTimeoutError } from '../errors.js';

/**
 * The time a search may take (`timeoutMs`), checked where the work grows with the index: per
 * thousand documents collected, per MaxScore window, per term counted. Past it, the search
 * stops with `SearchTimeoutError` rather than answer with part of what it would have found.
 */
export class Deadline {
  private readonly at: number;

  constructor(
    started: number,
    private readonly limitMs: number,
  ) {
    this.at = started + limitMs;
  }

  check(): void {
    if (performance.now() >= this.at) throw new SearchTimeoutError(this.limitMs);
  }
}
