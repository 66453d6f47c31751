// Decodes one subunit v2 packet at a position in a buffer: the whole packet must be there.
// Returns the packet, 'short' when more bytes are needed, or 'invalid' (the caller resyncs).
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

export function decodePacket(buf: Buffer, start: number, end: number, streamOffset: number): DecodeResult {
  if (buf[start] !== SIGNATURE) return 'invalid';
  if (end - start < 4) return 'short';
  const flags = ((buf[start + 1] as number) << 8) | (buf[start + 2] as number);
  if ((flags & VERSION_MASK) !== VERSION_2 || flags & FLAG_RESERVED) return 'invalid';
  const lengthField = readVarint(buf, start + 3, end);
  if (!lengthField) return 'short';
  const [length, lengthSize] = lengthField;
  if (lengthSize > 3 || length < MIN_PACKET_LENGTH || length > MAX_PACKET_LENGTH) return 'invalid';
  if (end - start < length) return 'short';
  const packetEnd = start + length;
  const body = packetEnd - 4;
  const expected = buf.readUInt32BE(body);
  if (crc32(buf.subarray(start, body)) !== expected) return 'invalid';

  let at = start + 3 + lengthSize;
  let timestamp: number | undefined;
  let testId: string | undefined;
  let tags: string[] | undefined;
  let mimeType: string | undefined;
  let fileName: string | undefined;
  let fileBytes: Buffer | undefined;
  let routeCode: string | undefined;
  const readString = (): string | undefined => {
    const size = readVarint(buf, at, body);
    if (!size || at + size[1] + size[0] > body) return undefined;
    const text = buf.toString('utf8', at + size[1], at + size[1] + size[0]);
    at += size[1] + size[0];
    return text;
  };

  if (flags & FLAG_TIMESTAMP) {
    if (at + 4 > body) return 'invalid';
    const seconds = buf.readUInt32BE(at);
    const nanos = readVarint(buf, at + 4, body);
    if (!nanos) return 'invalid';
    timestamp = seconds * 1000 + nanos[0] / 1e6;
    at += 4 + nanos[1];
  }
  if (flags & FLAG_TEST_ID) {
    testId = readString();
    if (testId === undefined) return 'invalid';
  }
  if (flags & FLAG_TAGS) {
    const count = readVarint(buf, at, body);
    if (!count) return 'invalid';
    at += count[1];
    tags = [];
    for (let i = 0; i < count[0]; i++) {
      const tag = readString();
      if (tag === undefined) return 'invalid';
      tags.push(tag);
    }
  }
  if (flags & FLAG_MIME_TYPE) {
    mimeType = readString();
    if (mimeType === undefined) return 'invalid';
  }
  if (flags & FLAG_FILE_CONTENT) {
    fileName = readString();
    const size = fileName === undefined ? undefined : readVarint(buf, at, body);
    if (!size || at + size[1] + size[0] > body) return 'invalid';
    // A copy: the chunk buffer this packet sits in must not be kept alive by an attachment.
    fileBytes = Buffer.from(buf.subarray(at + size[1], at + size[1] + size[0]));
    at += size[1] + size[0];
  }
  if (flags & FLAG_ROUTE_CODE) {
    routeCode = readString();
    if (routeCode === undefined) return 'invalid';
  }
  if (at !== body) return 'invalid';
  return {
    kind: 'event',
    offset: streamOffset,
    length,
    status: SUBUNIT_STATUSES[flags & STATUS_MASK] ?? 'undefined',
    testId,
    routeCode,
    timestamp,
    tags,
    mimeType,
    fileName,
    fileBytes,
    eof: (flags & FLAG_EOF) !== 0,
    runnable: (flags & FLAG_RUNNABLE) !== 0,
  };
}
