// Subunit v2's wire format, as the types the parser yields. Field order in a packet is fixed:
// timestamp, test id, tags, mime type, file content, route code (testing-cabal/subunit README).
export const SIGNATURE = 0xb3;
export const VERSION_MASK = 0xf000;
export const VERSION_2 = 0x2000;
export const FLAG_TEST_ID = 0x0800;
export const FLAG_ROUTE_CODE = 0x0400;
export const FLAG_TIMESTAMP = 0x0200;
export const FLAG_RUNNABLE = 0x0100;
export const FLAG_TAGS = 0x0080;
export const FLAG_MIME_TYPE = 0x0020;
export const FLAG_FILE_CONTENT = 0x0040;
export const FLAG_EOF = 0x0010;
export const FLAG_RESERVED = 0x0008;
export const STATUS_MASK = 0x0007;
/** Packets are limited to 4 MiB - 1 by the format; a larger claimed length is corruption. */
export const MAX_PACKET_LENGTH = 4 * 1024 * 1024 - 1;
/** Signature, flags, a one-byte length and the CRC. */
export const MIN_PACKET_LENGTH = 8;

export const SUBUNIT_STATUSES = ['undefined', 'exists', 'inprogress', 'success', 'uxsuccess', 'skip', 'fail', 'xfail'] as const;
export type SubunitStatus = (typeof SUBUNIT_STATUSES)[number];

export interface SubunitEvent {
  readonly kind: 'event';
  /** Byte offset of the packet in the stream. */
  readonly offset: number;
  readonly length: number;
  readonly status: SubunitStatus;
  readonly testId: string | undefined;
  readonly routeCode: string | undefined;
  /** Milliseconds since the epoch, UTC, with the nanoseconds as a fraction. */
  readonly timestamp: number | undefined;
  readonly tags: readonly string[] | undefined;
  readonly mimeType: string | undefined;
  readonly fileName: string | undefined;
  readonly fileBytes: Buffer | undefined;
  readonly eof: boolean;
  readonly runnable: boolean;
}

/** Bytes between packets that are not subunit: printed output, or v1 text. */
export interface SubunitText {
  readonly kind: 'text';
  readonly offset: number;
  readonly bytes: Buffer;
}

export type SubunitPacket = SubunitEvent | SubunitText;
