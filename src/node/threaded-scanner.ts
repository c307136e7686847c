import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from 'node:worker_threads';
import type { Analyzer } from '../analysis/analyzer.js';
import type { ScanRequest, ScannedBatch } from './scan-messages.js';
import { type ScannedText, SurfaceScanner, type WordSource } from '../analysis/surface-scanner.js';

// While the worker starts, this thread scans the first texts itself (about this many
// characters) and the worker scans them too, only to learn the same surfaces. A worker kept
// from the last job is ready at once: this thread scans only enough to keep busy until the
// first reply, and the worker, the slower of the two, has less to read twice.
const LOCAL_CHARS = 512 * 1024;
const LOCAL_CHARS_READY = 64 * 1024;
// Then texts go to the worker in batches, a few ahead: small at first, so the first reply comes
// soon, growing to about this many characters.
const FIRST_BATCH_CHARS = 32 * 1024;
const BATCH_CHARS = 256 * 1024;
const BATCHES_AHEAD = 3;
// Below this much text a second thread costs more to start than it saves.
const MIN_CHARS = 2_000_000;
const REPLY_TIMEOUT_MS = 120_000;

/**
 * Scans a known sequence of texts on a worker thread, a few batches ahead of the thread that
 * indexes them: tokenizing, normalizing and stemming are about half of indexing, and they
 * depend on nothing indexing learns (entity names do, so recognition stays on this thread).
 * The worker runs the same {@link SurfaceScanner}, so ids and results are those of scanning
 * here. `scan` blocks until the worker has scanned the text asked for, so indexing keeps its
 * synchronous API. The first texts are scanned here while the worker starts (and scanned there
 * as well, so that it knows the same words).
 */
export class ThreadedScanner implements WordSource {
  /** Scans texts before {@link localTexts} here, while the worker starts. */
  private readonly local: SurfaceScanner;
  private readonly localTexts: number;
  /** Index into `texts` where each batch starts, and one past the last text. */
  private readonly batchStarts: number[] = [];
  private batchesSent = 0;
  private batch: ScannedBatch | undefined;
  private batchIndex = -1;
  /** The next text to hand out, and where its words and added surfaces start in `batch`. */
  private textIndex = 0;
  private inBatch = 0;
  private wordAt = 0;
  private addedAt = 0;

  /**
   * A scanner for `texts` on a worker thread, or undefined where one would not pay: too little
   * text, one core, an analyzer that cannot be sent to a thread (a stemmer function), or a
   * worker that cannot start in this process.
   */
  static start(analyzer: Analyzer, texts: readonly string[]): ThreadedScanner | undefined {
    if (analyzer.config.stemmer === 'custom' || availableParallelism() < 2) return undefined;
    let chars = 0;
    for (const text of texts) chars += text.length;
    if (chars < MIN_CHARS) return undefined;
    const ready = idleWorker !== undefined;
    const worker = idleWorker ?? startWorker();
    idleWorker = undefined;
    return worker === undefined ? undefined : new ThreadedScanner(analyzer, texts, worker, ready);
  }

  private constructor(
    analyzer: Analyzer,
    private readonly texts: readonly string[],
    private readonly worker: ScanWorker,
    ready: boolean,
  ) {
    const { stopWords, stemmer } = analyzer.config;
    this.request({
      kind: 'start',
      analyzer: { stopWords, stemmer: stemmer === 'custom' ? 'none' : stemmer },
    });
    this.local = new SurfaceScanner(analyzer);
    let chars = 0;
    let i = 0;
    while (i < texts.length && chars < (ready ? LOCAL_CHARS_READY : LOCAL_CHARS))
      chars += texts[i++]!.length;
    this.localTexts = i;
    this.request({ kind: 'learn', texts: texts.slice(0, i) });
    let batchChars = FIRST_BATCH_CHARS;
    chars = 0;
    this.batchStarts.push(i);
    for (; i < texts.length; i++) {
      chars += texts[i]!.length;
      if (chars >= batchChars && i + 1 < texts.length) {
        this.batchStarts.push(i + 1);
        chars = 0;
        batchChars = Math.min(batchChars * 2, BATCH_CHARS);
      }
    }
    this.batchStarts.push(texts.length);
    while (this.batchesSent < BATCHES_AHEAD) this.sendBatch();
  }

