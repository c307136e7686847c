// What the indexing thread and its word-scanning worker send each other.
import type { AnalyzerOptions } from '../analysis/analyzer.js';

/** What the other thread asks: start a job, scan texts only to learn their words, or scan and reply. */
export type ScanRequest =
  { kind: 'start'; analyzer: AnalyzerOptions } | { kind: 'learn' | 'scan'; texts: string[] };

/** The scanned texts of one batch as the worker sends them: each text's {@link ScannedText}, packed. */
export interface ScannedBatch {
  /** Every text's words, one after the other. */
  words: Int32Array;
  /** Per text: its words. */
  counts: Int32Array;
  /** Per text: the surfaces it met first (their strings follow one another in the arrays below). */
  addedCounts: Int32Array;
  /** Per text: 1 when the scanner started over before it. */
  resets: Uint8Array;
  surfaces: string[];
  normalized: (string | null)[];
  terms: (string | null)[];
}
