// Decodes one subunit v2 packet at a position in a buffer: the whole packet must be there.
// Returns the packet, 'short' when more bytes are needed, or 'invalid' (the caller resyncs).
// This runs once per packet of streams of hundreds of thousands: it allocates nothing but the
// packet itself and the strings it carries, and those mostly come from a cache (see RecentStrings).
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
import { RecentStrings } from './recent-strings.ts';

export type DecodeResult = SubunitEvent | 'short' | 'invalid';

/** How a packet's file content is handed out: a copy the caller may keep, or a view into `buf`. */
export type FileBytesMode = 'copy' | 'view';

// The read position and the size of the last varint, shared by the helpers below rather than
// returned in a fresh array each time. Decoding is synchronous, so nothing else runs in between.
let at = 0;
let varintBytes = 0;

/** The varint at `at` (advancing past it), or -1 when it does not end before `end`. */
function readVarint(buf: Buffer, end: number): number {
  if (at >= end) return -1;
  const first = buf[at] as number;
  const size = (first >> 6) + 1;
  if (at + size > end) return -1;
  let value = first & 0x3f;
  for (let i = 1; i < size; i++) value = value * 256 + (buf[at + i] as number);
  at += size;
  varintBytes = size;
  return value;
}

/** A length-prefixed UTF-8 string at `at` (advancing past it), or undefined when it overruns `end`. */
function readString(buf: Buffer, end: number, strings: RecentStrings): string | undefined {
  const size = readVarint(buf, end);
  if (size < 0 || at + size > end) return undefined;
  const text = strings.decode(buf, at, at + size);
  at += size;
  return text;
}

const defaultStrings = new RecentStrings();

export function decodePacket(buf: Buffer, start: number, end: number, streamOffset: number, fileBytesMode: FileBytesMode = 'copy', strings: RecentStrings = defaultStrings): DecodeResult {
  if (buf[start] !== SIGNATURE) return 'invalid';
  if (end - start < 4) return 'short';
  const flags = ((buf[start + 1] as number) << 8) | (buf[start + 2] as number);
  if ((flags & VERSION_MASK) !== VERSION_2 || flags & FLAG_RESERVED) return 'invalid';
  at = start + 3;
  const length = readVarint(buf, end);
  if (length < 0) return 'short';
  if (varintBytes > 3 || length < MIN_PACKET_LENGTH || length > MAX_PACKET_LENGTH) return 'invalid';
  if (end - start < length) return 'short';
  const body = start + length - 4;
  if (crc32(buf.subarray(start, body)) !== buf.readUInt32BE(body)) return 'invalid';

  let timestamp: number | undefined;
  let testId: string | undefined;
  let tags: string[] | undefined;
  let mimeType: string | undefined;
  let fileName: string | undefined;
  let fileBytes: Buffer | undefined;
  let routeCode: string | undefined;
  if (flags & FLAG_TIMESTAMP) {
    if (at + 4 > body) return 'invalid';
    const seconds = buf.readUInt32BE(at);
    at += 4;
    const nanos = readVarint(buf, body);
    if (nanos < 0) return 'invalid';
    timestamp = seconds * 1000 + nanos / 1e6;
  }
  if (flags & FLAG_TEST_ID) {
    testId = readString(buf, body, strings);
    if (testId === undefined) return 'invalid';
  }
  if (flags & FLAG_TAGS) {
    const count = readVarint(buf, body);
    if (count < 0) return 'invalid';
    tags = [];
    for (let i = 0; i < count; i++) {
      const tag = readString(buf, body, strings);
      if (tag === undefined) return 'invalid';
      tags.push(tag);
    }
  }
  if (flags & FLAG_MIME_TYPE) {
    mimeType = readString(buf, body, strings);
    if (mimeType === undefined) return 'invalid';
  }
  if (flags & FLAG_FILE_CONTENT) {
    fileName = readString(buf, body, strings);
    const size = fileName === undefined ? -1 : readVarint(buf, body);
    if (size < 0 || at + size > body) return 'invalid';
    // A copy unless asked otherwise: the buffer this packet sits in must not be kept alive (or
    // reused under it) by an attachment someone holds on to.
    const view = buf.subarray(at, at + size);
    fileBytes = fileBytesMode === 'view' ? view : Buffer.from(view);
    at += size;
  }
  if (flags & FLAG_ROUTE_CODE) {
    routeCode = readString(buf, body, strings);
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
