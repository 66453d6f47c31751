import { describe, expect, it } from 'vitest';
import { parseTimeouts } from '../../../harness/plan/gate-options.ts';
import { DEFAULT_TIMEOUT_MINUTES, STAGES, TIMED_STAGES, stackCameUp } from '../../../harness/run/stages.ts';

describe('the stage table', () => {
  it('is the order of the pipeline, with collect, report and teardown always run', () => {
    expect(STAGES.map((row) => row.name)).toEqual(['plan', 'image', 'boot', 'stack', 'verify', 'tempest', 'collect', 'report', 'teardown']);
    expect(STAGES.filter((row) => row.alwaysRuns).map((row) => row.name)).toEqual(['collect', 'report', 'teardown']);
  });

  it('gives --timeout its stages and their defaults', () => {
    expect(TIMED_STAGES).toEqual(['image', 'boot', 'stack', 'verify', 'tempest', 'collect']);
    expect(parseTimeouts(['stack=30'])).toEqual({ ...DEFAULT_TIMEOUT_MINUTES, stack: 30 });
    expect(() => parseTimeouts(['report=5'])).toThrow(/unknown stage 'report'.*|--timeout/);
  });

  it('says the stack came up only when every stage that brings it up passed', () => {
    const passed = (name: string) => ({ name, status: 'passed' });
    expect(stackCameUp(['plan', 'image', 'boot', 'stack', 'verify'].map(passed))).toBe(true);
    expect(stackCameUp([passed('image'), passed('boot'), { name: 'stack', status: 'failed' }, { name: 'tempest', status: 'skipped' }])).toBe(false);
    // Tempest failing is the verdict's business, not the stack's.
    expect(stackCameUp([passed('verify'), { name: 'tempest', status: 'timed-out' }])).toBe(true);
  });
});
