// Which compression a stream's first bytes announce. CI systems archive subunit gzipped, which a
// report reads as it is; the other compressors' streams are named, so the user can decompress
// them, rather than taken for a stream with no subunit in it.
export type Compression = 'gzip' | 'xz' | 'zstd' | 'bzip2';

const MAGIC: readonly (readonly [Compression, readonly number[]])[] = [
  ['gzip', [0x1f, 0x8b]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2', [0x42, 0x5a, 0x68]],
];

/** Bytes a caller needs to have read for `compressionOf` to tell every kind apart. */
export const MAGIC_BYTES = 6;

export function compressionOf(head: Uint8Array): Compression | undefined {
  return MAGIC.find(([, magic]) => magic.every((byte, i) => head[i] === byte))?.[0];
}

/** How to get the plain stream out of a compressed one, for the error that refuses it. */
export const DECOMPRESS_COMMAND: Readonly<Record<Exclude<Compression, 'gzip'>, string>> = {
  xz: 'xz -dc',
  zstd: 'zstd -dc',
  bzip2: 'bzip2 -dc',
};
