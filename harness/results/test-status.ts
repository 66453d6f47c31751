// The outcome of one test as the gate judges it. Subunit's own statuses map onto these:
// `xfail` counts as a pass, `uxsuccess` as a failure; `crashed` is a test still in progress when
// its stream ended; `notrun` a test enumerated and then never explained.
export type TestStatus = 'success' | 'fail' | 'skip' | 'xfail' | 'uxsuccess' | 'crashed' | 'notrun';

/** Passed: succeeded, or failed where a failure was expected. */
export function isPassing(status: TestStatus | undefined): boolean {
  return status === 'success' || status === 'xfail';
}

/** Ran to its end and failed (an unexpected success included): what a traceback explains. */
export function isFailure(status: TestStatus | undefined): boolean {
  return status === 'fail' || status === 'uxsuccess';
}

/** Did not pass though it started: a failure, or a crash before its end. */
export function isFailing(status: TestStatus | undefined): boolean {
  return isFailure(status) || status === 'crashed';
}
