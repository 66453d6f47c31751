// One subunit v2 packet from an event, as decodePacket reads it back: the fields in the format's
// order, minimal varints, the length counting the whole packet, the CRC-32 last. Used to write a
// stream back with some of its text changed (masked secrets), so the copy still parses.
import { crc32 } from 'node:zlib';
import {
  FLAG_EOF,
  FLAG_FILE_CONTENT,
  FLAG_MIME_TYPE,
  FLAG_ROUTE_CODE,
  FLAG_RUNNABLE,
  FLAG_TAGS,
  FLAG_TEST_ID,
  FLAG_TIMESTAMP,
  SIGNATURE,
  SUBUNIT_STATUSES,
  VERSION_2,
  type SubunitEvent,
} from './packet.ts';

export function varint(value: number): Buffer {
  if (value < 0x40) return Buffer.from([value]);
  if (value < 0x4000) return Buffer.from([0x40 | (value >> 8), value & 0xff]);
  if (value < 0x400000) return Buffer.from([0x80 | (value >> 16), (value >> 8) & 0xff, value & 0xff]);
  return Buffer.from([0xc0 | (value >>> 24), (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]);
}

function utf8(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([varint(bytes.length), bytes]);
}

export function encodeEvent(event: Omit<SubunitEvent, 'kind' | 'offset' | 'length'>): Buffer {
  let flags = VERSION_2 | Math.max(0, SUBUNIT_STATUSES.indexOf(event.status));
  const parts: Buffer[] = [];
  if (event.timestamp !== undefined) {
    flags |= FLAG_TIMESTAMP;
    const seconds = Math.floor(event.timestamp / 1000);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(seconds);
    parts.push(head, varint(Math.min(999_999_999, Math.round((event.timestamp - seconds * 1000) * 1e6))));
  }
  if (event.testId !== undefined) {
    flags |= FLAG_TEST_ID;
    parts.push(utf8(event.testId));
  }
  if (event.tags) {
    flags |= FLAG_TAGS;
    parts.push(varint(event.tags.length), ...event.tags.map(utf8));
  }
  if (event.mimeType !== undefined) {
    flags |= FLAG_MIME_TYPE;
    parts.push(utf8(event.mimeType));
  }
  if (event.fileName !== undefined && event.fileBytes) {
    flags |= FLAG_FILE_CONTENT;
    parts.push(utf8(event.fileName), varint(event.fileBytes.length), event.fileBytes);
  }
  if (event.routeCode !== undefined) {
    flags |= FLAG_ROUTE_CODE;
    parts.push(utf8(event.routeCode));
  }
  if (event.eof) flags |= FLAG_EOF;
  if (event.runnable) flags |= FLAG_RUNNABLE;
  const body = Buffer.concat(parts);
  const base = 3 + body.length + 4;
  const lengthSize = base + 1 <= 0x3f ? 1 : base + 2 <= 0x3fff ? 2 : 3;
  const head = Buffer.concat([Buffer.from([SIGNATURE, flags >> 8, flags & 0xff]), varint(base + lengthSize), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(head));
  return Buffer.concat([head, crc]);
}
