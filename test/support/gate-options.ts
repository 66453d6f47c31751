// The gate's options as commander gives them with every default, for tests that build a plan.
import type { GateOptions } from '../../harness/plan/gate-plan.ts';

export function gateOptions(more: Partial<GateOptions> = {}): GateOptions {
  return {
    profile: 'distro',
    set: [],
    postConfig: [],
    allowVirtDriver: [],
    concurrency: '2',
    voting: false,
    keep: false,
    dryRun: true,
    reports: 'reports',
    retryFailed: '0',
    engine: [],
    includeList: [],
    excludeList: [],
    timeout: [],
    onlyRegressions: false,
    ...more,
  };
}