  scan(text: string): ScannedText {
    if (this.texts[this.textIndex] !== text)
      throw new Error('ThreadedScanner: texts must be scanned in the order given');
    if (this.textIndex < this.localTexts) {
      this.textIndex++;
      return this.local.scan(text);
    }
    while (this.batch === undefined || this.inBatch === this.batch.counts.length) this.nextBatch();
    const batch = this.batch;
    const count = batch.counts[this.inBatch]!;
    const addedCount = batch.addedCounts[this.inBatch]!;
    const from = this.addedAt;
    const scanned: ScannedText = {
      words: batch.words.subarray(this.wordAt * 4, (this.wordAt + count) * 4),
      count,
      added: {
        surfaces: batch.surfaces.slice(from, from + addedCount),
        normalized: batch.normalized.slice(from, from + addedCount),
        terms: batch.terms.slice(from, from + addedCount),
      },
      reset: batch.resets[this.inBatch] === 1,
    };
    this.textIndex++;
    this.inBatch++;
    this.wordAt += count;
    this.addedAt += addedCount;
    return scanned;
  }

  /**
   * Call once the texts are indexed, or when indexing stops early. A worker that answered
   * everything asked of it waits for the next batch of texts (its compiled code is the slow
   * part of starting one); any other is stopped.
   */
  close(): void {
    if (this.batchIndex + 1 === this.batchesSent && idleWorker === undefined) {
      idleWorker = this.worker;
      return;
    }
    this.worker.port.close();
    void this.worker.thread.terminate();
  }

  private request(request: ScanRequest): void {
    this.worker.port.postMessage(request);
  }

  private sendBatch(): void {
    if (this.batchesSent + 1 >= this.batchStarts.length) return;
    const from = this.batchStarts[this.batchesSent]!;
    const to = this.batchStarts[this.batchesSent + 1]!;
    this.request({ kind: 'scan', texts: this.texts.slice(from, to) });
    this.batchesSent++;
  }

  private nextBatch(): void {
    if (this.batchIndex + 1 >= this.batchesSent)
      throw new Error('ThreadedScanner: more texts asked for than given');
    this.batch = this.receive();
    this.batchIndex++;
    this.inBatch = 0;
    this.wordAt = 0;
    this.addedAt = 0;
    this.sendBatch();
  }

  // Waits on the worker's reply counter rather than the event loop, which this thread, busy
  // indexing synchronously, never returns to.
  private receive(): ScannedBatch {
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    for (;;) {
      const seen = Atomics.load(this.worker.replies, 0);
      const received = receiveMessageOnPort(this.worker.port);
      if (received !== undefined) {
        const reply = received.message as ScannedBatch | { error: string };
        if ('error' in reply) throw new Error(`word scanning thread failed: ${reply.error}`);
        return reply;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('word scanning thread stopped answering');
      Atomics.wait(this.worker.replies, 0, seen, left);
    }
  }
}

// The worker's module beside this one, of the same kind (.ts from source in tests and
// benchmarks, .js, or .cjs in the CommonJS build); absent where steppe was bundled into an
// application, which then reads words on one thread.
function workerScript(): URL | undefined {
  const here = import.meta.url;
  const kind = here.slice(here.lastIndexOf('.'));
  const script = new URL(`./scan-worker${kind}`, here);
  return existsSync(fileURLToPath(script)) ? script : undefined;
}

interface ScanWorker {
  thread: Worker;
  port: MessagePort;
  replies: Int32Array;
}

// A worker whose last job is done, kept for the next (unreferenced: it does not keep the
// process alive).
let idleWorker: ScanWorker | undefined;

/** A new worker, or undefined where none can start here (the caller then reads words itself). */
function startWorker(): ScanWorker | undefined {
  const script = workerScript();
  if (script === undefined) return undefined;
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  // The worker runs a file of ours and needs none of this process's Node options; some of them
  // (-e, --input-type, --expose-gc) make a worker refuse to start.
  const options = { workerData: { port: port2, signal }, transferList: [port2], execArgv: [] };
  let thread: Worker;
  try {
    if (script.pathname.endsWith('.ts')) {
      // Source needs the TypeScript loader, registered inside the worker: one inherited from
      // this thread would wait on this thread's event loop while it blocks in `receive`.
      const loader = import.meta.resolve('tsx/esm/api');
      const boot = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
      thread = new Worker(boot, { ...options, eval: true });
    } else {
      thread = new Worker(script, options);
    }
  } catch {
    port1.close();
    return undefined;
  }
  thread.unref();
  return { thread, port: port1, replies: new Int32Array(signal) };
}
