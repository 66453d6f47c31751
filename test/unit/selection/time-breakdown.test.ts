import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { collectStream } from '../../../harness/results/collect.ts';
import type { RunResults, TestResult } from '../../../harness/results/model.ts';
import { PROJECT_ROOT } from '../../../harness/project-root.ts';
import { moduleOf, RequestLatencies, schedulingCosts, stackPhasesOf, stestrKey, timeBreakdown } from '../../../harness/selection/time-breakdown.ts';

function test(id: string, start: number, seconds: number, worker: string, fixture = false): TestResult {
  return { id, routeCode: '', status: 'success', start: start * 1000, end: (start + seconds) * 1000, tags: [], worker, attachments: [], reason: undefined, fixture };
}
const run = (tests: TestResult[]): RunResults => ({ tests, text: '', textBytes: 0, start: undefined, end: undefined });

describe('timeBreakdown', () => {
  const results = run([
    // worker-0: 10 s before its first test (setUpClass), two tests, 2 s between classes, a third.
    test('tempest.api.compute.servers.test_a.ServersTest.test_one[id-1,smoke]', 10, 5, 'worker-0'),
    test('tempest.api.compute.servers.test_a.ServersTest.test_two[id-2]', 15, 3, 'worker-0'),
    test('tempest.api.compute.servers.test_c.ImagesTest.test_four[id-4]', 20, 1, 'worker-0'),
    test('tempest.api.identity.test_b.TokensTest.test_three[id-3]', 0, 2, 'worker-1'),
  ]);
  const breakdown = timeBreakdown(results);

  it("counts the time between a worker's tests for the class that follows it (its setUpClass)", () => {
    expect(breakdown.classes[0]).toEqual({ name: 'tempest.api.compute.servers.test_a.ServersTest', tests: 2, seconds: 18, workers: ['worker-0'] });
    expect(breakdown.classes.find((c) => c.name.endsWith('ImagesTest'))?.seconds).toBe(3);
    expect(breakdown.modules.map((m) => [m.name, m.seconds])).toEqual([
      ['tempest.api.compute.servers.test_a', 18],
      ['tempest.api.compute.servers.test_c', 3],
      ['tempest.api.identity.test_b', 2],
    ]);
    expect(breakdown.tests.map((t) => [t.name.split('.').at(-1), t.seconds])).toEqual([['test_one[id-1,smoke]', 5], ['test_two[id-2]', 3], ['test_three[id-3]', 2], ['test_four[id-4]', 1]]);
  });

  it('shows the idle tail: a worker that ends long before the run does', () => {
    expect(breakdown.wallSeconds).toBe(21);
    expect(breakdown.testSeconds).toBe(11);
    expect(breakdown.betweenSeconds).toBe(12);
    expect(breakdown.workers).toEqual([
      { worker: 'worker-0', tests: 3, testSeconds: 9, betweenSeconds: 12, spanSeconds: 21 },
      { worker: 'worker-1', tests: 1, testSeconds: 2, betweenSeconds: 0, spanSeconds: 2 },
    ]);
  });

  it('adds up on a real Tempest run: every test once, module and class totals equal the workers\' spans', async () => {
    const real = await collectStream(createReadStream(join(PROJECT_ROOT, 'test', 'fixtures', 'subunit', 'distro-full.subunit.gz')).pipe(createGunzip()));
    const b = timeBreakdown(real);
    const timed = real.tests.filter((t) => !t.fixture && t.start !== undefined && t.end !== undefined).length;
    expect(b.tests).toHaveLength(timed);
    const sum = (xs: readonly { seconds: number }[]) => xs.reduce((a, x) => a + x.seconds, 0);
    const spans = b.workers.reduce((a, w) => a + w.spanSeconds, 0);
    expect(sum(b.modules)).toBeCloseTo(spans, 3);
    expect(sum(b.classes)).toBeCloseTo(spans, 3);
    expect(b.testSeconds + b.betweenSeconds).toBeCloseTo(spans, 3);
    expect(b.workers.every((w) => w.spanSeconds <= b.wallSeconds + 1e-9)).toBe(true);
    expect(b.classes[0]!.seconds).toBeGreaterThanOrEqual(b.classes[1]!.seconds);
  });
});

