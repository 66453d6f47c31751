// `tempest RUN` runs Tempest as a gate does: with as many workers by default, on a machine of any
// size (8 cores here, where the default and a fixed 2 differ).
import { describe, expect, it, vi } from 'vitest';
import { gateCommand } from '../../../harness/commands/gate.ts';
import { tempestCommand } from '../../../harness/commands/tempest.ts';

vi.mock('node:os', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:os')>()), availableParallelism: () => 8 }));

describe('tempest RUN and gate', () => {
  it('take as many Tempest workers when not told', () => {
    const concurrency = (command: ReturnType<typeof gateCommand>) => command.options.find((option) => option.long === '--concurrency')?.defaultValue as unknown;
    expect(concurrency(gateCommand())).toBe('8');
    expect(concurrency(tempestCommand())).toBe(concurrency(gateCommand()));
  });
});
