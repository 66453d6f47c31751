// Decodes one subunit v2 packet at a position in a buffer: the whole packet must be there.
// Returns the packet, 'short' when more bytes are needed, or 'invalid' (the caller resyncs).
// The fields are checked against the declared length before the CRC is computed, and decoded
// after it matched: a candidate in damaged bytes is mostly refused without touching its body.
import { crc32 } from 'node:zlib';
import {
  FLAG_EOF,
  FLAG_FILE_CONTENT,
  FLAG_MIME_TYPE,
  FLAG_RESERVED,
  FLAG_ROUTE_CODE,
  FLAG_RUNNABLE,
  FLAG_TAGS,
  FLAG_TEST_ID,
  FLAG_TIMESTAMP,
  MAX_PACKET_LENGTH,
  MIN_PACKET_LENGTH,
  SIGNATURE,
  STATUS_MASK,
  SUBUNIT_STATUSES,
  VERSION_2,
  VERSION_MASK,
  type SubunitEvent,
} from './packet.ts';

export type DecodeResult = SubunitEvent | 'short' | 'invalid';

/** The CRC-32 of buf[from, to). */
export type CrcOf = (buf: Buffer, from: number, to: number) => number;

const wholeCrc: CrcOf = (buf, from, to) => crc32(buf.subarray(from, to));

/** Reads a varint at `at`; returns [value, bytes used] or undefined past `end`. */
function readVarint(buf: Buffer, at: number, end: number): [number, number] | undefined {
  if (at >= end) return undefined;
  const first = buf[at] as number;
  const size = (first >> 6) + 1;
  if (at + size > end) return undefined;
  let value = first & 0x3f;
  for (let i = 1; i < size; i++) value = value * 256 + (buf[at + i] as number);
  return [value, size];
}

/** Where the length-prefixed string at `at` ends, or -1 past `end`. */
function afterString(buf: Buffer, at: number, end: number): number {
  const size = readVarint(buf, at, end);
  return !size || at + size[1] + size[0] > end ? -1 : at + size[1] + size[0];
}

/** The length-prefixed string at `from`, already checked by afterString. */
function stringAt(buf: Buffer, from: number, end: number): string {
  const size = readVarint(buf, from, end) as [number, number];
  return buf.toString('utf8', from + size[1], from + size[1] + size[0]);
}

export function decodePacket(buf: Buffer, start: number, end: number, streamOffset: number, crcOf: CrcOf = wholeCrc): DecodeResult {
  if (buf[start] !== SIGNATURE) return 'invalid';
  if (end - start < 4) return 'short';
  const flags = ((buf[start + 1] as number) << 8) | (buf[start + 2] as number);
  if ((flags & VERSION_MASK) !== VERSION_2 || flags & FLAG_RESERVED) return 'invalid';
  const lengthField = readVarint(buf, start + 3, end);
  if (!lengthField) return 'short';
  const [length, lengthSize] = lengthField;
  if (lengthSize > 3 || length < MIN_PACKET_LENGTH || length > MAX_PACKET_LENGTH) return 'invalid';
  if (end - start < length) return 'short';
  const body = start + length - 4;

  // Where each field is, checked against the body's end; nothing decoded yet.
  let at = start + 3 + lengthSize;
  let nanos: [number, number] | undefined;
  let testIdAt = -1;
  let tagsAt = -1;
  let tagCount = 0;
  let mimeAt = -1;
  let fileNameAt = -1;
  let fileAt = -1;
  let fileSize = 0;
  let routeAt = -1;
  if (flags & FLAG_TIMESTAMP) {
    if (at + 4 > body) return 'invalid';
    nanos = readVarint(buf, at + 4, body);
    if (!nanos) return 'invalid';
    at += 4 + nanos[1];
  }
  if (flags & FLAG_TEST_ID) {
    testIdAt = at;
    if ((at = afterString(buf, at, body)) === -1) return 'invalid';
  }
  if (flags & FLAG_TAGS) {
    const count = readVarint(buf, at, body);
    if (!count) return 'invalid';
    tagsAt = at;
    at += count[1];
    tagCount = count[0];
    for (let i = 0; i < tagCount; i++) if ((at = afterString(buf, at, body)) === -1) return 'invalid';
  }
  if (flags & FLAG_MIME_TYPE) {
    mimeAt = at;
    if ((at = afterString(buf, at, body)) === -1) return 'invalid';
  }
  if (flags & FLAG_FILE_CONTENT) {
    fileNameAt = at;
    if ((at = afterString(buf, at, body)) === -1) return 'invalid';
    const size = readVarint(buf, at, body);
    if (!size || at + size[1] + size[0] > body) return 'invalid';
    fileAt = at + size[1];
    fileSize = size[0];
    at = fileAt + fileSize;
  }
  if (flags & FLAG_ROUTE_CODE) {
    routeAt = at;
    if ((at = afterString(buf, at, body)) === -1) return 'invalid';
  }
  if (at !== body) return 'invalid';
  if (crcOf(buf, start, body) !== buf.readUInt32BE(body)) return 'invalid';

  let tags: string[] | undefined;
  if (tagsAt !== -1) {
    tags = [];
    let next = tagsAt + (readVarint(buf, tagsAt, body) as [number, number])[1];
    for (let i = 0; i < tagCount; i++) {
      const size = readVarint(buf, next, body) as [number, number];
      tags.push(buf.toString('utf8', next + size[1], next + size[1] + size[0]));
      next += size[1] + size[0];
    }
  }
  return {
    kind: 'event',
    offset: streamOffset,
    length,
    status: SUBUNIT_STATUSES[flags & STATUS_MASK] ?? 'undefined',
    testId: testIdAt === -1 ? undefined : stringAt(buf, testIdAt, body),
    routeCode: routeAt === -1 ? undefined : stringAt(buf, routeAt, body),
    timestamp: nanos ? buf.readUInt32BE(start + 3 + lengthSize) * 1000 + nanos[0] / 1e6 : undefined,
    tags,
    mimeType: mimeAt === -1 ? undefined : stringAt(buf, mimeAt, body),
    fileName: fileNameAt === -1 ? undefined : stringAt(buf, fileNameAt, body),
    // A copy: the chunk buffer this packet sits in must not be kept alive by an attachment.
    fileBytes: fileAt === -1 ? undefined : Buffer.from(buf.subarray(fileAt, fileAt + fileSize)),
    eof: (flags & FLAG_EOF) !== 0,
    runnable: (flags & FLAG_RUNNABLE) !== 0,
  };
}
