// The events of a whole stream in memory, for tests that compare streams packet by packet.
import type { SubunitEvent } from '../../harness/subunit/packet.ts';
import { SubunitDecoder } from '../../harness/subunit/parse-stream.ts';

export function eventsOf(bytes: Buffer): SubunitEvent[] {
  const events: SubunitEvent[] = [];
  const decoder = new SubunitDecoder((packet) => packet.kind === 'event' && events.push(packet));
  decoder.write(bytes);
  decoder.end();
  return events;
}
