/** One analyzed token: its indexed form, its position, and where it stands in the original text. */
export interface Token {
  /** The normalized (and possibly stemmed) form that goes into the index. */
  term: string;
  /** Word position in the field; tokens split from one hyphenated word share a position. */
  position: number;
  /** Offset of the first UTF-16 code unit of the surface form in the original text. */
  start: number;
  /** Offset just past the surface form: `text.slice(start, end)` is what the user wrote. */
  end: number;
}

/** Turns raw text into tokens whose `term` is the surface form, unnormalized. */
export type Tokenizer = (text: string) => Token[];

/** Maps a term to its new form, or to `null` to drop the token (its position stays used). */
export type TokenFilter = (term: string) => string | null;
