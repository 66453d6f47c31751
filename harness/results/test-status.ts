// The outcome of one test as the gate judges it. Subunit's own statuses map onto these:
// `xfail` counts as a pass, `uxsuccess` as a failure; `crashed` is a test still in progress when
// its stream ended; `notrun` a test enumerated and then never explained; `damaged` a test that
// had not finished when one of its packets came damaged (its outcome may be what was lost).
export type TestStatus = 'success' | 'fail' | 'skip' | 'xfail' | 'uxsuccess' | 'crashed' | 'notrun' | 'damaged';

/** Passed: succeeded, or failed where a failure was expected. */
export function isPassing(status: TestStatus | undefined): boolean {
  return status === 'success' || status === 'xfail';
}

/** Ran to its end and failed (an unexpected success included): what a traceback explains. */
export function isFailure(status: TestStatus | undefined): boolean {
  return status === 'fail' || status === 'uxsuccess';
}

/**
 * Did not pass though it started: a failure, a crash before its end, or a test whose packets came
 * damaged before its end (what was lost may be its failure).
 */
export function isFailing(status: TestStatus | undefined): boolean {
  return isFailure(status) || status === 'crashed' || status === 'damaged';
}
