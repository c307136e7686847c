/** An answer other than 200: its status and the one-line message the JSON body carries. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The parameters of one API request, read by name and type; a name the route does not know,
 * or a value out of range, is a 400 that says which.
 */
export class Params {
  private readonly used = new Set<string>();

  constructor(private readonly search: URLSearchParams) {}

  /** The value of `name`, or undefined; given twice is a mistake unless `all` is used. */
  text(name: string): string | undefined {
    this.used.add(name);
    const values = this.search.getAll(name);
    if (values.length > 1) throw new HttpError(400, `${name}: given ${values.length} times`);
    return values[0];
  }

  /** Every value of a repeatable parameter. */
  all(name: string): string[] {
    this.used.add(name);
    return this.search.getAll(name);
  }

  /** A whole number in `[min, max]`, `fallback` when absent. */
  integer(name: string, fallback: number, min: number, max: number): number {
    const text = this.text(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max)
      throw new HttpError(400, `${name}: a whole number from ${min} to ${max}, not "${text}"`);
    return value;
  }

  /** `1`/`true` or `0`/`false`, `fallback` when absent. */
  flag(name: string, fallback: boolean): boolean {
    const text = this.text(name);
    if (text === undefined) return fallback;
    if (text === '1' || text === 'true') return true;
    if (text === '0' || text === 'false') return false;
    throw new HttpError(400, `${name}: 1, 0, true or false, not "${text}"`);
  }

  /** Refuses parameters no reader asked for (a typo such as `limt` would otherwise be lost). */
  finish(): void {
    for (const name of this.search.keys())
      if (!this.used.has(name)) throw new HttpError(400, `unknown parameter "${name}"`);
  }
}
