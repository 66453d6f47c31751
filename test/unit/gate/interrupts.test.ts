import { afterEach, describe, expect, it, vi } from 'vitest';
import { InterruptedError } from '../../../harness/errors.ts';
import { guardInterrupts } from '../../../harness/gate/interrupts.ts';

describe('guardInterrupts', () => {
  afterEach(() => vi.restoreAllMocks());

  it('aborts on the first signal, takes a duplicate at the same moment as the same interrupt, and exits on a later one', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const heard: string[] = [];
    const guard = guardInterrupts((signal) => heard.push(signal));
    try {
      process.emit('SIGINT', 'SIGINT');
      expect(guard.signal.aborted).toBe(true);
      expect(guard.signal.reason).toBeInstanceOf(InterruptedError);
      process.emit('SIGINT', 'SIGINT'); // npm's forwarded copy of the same Ctrl-C
      expect(exit).not.toHaveBeenCalled();
      vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 5000);
      process.emit('SIGINT', 'SIGINT');
      expect(exit).toHaveBeenCalledWith(130);
      // Passed on (to the shards of `gate --engine`): the first interrupt and the one that exits.
      expect(heard).toEqual(['SIGINT', 'SIGINT']);
    } finally {
      guard.dispose();
    }
  });
});
