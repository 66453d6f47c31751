// The plan as `gate --dry-run --json` prints it: one document (schemaVersion 1; README "JSON
// output" documents it, test/unit/cli/json-shapes.test.ts pins its keys), secrets masked as in
// the text form. A key is added only with a new schemaVersion when its meaning changes.
import type { FilterList } from '../selection/filter-list.ts';
import { maskSecrets, type GatePlan } from './gate-plan.ts';

export interface SelectionCount {
  /** The profile's known Tempest (undefined: its tests are listed only when its stack is up). */
  readonly tempest: string | undefined;
  readonly total: number | undefined;
  readonly selected: number | undefined;
  readonly inShard: number | undefined;
}

export function planDocument(plan: GatePlan, count: SelectionCount): object {
  const { stack, selection, verdict } = plan;
  const lists = (lists: readonly FilterList[]) => lists.map((list) => ({ path: list.path, regexes: list.rules.length }));
  return {
    schemaVersion: 1,
    runId: plan.runId,
    profile: { name: plan.profile.name, description: plan.profile.description, suite: plan.profile.release.suite, openstack: plan.profile.release.openstack },
    image: {
      repository: stack.image.repository,
      contextDir: stack.image.contextDir,
      buildArgs: stack.image.buildArgs,
      baseImage: { tag: stack.image.baseImage.tag, suite: stack.image.baseImage.suite },
    },
    container: { name: `dockenstack-${plan.runId}`, driverSource: stack.driverSrc ?? null, driverBind: stack.driverBind ?? null, keep: stack.keep },
    network: stack.kind.describeNetwork(stack.pluginUrls),
    selection: {
      include: lists(selection.include),
      exclude: lists(selection.exclude),
      regex: selection.regexText ?? null,
      concurrency: selection.concurrency,
      retryFailed: selection.retryFailed,
      shard: plan.shard ? { index: plan.shard.index, count: plan.shard.count } : null,
      timingsDir: selection.timingsDir ?? null,
      tempest: count.tempest ?? null,
      total: count.total ?? null,
      selected: count.selected ?? null,
      inShard: count.inShard ?? null,
    },
    engines: plan.engines,
    verdict: { voting: verdict.voting, threshold: verdict.threshold, onlyRegressions: verdict.onlyRegressions, knownFailures: verdict.knownFailures.length, baselineDir: verdict.baselineDir ?? null },
    reportsDir: plan.output.reportsDir,
    timeoutsMinutes: Object.fromEntries(Object.entries(plan.timeoutsMs).map(([stage, ms]) => [stage, (ms ?? 0) / 60_000])),
    commands: stack.kind.describeCommands,
    localConf: maskSecrets(plan, stack.localConf),
    warnings: plan.warnings,
  };
}