describe('schedulingCosts', () => {
  it("gives each test its duration and the setUpClass before it, keyed as stestr keys its times", () => {
    const costs = schedulingCosts(run([
      test('tempest.api.compute.servers.test_a.ServersTest.test_one[id-1,smoke]', 10, 5, 'worker-0'),
      test('tempest.api.compute.servers.test_a.ServersTest.test_two[id-2]', 15, 3, 'worker-0'),
      test('tempest.api.identity.test_b.TokensTest.test_three', 0, 2, 'worker-1'),
    ]));
    expect([...costs]).toEqual([
      ['tempest.api.compute.servers.test_a.ServersTest.test_one', 15],
      ['tempest.api.compute.servers.test_a.ServersTest.test_two', 3],
      ['tempest.api.identity.test_b.TokensTest.test_three', 2],
    ]);
  });
  it("counts a serial class's own time only: the wait before it is the other workers' classes", () => {
    const costs = schedulingCosts(run([
      test('tempest.api.compute.servers.test_a.ServersTest.test_one', 0, 50, 'worker-0'),
      test('tempest.api.compute.servers.test_a.ServersTest.test_two', 50, 30, 'worker-0'),
      test('tempest.api.network.test_b.PortsTest.test_three', 0, 10, 'worker-1'),
      // worker-1 waited from 10 s to 80 s for the serial lock, then ran the serial class alone.
      test('tempest.serial_tests.api.compute.admin.test_aggregates.AggregatesAdminTestJSON.test_four[id-4]', 80, 6, 'worker-1'),
      test('tempest.serial_tests.api.compute.admin.test_aggregates.AggregatesAdminTestJSON.test_five', 87, 2, 'worker-1'),
      // a class after a 5 s setUpClass still counts it
      test('tempest.api.network.test_c.NetworksTest.test_six', 94, 1, 'worker-1'),
    ]));
    expect(costs.get('tempest.serial_tests.api.compute.admin.test_aggregates.AggregatesAdminTestJSON.test_four')).toBe(6);
    expect(costs.get('tempest.serial_tests.api.compute.admin.test_aggregates.AggregatesAdminTestJSON.test_five')).toBe(2);
    expect(costs.get('tempest.api.network.test_c.NetworksTest.test_six')).toBe(6);
    expect(costs.get('tempest.api.compute.servers.test_a.ServersTest.test_one')).toBe(50);
  });
  it('strips the attributes as stestr does', () => {
    expect(stestrKey('tempest.a.B.test_c[id-1,smoke]')).toBe('tempest.a.B.test_c');
    expect(stestrKey('tempest.a.B.test_c')).toBe('tempest.a.B.test_c');
  });
});

describe('moduleOf', () => {
  it('drops the class', () => expect(moduleOf('tempest.api.network.test_ports.PortsTestJSON')).toBe('tempest.api.network.test_ports'));
});

describe('RequestLatencies', () => {
  it("tallies Tempest's request lines per service by port, and ignores other lines", () => {
    const latencies = new RequestLatencies();
    for (const line of [
      '2026-11-30 07:40:01.123 81 INFO tempest.lib.common.rest_client [req-1 req-1] Request (ServersTestJSON:test_x): 200 GET http://172.17.0.5:8774/v2.1/servers/abc 0.100s',
      '2026-11-30 07:40:01.323 81 INFO tempest.lib.common.rest_client [req-2 req-2] Request (ServersTestJSON:test_x): 202 POST http://172.17.0.5:8774/v2.1/servers 1.500s',
      '2026-11-30 07:40:01.423 81 INFO tempest.lib.common.rest_client [req-3 req-3] Request (ServersTestJSON:setUpClass): 201 POST http://172.17.0.5:5000/v3/auth/tokens 0.300s',
      '2026-11-30 07:40:01.523 81 DEBUG tempest.lib.common.rest_client [req-3 req-3] Request - Headers: {}',
    ]) latencies.addLine(line);
    expect(latencies.summary()).toEqual([
      { service: 'nova', requests: 2, seconds: 1.6, medianSeconds: 1.5, p95Seconds: 1.5, maxSeconds: 1.5, slowest: 'POST /v2.1/servers' },
      { service: 'keystone', requests: 1, seconds: 0.3, medianSeconds: 0.3, p95Seconds: 0.3, maxSeconds: 0.3, slowest: 'POST /v3/auth/tokens' },
    ]);
  });
});

describe('stackPhasesOf', () => {
  it("reads the distro stack's phase timings", () => {
    expect(stackPhasesOf(['[07:33:32] stack: 07:33:32 --- phase: configure done in 2s', 'noise', '07:34:45 --- phase: keystone done in 73s'])).toEqual([
      { name: 'configure', seconds: 2 },
      { name: 'keystone', seconds: 73 },
    ]);
  });
});
