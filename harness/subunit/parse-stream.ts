// Subunit v2 packets from a byte stream, in constant memory: a packet is decoded once all of its
// bytes are there; a byte that does not start a valid packet (bad signature, version, reserved
// bit, length or CRC) is taken as text and the search resumes at the next byte, so damage costs
// only the damaged packets. Runs of text are grouped into one text packet.
// Whatever the bytes, the work is linear and the memory bounded: a candidate in damaged bytes has
// its CRC taken from prefix CRCs (SpanCrc) rather than over its whole declared length, and text is
// handed on at least every MAX_TEXT bytes and whenever the decoder waits for more input.
//
// SubunitDecoder is the core, pushed chunks and calling back for each packet, with no promise per
// packet (a stream of 100 MB holds some 200 000); parseSubunit wraps it as an async generator for
// whoever would rather pull.
import { decodePacket, type CrcOf } from './decode-packet.ts';
import { SIGNATURE, type SubunitPacket } from './packet.ts';
import { SpanCrc } from './span-crc.ts';

/** Text is flushed at least this often, so a stream of pure text stays in bounded memory. */
const MAX_TEXT = 64 * 1024;

export class SubunitDecoder {
  /**
   * The bytes not consumed yet (a pending packet's, pending text) followed by the newest chunk,
   * in buf[0, used). One buffer, reused and grown as needed: no allocation per chunk.
   */
  private buf: Buffer = Buffer.allocUnsafe(64 * 1024);
  private used = 0;
  private pos = 0;
  /** Stream offset of buf[0]. */
  private base = 0;
  private textStart = -1;
  private spans: SpanCrc | undefined;
  /**
   * Between a byte that did not start a packet and the next packet that decodes, even across a
   * wait for more input (when the pending text is handed on): candidates then take their CRC
   * from SpanCrc, so a header declaring 4 MiB costs no pass over 4 MiB however the input is cut.
   */
  private inDamage = false;
  /** In damaged bytes: CRCs of candidates through SpanCrc, by stream offset. */
  private readonly resyncCrc: CrcOf = (buf, from, to) => {
    this.spans ??= new SpanCrc();
    return this.spans.crc(buf, this.base, this.base + from, this.base + to);
  };

  constructor(private readonly onPacket: (packet: SubunitPacket) => void) {}

  /** Decodes what `chunk` completes. The chunk is copied: the caller may reuse it once this returns. */
  write(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    // Keep only what is not consumed: a pending packet's bytes and pending text, moved to the front.
    const keepFrom = this.textStart === -1 ? this.pos : Math.min(this.textStart, this.pos);
    const kept = this.used - keepFrom;
    const needed = kept + bytes.length;
    if (needed > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
      this.buf.copy(bigger, 0, keepFrom, this.used);
      this.buf = bigger;
    } else if (keepFrom > 0 && kept > 0) {
      this.buf.copyWithin(0, keepFrom, this.used);
    }
    bytes.copy(this.buf, kept);
    this.used = needed;
    this.base += keepFrom;
    if (this.textStart !== -1) this.textStart -= keepFrom;
    this.pos -= keepFrom;
    this.scan(false);
  }

  end(): void {
    this.scan(true);
    this.flushText(this.used);
  }

  private scan(final: boolean): void {
    const buf = this.buf.subarray(0, this.used);
    const end = this.used;
    let pos = this.pos;
    while (pos < end) {
      if (buf[pos] !== SIGNATURE) {
        // Fast path: jump to the next possible signature.
        const next = buf.indexOf(SIGNATURE, pos);
        this.inDamage = true;
        if (this.textStart === -1) this.textStart = pos;
        pos = next === -1 ? end : next;
        if (pos - this.textStart >= MAX_TEXT) this.flushText(pos);
        continue;
      }
      const result = decodePacket(buf, pos, end, this.base + pos, this.inDamage ? this.resyncCrc : undefined);
      if (result === 'short' && !final) {
        this.flushText(pos);
        break;
      }
      if (result === 'short' || result === 'invalid') {
        this.inDamage = true;
        if (this.textStart === -1) this.textStart = pos;
        pos += 1;
        if (pos - this.textStart >= MAX_TEXT) this.flushText(pos);
        continue;
      }
      this.inDamage = false;
      this.flushText(pos);
      this.onPacket(result);
      pos += result.length;
    }
    this.pos = pos;
  }

  private flushText(upTo: number): void {
    if (this.textStart === -1 || upTo <= this.textStart) return;
    const bytes = Buffer.from(this.buf.subarray(this.textStart, upTo));
    const offset = this.base + this.textStart;
    this.textStart = -1;
    this.onPacket({ kind: 'text', offset, bytes });
  }
}

export async function* parseSubunit(source: AsyncIterable<Buffer | string>): AsyncGenerator<SubunitPacket> {
  // One chunk's packets at a time: memory stays bounded by the chunk size.
  let ready: SubunitPacket[] = [];
  const decoder = new SubunitDecoder((packet) => ready.push(packet));
  for await (const chunk of source) {
    decoder.write(chunk);
    const batch = ready;
    ready = [];
    yield* batch;
  }
  decoder.end();
  yield* ready;
}
