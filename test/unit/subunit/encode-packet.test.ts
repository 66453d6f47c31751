import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeEvent } from '../../../harness/subunit/encode-packet.ts';
import type { SubunitEvent } from '../../../harness/subunit/packet.ts';
import { eventsOf } from '../../support/subunit-events.ts';

describe('encodeEvent', () => {
  it('writes every packet of a real stream back so that it decodes to the same fields (timestamps within a microsecond)', () => {
    const original = eventsOf(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'subunit', 'compute-servers.subunit')));
    const again = eventsOf(Buffer.concat(original.map((event) => encodeEvent(event))));
    expect(again).toHaveLength(original.length);
    const fields = ({ status, testId, routeCode, tags, mimeType, fileName, fileBytes, eof, runnable }: SubunitEvent) => ({ status, testId, routeCode, tags, mimeType, fileName, fileBytes, eof, runnable });
    again.forEach((event, i) => {
      const before = original[i] as SubunitEvent;
      expect(fields(event)).toEqual(fields(before));
      expect(Math.abs((event.timestamp ?? 0) - (before.timestamp ?? 0))).toBeLessThan(0.001);
    });
  });
});
