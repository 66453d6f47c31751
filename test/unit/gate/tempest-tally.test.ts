// Issue 15 item 2, on the console: while Tempest runs, a failure on the known-failures list is
// shown as known and not counted, as every report shows it. The lines are those
// dockerfiles/distro/subunit-progress.py prints (`{worker} STATUS id (seconds)`).
import { describe, expect, it } from 'vitest';
import { tempestTally } from '../../../harness/gate/tempest-tally.ts';
import { parseKnownFailures } from '../../../harness/selection/known-failures.ts';
import { TimeLeft } from '../../../harness/selection/time-left.ts';

const known = parseKnownFailures('ServerActionsTestJSON\\.test_get_console_output  # the console RPC timed out\n', 'known-failures.txt');
const CONSOLE = 'tempest.api.compute.servers.test_server_actions.ServerActionsTestJSON.test_get_console_output[id-4b8867e6]';
const UPTIME = 'tempest.api.compute.admin.test_hypervisor.HypervisorAdminTestJSON.test_get_hypervisor_uptime[id-91a50d7d]';

describe('item 2: the tempest stage marks a known failure as it comes', () => {
  it('counts each finished test, says the known failures among the failed, and notes each failure with its kind', () => {
    const tally = tempestTally(3, known, 0);
    expect(tally.line('{0} SUCCESS tempest.api.identity.v3.test_a.T.test_a[id-1] (0.41s)', 1000)).toEqual({ text: '[1/3, 0 failed, 1s] {0} SUCCESS tempest.api.identity.v3.test_a.T.test_a[id-1] (0.41s)' });
    const knownLine = tally.line(`{1} FAIL ${CONSOLE} (61.02s)`, 2000);
    expect(knownLine.text).toBe(`[2/3, 1 failed (1 known), 2s] {1} FAIL ${CONSOLE} (61.02s)`);
    expect(knownLine.note).toEqual({ text: `FAIL ${CONSOLE} (known failure, not counted: the console RPC timed out)`, tone: 'warn' });
    const other = tally.line(`{0} FAIL ${UPTIME} (0.30s)`, 3000);
    expect(other.text).toMatch(/^\[3\/3, 2 failed \(1 known\), 3s\] /);
    expect(other.note).toEqual({ text: `FAIL ${UPTIME}`, tone: 'fail' });
    expect(tally.line('tempest exited with 1', 4000)).toEqual({ text: 'tempest exited with 1' });
  });

  it("says the time left at this run's own pace", () => {
    const timeLeft = TimeLeft.of(['a.B.test_x[id-1]', 'a.B.test_y[id-2]'], new Map([['a.B.test_x', 10], ['a.B.test_y', 10]]), 1);
    const tally = tempestTally(2, [], 0, timeLeft);
    // The first test took 40 s where the earlier run's took 10: the rest will take 4 times as long too.
    expect(tally.line('{0} SUCCESS a.B.test_x[id-1] (40.00s)', 40_000).text).toMatch(/^\[1\/2, 0 failed, 40s, about 40s left\] /);
  });
});
