// Node's built-in modules where the platform has them, found at run time so that the core
// imports none and bundles for a browser unchanged. Node 20.16 and later offer
// `process.getBuiltinModule`; elsewhere (a browser, a worker, Deno) these are undefined.
interface NodeBuiltins {
  crc32?: (data: Uint8Array, value?: number) => number;
  /** zlib's inflate, several times faster than JavaScript's; throws past `maxOutputLength`. */
  inflateSync?: (data: Uint8Array, options: { maxOutputLength: number }) => Uint8Array;
  bufferText?: (bytes: Uint8Array) => (start: number, end: number) => string;
}

type BufferLike = { toString(encoding: 'utf8', start: number, end: number): string };
type BufferClass = { from(buffer: ArrayBufferLike, offset: number, length: number): BufferLike };

function findBuiltins(): NodeBuiltins {
  const node = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const load = node?.getBuiltinModule;
  if (typeof load !== 'function') return {};
  const zlib = load.call(node, 'node:zlib') as
    Pick<NodeBuiltins, 'crc32' | 'inflateSync'> | undefined;
  const Buffer = (load.call(node, 'node:buffer') as { Buffer?: BufferClass } | undefined)?.Buffer;
  return {
    ...(typeof zlib?.crc32 === 'function' && { crc32: zlib.crc32 }),
    ...(typeof zlib?.inflateSync === 'function' && { inflateSync: zlib.inflateSync }),
    ...(Buffer !== undefined && {
      bufferText: (bytes: Uint8Array) => {
        const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        return (start: number, end: number) => view.toString('utf8', start, end);
      },
    }),
  };
}

export const nodeBuiltins: NodeBuiltins = findBuiltins();
