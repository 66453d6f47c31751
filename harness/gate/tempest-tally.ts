// The tempest stage's console, a finished test at a time: its line prefixed with the tests done,
// the failures so far (the known ones among them said, as every report says them) and the time
// left; a failure is noted as it comes, a known one as not counted.
import type { Tone } from '../progress/colour.ts';
import { findKnownFailure, type KnownFailure } from '../selection/known-failures.ts';
import type { TimeLeft } from '../selection/time-left.ts';
import { formatDuration } from './stage-runner.ts';

/** A result line of the stack's tempest wrapper: `{worker} STATUS test-id …`. */
const RESULT_LINE = /^\{\S+\} (SUCCESS|FAIL|SKIP|XFAIL|UXSUCCESS) (\S+)/;

export interface TalliedLine {
  readonly text: string;
  /** A failure to note on its own line, and its colour. */
  readonly note?: { readonly text: string; readonly tone: Tone };
}

export interface TempestTally {
  line(line: string, now: number): TalliedLine;
}

export function tempestTally(selected: number, knownFailures: readonly KnownFailure[], started: number, timeLeft?: TimeLeft): TempestTally {
  let done = 0;
  let failed = 0;
  let known = 0;
  return {
    line(line, now) {
      const match = RESULT_LINE.exec(line);
      if (!match) return { text: line };
      const [, status, id = ''] = match;
      done += 1;
      let note: TalliedLine['note'];
      if (status === 'FAIL' || status === 'UXSUCCESS') {
        failed += 1;
        const entry = findKnownFailure(knownFailures, id);
        if (entry) known += 1;
        note = entry ? { text: `FAIL ${id} (known failure, not counted: ${entry.reason})`, tone: 'warn' } : { text: `FAIL ${id}`, tone: 'fail' };
      }
      timeLeft?.done(id);
      // The estimate follows this run's own pace once it has one (TimeLeft.secondsAt).
      const left = timeLeft ? `, about ${formatDuration(timeLeft.secondsAt((now - started) / 1000) * 1000)} left` : '';
      const failures = `${failed} failed${known ? ` (${known} known)` : ''}`;
      return { text: `[${done}/${selected}, ${failures}, ${formatDuration(now - started)}${left}] ${line}`, ...(note ? { note } : {}) };
    },
  };
}
