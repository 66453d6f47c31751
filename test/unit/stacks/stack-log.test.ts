import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StackLogParser, type StackLogSummary } from '../../../harness/stacks/stack-log.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'stack');

function parse(lines: Iterable<string>): StackLogSummary {
  const parser = new StackLogParser();
  for (const line of lines) parser.push(line);
  return parser.finish();
}

describe('StackLogParser on a real stack.sh that died at the network', () => {
  it.each(['stack-console.log', 'stack.sh.log'])('%s: finds the failure, where it happened, and the lines that explain it', (name) => {
    const summary = parse(readFileSync(join(fixtures, name), 'utf8').split('\n'));
    expect(summary.failed).toBe(true);
    expect(summary.completedSeconds).toBeUndefined();
    expect(summary.failedAt).toBe('/opt/stack/devstack/functions-common:709');
    expect(summary.failingFunction).toBe('git_clone (./stack.sh:781)');
    expect(summary.tellingLines.at(-1)).toMatch(/^\[ERROR\] .*git call failed: \[git clone --no-checkout https:\/\/opendev\.org\/openstack\/requirements\.git/);
    expect(summary.tellingLines).toContain("fatal: unable to access 'https://opendev.org/openstack/requirements.git/': Could not resolve host: opendev.org");
    expect(summary.tellingLines).toContain('[Call Trace]');
    expect(summary.tellingLines.length).toBeLessThanOrEqual(12);
  });

  it('times the phases stack.sh announced, from the LOGFILE timestamps', () => {
    const summary = parse(readFileSync(join(fixtures, 'stack.sh.log'), 'utf8').split('\n'));
    expect(summary.phases.map((p) => p.name)).toEqual(['stack.sh log /opt/stack/logs/stack.sh.log.2026-11-26-114648']);
    expect(summary.phases[0]?.seconds).toBeCloseTo(7.087, 3);
  });

  it("reads the completion line in stack.sh's own format", () => {
    // stack.sh: echo "stack.sh completed in $SECONDS seconds."
    const summary = parse(['2026-01-01 00:00:00.000 | + ./stack.sh:main:100  :   echo_summary \'Starting Nova\'', '2026-01-01 00:00:30.500 | stack.sh completed in 1234 seconds.']);
    expect(summary).toMatchObject({ failed: false, completedSeconds: 1234, tellingLines: [] });
    expect(summary.phases).toEqual([{ name: 'Starting Nova', start: Date.UTC(2026, 0, 1), seconds: 30.5 }]);
  });
});
