// Subunit v2 packets from a byte stream, in constant memory: a packet is decoded once all of its
// bytes are there; a byte that does not start a valid packet (bad signature, version, reserved
// bit, length or CRC) is taken as text and the search resumes at the next byte, so damage costs
// only the damaged packets. Runs of text are grouped into one text packet.
import { decodePacket } from './decode-packet.ts';
import { SIGNATURE, type SubunitPacket } from './packet.ts';

/** Text is flushed at least this often, so a stream of pure text stays in bounded memory. */
const MAX_TEXT = 64 * 1024;

export async function* parseSubunit(source: AsyncIterable<Buffer | string>): AsyncGenerator<SubunitPacket> {
  let buf: Buffer = Buffer.alloc(0);
  let pos = 0;
  /** Stream offset of buf[0]. */
  let base = 0;
  let textStart = -1;
  const flushText = (upTo: number): SubunitPacket | undefined => {
    if (textStart === -1 || upTo <= textStart) return undefined;
    const packet: SubunitPacket = { kind: 'text', offset: base + textStart, bytes: Buffer.from(buf.subarray(textStart, upTo)) };
    textStart = -1;
    return packet;
  };

  const scan = function* (final: boolean): Generator<SubunitPacket, boolean> {
    const end = buf.length;
    while (pos < end) {
      if (buf[pos] !== SIGNATURE) {
        // Fast path: jump to the next possible signature.
        const next = buf.indexOf(SIGNATURE, pos);
        if (textStart === -1) textStart = pos;
        pos = next === -1 ? end : next;
        if (pos - textStart >= MAX_TEXT) {
          const text = flushText(pos);
          if (text) yield text;
        }
        continue;
      }
      const result = decodePacket(buf, pos, end, base + pos);
      if (result === 'short' && !final) return false;
      if (result === 'short' || result === 'invalid') {
        if (textStart === -1) textStart = pos;
        pos += 1;
        continue;
      }
      const text = flushText(pos);
      if (text) yield text;
      yield result;
      pos += result.length;
    }
    return true;
  };

  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    // Keep only what is not consumed: a pending packet's bytes and pending text.
    const keepFrom = textStart === -1 ? pos : Math.min(textStart, pos);
    const rest = buf.subarray(keepFrom);
    base += keepFrom;
    if (textStart !== -1) textStart -= keepFrom;
    pos -= keepFrom;
    buf = rest.length ? Buffer.concat([rest, bytes]) : bytes;
    yield* scan(false);
  }
  yield* scan(true);
  const text = flushText(buf.length);
  if (text) yield text;
}
