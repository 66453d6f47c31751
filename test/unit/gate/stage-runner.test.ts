import { describe, expect, it } from 'vitest';
import { GateError, InterruptedError } from '../../../harness/errors.ts';
import { StageRunner, StageTimeoutError, formatDuration } from '../../../harness/gate/stage-runner.ts';

const never = new AbortController().signal;

describe('StageRunner', () => {
  it('records passed stages with their durations and returns their values', async () => {
    const runner = new StageRunner(never);
    const value = await runner.run({ name: 'plan', run: async () => 42 });
    expect(value).toBe(42);
    expect(runner.outcomes).toMatchObject([{ name: 'plan', status: 'passed' }]);
    expect(runner.failed).toBe(false);
  });

  it('stops the line after a failure but still runs the stages the table marks always-run', async () => {
    const runner = new StageRunner(never);
    const ran: string[] = [];
    await runner.run({
      name: 'stack',
      run: async () => {
        throw new GateError('stack', 'stack.sh exited with 1', { tellingLines: ['[ERROR] boom'], logFile: 'logs/stack.log' });
      },
    });
    await runner.run({ name: 'tempest', run: async () => ran.push('tempest') });
    await runner.run({ name: 'report', run: async () => ran.push('report') });
    expect(ran).toEqual(['report']);
    expect(runner.outcomes.map((o) => [o.name, o.status])).toEqual([
      ['stack', 'failed'],
      ['tempest', 'skipped'],
      ['report', 'passed'],
    ]);
    expect(runner.outcomes[0]).toMatchObject({ tellingLines: ['[ERROR] boom'], logFile: 'logs/stack.log' });
    expect(runner.firstFailure).toBeInstanceOf(GateError);
  });

  it('aborts a stage at its timeout and records it as timed out', async () => {
    const runner = new StageRunner(never);
    await runner.run({
      name: 'verify',
      timeoutMs: 50,
      run: ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    expect(runner.outcomes[0]).toMatchObject({ name: 'verify', status: 'timed-out' });
    expect(runner.outcomes[0]?.message).toMatch(/timed out after 0s/);
  });

  it("keeps the end of a timed-out stage's output when the stage hands it back", async () => {
    const runner = new StageRunner(never);
    await runner.run({
      name: 'stack',
      timeoutMs: 50,
      run: ({ signal }) =>
        new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason instanceof StageTimeoutError ? signal.reason.withOutput(['phase: databases'], 'logs/stack.log') : signal.reason)),
        ),
    });
    expect(runner.outcomes[0]).toMatchObject({ name: 'stack', status: 'timed-out', tellingLines: ['phase: databases'], logFile: 'logs/stack.log' });
    // Whatever else an aborted stage throws on its way out, the abort is what failed it.
    const other = new StageRunner(never);
    await other.run({ name: 'verify', timeoutMs: 50, run: ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('socket closed')))) });
    expect(other.outcomes[0]).toMatchObject({ status: 'timed-out', message: 'verify: timed out after 0s' });
  });

  it('records an interrupt, and an always stage still runs without being aborted', async () => {
    const controller = new AbortController();
    const runner = new StageRunner(controller.signal);
    const pending = runner.run({
      name: 'tempest',
      run: ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    controller.abort(new InterruptedError('SIGINT'));
    await pending;
    let teardownAborted: boolean | undefined;
    await runner.run({ name: 'teardown', run: async ({ signal }) => void (teardownAborted = signal.aborted) });
    expect(runner.outcomes.map((o) => o.status)).toEqual(['interrupted', 'passed']);
    expect(teardownAborted).toBe(false);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [59_400, '59s'],
    [60_000, '1m'],
    [754_000, '12m34s'],
  ])('%i ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
