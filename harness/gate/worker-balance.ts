// Which test costs Tempest's workers are balanced by. stestr gives each worker whole classes;
// without times it deals them out in turn, and one worker can be left with a long class at the
// end while the others idle (seen on the CI selection: 112 s against 80 s, where balanced both
// take about 96 s). So a run is always balanced when something says what its tests cost: --timings,
// else the newest earlier run of the profile with a stream (whose costs estimate the time left
// too), else the costs the profile ships, made from a real run. A run whose stream cannot be read
// costs the balance, never the gate.
import { join } from 'node:path';
import { describeError } from '../errors.ts';
import type { RunResults } from '../results/model.ts';
import { readResults } from '../results/read-results.ts';
import type { ShippedCosts } from '../selection/costs-file.ts';
import { schedulingCosts } from '../selection/time-breakdown.ts';
import { costsOf } from '../selection/timings.ts';

export type CostSource =
  | { readonly from: 'timings' | 'earlier run'; readonly dir: string }
  | ({ readonly from: 'shipped' } & ShippedCosts)
  | { readonly from: 'none' };

export interface CostCandidates {
  /** --timings, as the plan resolved it. */
  readonly timingsDir: string | undefined;
  /** The newest earlier run of the profile that has a stream. */
  readonly earlierRunDir: string | undefined;
  readonly shipped: ShippedCosts | undefined;
}

/** The first there is of: --timings, the earlier run, the shipped costs. */
export function chooseCostSource({ timingsDir, earlierRunDir, shipped }: CostCandidates): CostSource {
  if (timingsDir !== undefined) return { from: 'timings', dir: timingsDir };
  if (earlierRunDir !== undefined) return { from: 'earlier run', dir: earlierRunDir };
  if (shipped !== undefined) return { from: 'shipped', ...shipped };
  return { from: 'none' };
}

/**
 * What the plan and the tempest stage say the workers are balanced by. `stackTakesCosts`: the
 * stack's Tempest command takes them (StackKind.takesTestCosts).
 */
export function describeCostSource(source: CostSource, stackTakesCosts: boolean): string {
  if (!stackTakesCosts) return "workers not balanced: this stack's Tempest command takes no test costs";
  switch (source.from) {
    case 'timings':
      return `workers balanced by the test costs of ${source.dir} (--timings)`;
    case 'earlier run':
      return `workers balanced by the test costs of ${source.dir}, the newest earlier run of the profile (--timings names another)`;
    case 'shipped':
      return `workers balanced by the test costs in ${source.path} (no earlier run of the profile in the reports folder)`;
    case 'none':
      return 'workers not balanced: no earlier run of the profile and no shipped costs, so stestr deals the classes out in turn';
  }
}

export interface TestCosts {
  /** stestr's keys → seconds, for its scheduler; undefined: the workers are not balanced. */
  readonly scheduling: ReadonlyMap<string, number> | undefined;
  /** A run's costs per test id (costsOf) and its folder: what the time left is estimated from. */
  readonly earlier: { readonly dir: string; readonly timings: ReadonlyMap<string, number> } | undefined;
  /** One line for the console: what balances the workers, or why nothing does. */
  readonly note: string;
}

/**
 * The source's costs. A run's stream that is unreadable, damaged or times no test gives none; a
 * stack whose Tempest takes no costs still gets a run's for the estimate of the time left.
 */
export async function loadTestCosts(source: CostSource, stackTakesCosts: boolean): Promise<TestCosts> {
  const note = describeCostSource(source, stackTakesCosts);
  if (source.from === 'none') return { scheduling: undefined, earlier: undefined, note };
  if (source.from === 'shipped') return { scheduling: stackTakesCosts ? source.costs : undefined, earlier: undefined, note };
  const stream = join(source.dir, 'tempest.subunit');
  const unusable = (why: string): TestCosts => ({ scheduling: undefined, earlier: undefined, note: `workers not balanced: ${stream} ${why}` });
  let results: RunResults;
  try {
    results = await readResults(stream);
  } catch (error) {
    return unusable(`cannot be read (${describeError(error).split('\n')[0]})`);
  }
  if (results.damageCount) return unusable(`is damaged (${results.damageCount} stretch(es) not subunit)`);
  const scheduling = schedulingCosts(results);
  if (scheduling.size === 0) return unusable('times no test');
  return { scheduling: stackTakesCosts ? scheduling : undefined, earlier: { dir: source.dir, timings: costsOf(results) }, note };
}
