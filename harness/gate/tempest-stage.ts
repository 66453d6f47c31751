// The tempest stage: list Tempest's tests in the stack, select them with the plan's filters (and
// this gate's shard of them), run them with progress on the console, then rerun the failed ones
// when --retry-failed asks.
import type { RunningContainer } from '../engine/container.ts';
import type { SelectionPlan } from '../plan/gate-plan.ts';
import { failedIds } from '../results/retries.ts';
import { readResults } from '../results/read-results.ts';
import { formatCostsFile } from '../selection/costs-file.ts';
import { exactIdList, type ShardSpec } from '../selection/partition.ts';
import type { KnownFailure } from '../selection/known-failures.ts';
import { selectTests } from '../selection/select-tests.ts';
import { isTestIdLine } from '../selection/test-id-list.ts';
import { TimeLeft } from '../selection/time-left.ts';
import { testsOfShard } from '../selection/timings.ts';
import { CONTAINER_PATHS, type StackKind } from '../stacks/stack-kind.ts';
import { execAndCapture, type CaptureTarget } from './exec-capture.ts';
import { copyOutMasked } from './masked-copy.ts';
import { formatDuration } from './stage-runner.ts';
import { tempestTally } from './tempest-tally.ts';
import type { TestCosts } from './worker-balance.ts';

const LISTS = `${CONTAINER_PATHS.etc}/tempest`;
const STREAM = `${CONTAINER_PATHS.state}/tempest.subunit`;

export interface TempestRun {
  readonly container: RunningContainer;
  readonly kind: StackKind;
  readonly selection: SelectionPlan;
  readonly shard: ShardSpec | undefined;
  readonly target: CaptureTarget;
  readonly signal: AbortSignal;
  /** Told the selection before the tests run: a run stopped half-way still counts what it missed. */
  readonly onSelected: (ids: readonly string[]) => void;
  /** The profile's known failures: a failure on the list is shown as not counted, as the reports show it. */
  readonly knownFailures: readonly KnownFailure[];
  /** What balances the workers, and an earlier run's costs for an estimate of the time left. */
  readonly costs: TestCosts;
}

export async function runTempest(run: TempestRun): Promise<void> {
  const { container, kind, selection, shard, target, signal } = run;
  const all: string[] = [];
  await container.exec([...kind.tempestCommand, '--list-tests'], { onLine: (line) => isTestIdLine(line) && all.push(line.trim()), signal });
  let selected = [...selectTests(all, selection).selected];
  const args = [...kind.tempestCommand, '--concurrency', String(selection.concurrency)];
  if (shard) {
    selected = await testsOfShard(selected, shard, selection.timingsDir);
    await container.copyIn([{ containerPath: `${LISTS}/shard.txt`, content: exactIdList(selected) }]);
    args.push('--include-list', `${LISTS}/shard.txt`);
  } else {
    if (selection.include.length) args.push('--include-list', `${LISTS}/include.txt`);
    if (selection.exclude.length) args.push('--exclude-list', `${LISTS}/exclude.txt`);
    if (selection.regexText) args.push('--regex', selection.regexText);
  }
  // Tempest's workers get whole classes (stestr's grouping); given what each test cost, stestr
  // hands out the costliest classes first instead of in turn, so no worker is left with a long
  // class at the end while the others idle. A shard's own workers too: its split is settled above.
  const { scheduling, earlier } = run.costs;
  if (scheduling) {
    await container.copyIn([{ containerPath: `${LISTS}/timings.txt`, content: formatCostsFile(scheduling) }]);
    args.push('--timings', `${LISTS}/timings.txt`);
  }
  run.onSelected(selected);
  target.progress.line(`${selected.length} of ${all.length} tests selected${shard ? ` (shard ${shard.index}/${shard.count})` : ''}`);
  target.progress.note(`tempest: ${run.costs.note}`);
  const timeLeft = earlier ? TimeLeft.of(selected, earlier.timings, selection.concurrency) : undefined;
  if (timeLeft && earlier) target.progress.note(`tempest: about ${formatDuration(timeLeft.seconds * 1000)} to go, estimated from the test durations of ${earlier.dir}`);
  const tally = tempestTally(selected.length, run.knownFailures, Date.now(), timeLeft);
  const decorate = (line: string) => {
    const { text, note } = tally.line(line, Date.now());
    if (note) target.progress.note(note.text, note.tone);
    return text;
  };
  await execAndCapture(container, { stage: 'tempest', command: args, logName: 'tempest-console.log', signal, decorate, allowFailure: true }, target);
  await retryFailed(run);
}

/** --retry-failed N: reruns only the failed tests, in the same stack, up to N times. */
async function retryFailed({ container, kind, selection, target, signal }: TempestRun): Promise<void> {
  if (!selection.retryFailed) return;
  const { folder, progress, redact } = target;
  // Each stream reaches the report folder masked (collect brings the first one again, the same way).
  // The failed ids are read from the masked copies: a test id holds no secret.
  await copyOutMasked(container, STREAM, folder.root, redact);
  let previous = folder.path('tempest.subunit');
  for (let attempt = 1; attempt <= selection.retryFailed; attempt++) {
    const failing = failedIds(await readResults(previous));
    if (!failing.length) return;
    progress.note(`retry ${attempt}/${selection.retryFailed}: rerunning ${failing.length} failed test(s)`);
    const list = `${LISTS}/retry-${attempt}.txt`;
    const stream = `${CONTAINER_PATHS.state}/tempest-retry-${attempt}.subunit`;
    await container.copyIn([{ containerPath: list, content: exactIdList(failing) }]);
    const command = [...kind.tempestCommand, '--concurrency', '1', '--include-list', list, '--subunit', stream];
    await execAndCapture(container, { stage: 'tempest', command, logName: `tempest-retry-${attempt}.log`, signal, allowFailure: true }, target);
    await copyOutMasked(container, stream, folder.root, redact);
    previous = folder.path(`tempest-retry-${attempt}.subunit`);
  }
}
