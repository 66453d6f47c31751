// SIGINT/SIGTERM during a gate: the first one aborts the run's signal, so the running stage
// stops what runs inside the container and the always-stages (collect, report, teardown) clean
// up and record "interrupted"; a second one exits at once.
import { ExitCode, InterruptedError } from '../errors.ts';

export interface InterruptGuard {
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * One Ctrl-C under `npm run` reaches the gate twice at once: from the terminal and forwarded by
 * npm. Signals this close together are one interrupt; a second press comes later.
 */
const SAME_INTERRUPT_MS = 1500;

/** `onSignal` hears every interrupt that counts, the first and the one that exits. */
export function guardInterrupts(onSignal: (signal: NodeJS.Signals) => void = () => {}): InterruptGuard {
  const controller = new AbortController();
  let firstAt = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted && Date.now() - firstAt < SAME_INTERRUPT_MS) return;
    if (controller.signal.aborted) {
      onSignal(signal);
      process.stderr.write(`\ndockenstack: ${signal} again: exiting now; \`dockenstack clean\` removes what is left\n`);
      process.exit(ExitCode.interrupted);
    } else {
      process.stderr.write(`\ndockenstack: ${signal}: stopping and cleaning up (press Ctrl-C again to exit at once)\n`);
      firstAt = Date.now();
      onSignal(signal);
      controller.abort(new InterruptedError(signal));
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
