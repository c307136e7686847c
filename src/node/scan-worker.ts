// A worker thread that scans texts for ThreadedScanner: the same SurfaceScanner, so the same
// ids, while the thread that started it indexes what was scanned before.
import { type MessagePort, workerData } from 'node:worker_threads';
import { ensureInt32 } from '../util/growable.js';
import { Analyzer } from '../analysis/analyzer.js';
import { SurfaceScanner } from '../analysis/surface-scanner.js';
import type { ScanRequest, ScannedBatch } from './scan-messages.js';

interface Setup {
  port: MessagePort;
  signal: SharedArrayBuffer;
}

const { port, signal } = workerData as Setup;
const replies = new Int32Array(signal);
// One job at a time; a job starts from nothing known, so a reused worker scans as a new one would.
let scanner = new SurfaceScanner(new Analyzer());
let failure: string | undefined;

port.on('message', (request: ScanRequest) => {
  if (request.kind === 'start') {
    scanner = new SurfaceScanner(new Analyzer(request.analyzer));
    failure = undefined;
    return;
  }
  if (request.kind === 'learn') {
    // Texts the other thread scanned itself: scanned here only to learn the same words.
    try {
      for (const text of request.texts) scanner.learnIds(text);
    } catch (error) {
      failure = messageOf(error);
    }
    return;
  }
  try {
    if (failure !== undefined) throw new Error(failure);
    const batch = scanBatch(request.texts);
    port.postMessage(batch, [
      batch.words.buffer,
      batch.counts.buffer,
      batch.addedCounts.buffer,
      batch.resets.buffer,
    ] as ArrayBuffer[]);
  } catch (error) {
    port.postMessage({ error: messageOf(error) });
  }
  // The other thread waits on this counter rather than on its event loop (see ThreadedScanner).
  Atomics.add(replies, 0, 1);
  Atomics.notify(replies, 0);
});

function scanBatch(texts: readonly string[]): ScannedBatch {
  let words: Int32Array = new Int32Array(4096);
  let used = 0;
  const counts = new Int32Array(texts.length);
  const addedCounts = new Int32Array(texts.length);
  const resets = new Uint8Array(texts.length);
  const surfaces: string[] = [];
  const normalized: (string | null)[] = [];
  const terms: (string | null)[] = [];
  texts.forEach((text, i) => {
    const scanned = scanner.scan(text);
    const length = scanned.count * 4;
    words = ensureInt32(words, used + length);
    words.set(scanned.words.subarray(0, length), used);
    used += length;
    counts[i] = scanned.count;
    addedCounts[i] = scanned.added.surfaces.length;
    resets[i] = scanned.reset ? 1 : 0;
    const added = scanned.added;
    for (let a = 0; a < added.surfaces.length; a++) {
      surfaces.push(added.surfaces[a]!);
      normalized.push(added.normalized[a]!);
      terms.push(added.terms[a]!);
    }
  });
  return { words: words.slice(0, used), counts, addedCounts, resets, surfaces, normalized, terms };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
