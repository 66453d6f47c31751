// The outcome of one test as the gate judges it. Subunit's own statuses map onto these:
// `xfail` counts as a pass, `uxsuccess` as a failure; `crashed` is a test still in progress when
// its stream ended; `notrun` a test enumerated and then never explained; `damaged` a test that
// had not finished when one of its packets came damaged (its outcome may be what was lost).
export type TestStatus = 'success' | 'fail' | 'skip' | 'xfail' | 'uxsuccess' | 'crashed' | 'notrun' | 'damaged';

export const PASSING_STATUSES: ReadonlySet<TestStatus> = new Set(['success', 'xfail']);
export const FAILING_STATUSES: ReadonlySet<TestStatus> = new Set(['fail', 'uxsuccess', 'crashed', 'damaged']);
