import { existsSync, writeFileSync } from 'node:fs';
import type { Explanation } from '../../src/node/index.js';
import { UsageError } from './flags.js';

/** Whether standard output is a terminal that takes colours (and NO_COLOR is not set). */
export const useColor = (): boolean =>
  process.stdout.isTTY === true && !('NO_COLOR' in process.env);

/** `text` in an ANSI style (`1` bold, `2` dim) where colours are on. */
export const paint = (code: string, text: string): string =>
  useColor() ? `\u001b[${code}m${text}\u001b[0m` : text;

/** Writes to standard output. */
export function print(text: string): void {
  process.stdout.write(text);
}

/** One line of JSON on standard output. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** A score's explanation as an indented tree, one part a line. */
export function formatExplanation(explanation: Explanation, indent: string): string {
  let out = `${indent}${explanation.value.toFixed(4)}  ${explanation.description}\n`;
  for (const detail of explanation.details ?? []) out += formatExplanation(detail, `${indent}  `);
  return out;
}

/** Writes a file the user named for output; one that exists is kept unless `force`. */
export function writeOutput(path: string, text: string, force: boolean): void {
  if (!force && existsSync(path))
    throw new UsageError(`${path} exists: pass --force to overwrite it`);
  writeFileSync(path, text);
}

/** A progress line on a terminal for long indexing runs; silent elsewhere. */
export class Progress {
  private readonly enabled: boolean;
  private last = 0;
  private readonly started = performance.now();

  /** `total` when known; a stream's progress is counted without one. */
  constructor(private readonly total?: number) {
    this.enabled = process.stderr.isTTY === true && (total === undefined || total >= 2000);
  }

  update(done: number): void {
    if (!this.enabled || (performance.now() - this.last < 100 && done !== this.total)) return;
    this.last = performance.now();
    const rate = done / ((performance.now() - this.started) / 1000);
    if (this.total === undefined) {
      process.stderr.write(`\r${done} documents, ${rate.toFixed(0)}/s`);
      return;
    }
    const width = 30;
    const filled = Math.round((done / this.total) * width);
    const bar = `${'#'.repeat(filled)}${' '.repeat(width - filled)}`;
    process.stderr.write(`\r[${bar}] ${done}/${this.total} documents, ${rate.toFixed(0)}/s`);
  }

  done(): void {
    if (this.enabled) process.stderr.write('\n');
  }
}
