// The pipeline, in the stage table's order: plan → image → boot → stack → verify → tempest →
// collect → report → teardown. A failed stage stops the line; collect, report and teardown always
// run, so every run leaves a junit.xml that says what happened. What differs between stacks is
// the plan's StackKind; the tempest stage and running a command with its output captured are
// modules of their own.
import { ensureBaseImage } from '../engine/base-image.ts';
import { stageBuildContext } from '../engine/build-context.ts';
import { startContainer, type RunningContainer } from '../engine/container.ts';
import { connectEngine, type EngineHandle } from '../engine/engine.ts';
import { engineError, NameTakenError } from '../engine/engine-errors.ts';
import { currentOwner } from '../engine/run-owner.ts';
import { buildImage, type BuiltImage } from '../engine/image-build.ts';
import { commitSnapshot, findSnapshot, removeUnusedImage, SNAPSHOT_REPOSITORY, type SnapshotImage } from '../engine/snapshot-image.ts';
import { LABEL_LIFETIME, LABEL_PROFILE, managedLabels } from '../engine/labels.ts';
import { ExitCode, GateError, describeError } from '../errors.ts';
import { describePlan, readTestIdsFixture, type GatePlan } from '../plan/gate-plan.ts';
import { planDocument } from '../plan/plan-json.ts';
import { requireNetwork, endpointsFor } from '../preflight/network.ts';
import { createConsoleProgress } from '../progress/console-progress.ts';
import type { ProgressSink } from '../progress/progress-sink.ts';
import { createRedactor, type Redactor } from '../report/redact.ts';
import { createRunFolder, markLatest, type RunFolder } from '../report/run-folder.ts';
import { latestRunOf } from '../report/run-list.ts';
import { credentialsDirOf } from '../run/credentials-dir.ts';
import { stageStep, type StageName } from '../run/stages.ts';
import { selectTests } from '../selection/select-tests.ts';
import { testsOfShard } from '../selection/timings.ts';
import { renderOpenrc } from '../stacks/stack-access.ts';
import { CONTAINER_PATHS } from '../stacks/stack-kind.ts';
import { execAndCapture, type CaptureTarget } from './exec-capture.ts';
import { copyOutMasked } from './masked-copy.ts';
import { gateExitCode } from './exit-code.ts';
import { writeGateReport } from './gate-report.ts';
import { guardInterrupts } from './interrupts.ts';
import { snapshotKey } from './stack-snapshot.ts';
import { StageRunner } from './stage-runner.ts';
import { runTempest } from './tempest-stage.ts';
import { chooseCostSource, describeCostSource, loadTestCosts, type CostSource, type TestCosts } from './worker-balance.ts';
import { describeUpStack, isRemoteEngine, readCatalog, STACK_OPENRC, UP_RECORD, writeCredentials, type UpStackRecord } from './up-stack.ts';

const ETC = CONTAINER_PATHS.etc;

/**
 * What the line is run for: a `gate` (every stage), `up` (up to verify; on success the stack
 * stays up and its access files are written instead of Tempest, a report and teardown), or
 * `tempest` against a stack that `up` left up (tempest, collect, report; the stack stays).
 */
export type GateMode = { readonly kind: 'gate' } | UpMode | { readonly kind: 'tempest'; readonly container: RunningContainer; readonly stackRunId: string };

/**
 * `up`: from `snapshot` (a stacked container's, of the same inputs) the stack is restarted rather
 * than stacked; a stack set up afresh is snapshotted after verify when `save`.
 */
export interface UpMode {
  readonly kind: 'up';
  readonly snapshot?: SnapshotImage;
  readonly save?: boolean;
}

export async function runGate(plan: GatePlan, options: { dryRun: boolean; verbose?: boolean; json?: boolean; mode?: GateMode }): Promise<number> {
  if (options.dryRun) {
    process.stdout.write(await dryRun(plan, options.json ?? false));
    return ExitCode.ok;
  }
  const mode = options.mode ?? { kind: 'gate' };
  for (const warning of plan.warnings) console.error(`dockenstack: warning: ${warning}`);
  const networkUrls = mode.kind === 'tempest' ? [] : plan.stack.kind.networkUrls(plan.stack.pluginUrls);
  if (networkUrls.length) await requireNetwork(endpointsFor(networkUrls), plan.profile.name);
  const engine = await connectEngine();
  const redact = createRedactor(plan.secrets);
  const folder = await createRunFolder(plan.output.reportsDir, plan.runId, redact);
  const progress = createConsoleProgress(process.stderr, { verbose: options.verbose ?? false });
  const interrupts = guardInterrupts();
  const runner = new StageRunner(interrupts.signal);
  const run = new GateRun(plan, engine, { folder, progress, redact }, mode);
  const against = mode.kind === 'tempest' ? ` against stack ${mode.stackRunId}` : '';
  progress.note(`dockenstack ${mode.kind} ${plan.runId}${against}: profile ${plan.profile.name}, reports in ${folder.root}`);
  try {
    await folder.writeText('config/local.conf', plan.stack.localConf);
    const stage = <T>(name: StageName, work: (signal: AbortSignal) => Promise<T>) =>
      runner.run({
        name,
        timeoutMs: plan.timeoutsMs[name] || undefined,
        run: async ({ signal }) => {
          progress.stageStarted(name, stageStep(name));
          try {
            const value = await work(signal);
            progress.stageEnded(name, 'done');
            return value;
          } catch (error) {
            progress.stageEnded(name, `failed: ${describeError(error).split('\n')[0]}`, 'fail');
            throw engineError(`the ${name} stage ran`, error);
          }
        },
      });
    // Planned before the run began: shown as the first of the table's stages, so the count is the table's.
    await stage('plan', async () => undefined);
    let image: BuiltImage | undefined;
    if (mode.kind === 'tempest') {
      // The stack is up already: only the selection's lists change.
      run.container = mode.container;
      await run.writeFilters();
    } else {
      const snapshot = mode.kind === 'up' ? mode.snapshot : undefined;
      image = await stage('image', (signal) => (snapshot ? run.snapshotImage(snapshot) : run.image(signal)));
      if (image) await stage('boot', () => run.boot(image as BuiltImage, snapshot?.hostname));
      const stackCommand = (snapshot && plan.stack.kind.restartCommand) || plan.stack.kind.stackCommand;
      await stage('stack', (signal) => run.command('stack', stackCommand, 'stack.log', signal));
      await stage('verify', (signal) => run.command('verify', plan.stack.kind.verifyCommand, 'verify.log', signal));
      if (mode.kind === 'up' && !runner.failed) {
        const saved = !snapshot && mode.save && image ? await run.saveSnapshot(image) : undefined;
        const published = await run.publish(engine.host, image, snapshot ? { tag: snapshot.tag, use: 'started from' } : saved).catch((error: unknown) => error);
        if (!(published instanceof Error)) return ExitCode.ok;
        // A stack nobody can reach is not up: it goes, as a failed one does.
        await run.teardown();
        throw published;
      }
    }
    if (mode.kind !== 'up') await stage('tempest', (signal) => run.tempest(signal));
    if (run.container) await stage('collect', () => run.collect());
    let verdictExitCode: number = ExitCode.ok;
    await stage('report', async () => {
      const outcome = { stages: [...runner.outcomes], selected: run.selected, imageId: image?.id, engineHost: engine.host };
      verdictExitCode = await writeGateReport(plan, folder, outcome, progress, redact);
    });
    await stage('teardown', () => run.teardown());
    await markLatest(plan.output.reportsDir, plan.runId).catch(() => {});
    return gateExitCode(runner.firstFailure, verdictExitCode, folder.root, (line) => console.error(line));
  } finally {
    progress.close();
    interrupts.dispose();
  }
}

/** The plan as --dry-run prints it (text, or one JSON document), with the selection's size on the profile's known Tempest's test list. */
async function dryRun(plan: GatePlan, json: boolean): Promise<string> {
  const tempest = plan.stack.kind.knownTempest(plan.profile.release);
  const ids = tempest ? readTestIdsFixture(tempest.testIdsPath) : undefined;
  const selected = ids ? selectTests(ids, plan.selection).selected : undefined;
  const inShard = selected && plan.shard ? (await testsOfShard(selected, plan.shard, plan.selection.timingsDir)).length : undefined;
  if (json) return `${JSON.stringify(planDocument(plan, { tempest: ids ? tempest?.label : undefined, total: ids?.length, selected: selected?.length, inShard }), null, 2)}\n`;
  return describePlan(plan, ids, selected?.length, inShard, describeCostSource(await costSourceOf(plan), plan.stack.kind.takesTestCosts));
}

/**
 * What balances this run's Tempest workers: --timings, else the newest earlier run of the profile
 * in the reports folder, else the profile's shipped costs. Spread over engines, each shard's gate
 * looks in a reports folder of its own, new for the run (fleet/spread.ts): it finds no earlier run.
 */
async function costSourceOf(plan: GatePlan): Promise<CostSource> {
  const { selection, output, profile, runId, engines } = plan;
  const lookForEarlier = selection.timingsDir === undefined && engines.length <= 1;
  const earlier = lookForEarlier ? await latestRunOf(output.reportsDir, profile.name, runId).catch(() => undefined) : undefined;
  return chooseCostSource({ timingsDir: selection.timingsDir, earlierRunDir: earlier?.dir, shipped: selection.shippedCosts });
}

class GateRun {
  container: RunningContainer | undefined;
  selected: readonly string[] | undefined;

  constructor(
    private readonly plan: GatePlan,
    private readonly engine: EngineHandle,
    private readonly target: CaptureTarget,
    private readonly mode: GateMode,
  ) {}

  private get progress(): ProgressSink {
    return this.target.progress;
  }

  private get folder(): RunFolder {
    return this.target.folder;
  }

  private get redact(): Redactor {
    return this.target.redact;
  }

  async image(signal: AbortSignal): Promise<BuiltImage> {
    const image = this.plan.stack.image;
    await ensureBaseImage(this.engine, image.baseImage, this.progress);
    const context = await stageBuildContext(image.contextDir, image.checkout);
    try {
      return await buildImage(this.engine, { contextDir: context.dir, repository: image.repository, buildArgs: image.buildArgs, labels: managedLabels('image') }, this.progress, signal);
    } finally {
      await context.dispose();
    }
  }

  /** The image stage of a stack that starts from a snapshot: nothing to build. */
  async snapshotImage(snapshot: SnapshotImage): Promise<BuiltImage> {
    const taken = new Date(snapshot.createdMs).toISOString().replace(/\.\d+Z$/, 'Z');
    this.progress.line(`starting from snapshot ${snapshot.tag} (of run ${snapshot.runId ?? 'unknown'}, taken ${taken}, ${gigabytes(snapshot.layerBytes)} over the stack image) instead of stacking: --fresh stacks anew`);
    return { tag: snapshot.tag, id: snapshot.id, cacheHit: true, inputsHash: snapshot.key };
  }

  /**
   * A fresh stack that passed verify, committed as the snapshot of its inputs (the next `up` of
   * the same inputs starts from it). It replaces an earlier snapshot of the same key (`--fresh`).
   * A failure costs the next `up` its head start, not this one its stack: a warning.
   */
  async saveSnapshot(image: BuiltImage): Promise<UpStackRecord['snapshot']> {
    const container = this.requireContainer('up');
    const started = Date.now();
    try {
      const key = await snapshotKey(this.plan, image.id);
      const earlier = await findSnapshot(this.engine, key);
      this.progress.line(`saving snapshot ${SNAPSHOT_REPOSITORY}:${key} of the stack (the container pauses while the engine commits it)`);
      const saved = await commitSnapshot(this.engine, container.id, { key, runId: this.plan.runId });
      if (earlier && earlier.id !== saved.id) await removeUnusedImage(this.engine, earlier.id);
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      this.progress.line(`snapshot ${saved.tag} saved in ${seconds}s (${gigabytes(saved.layerBytes)} over the stack image): the next up with the same inputs starts from it`);
      return { tag: saved.tag, use: 'saved', seconds, layerBytes: saved.layerBytes };
    } catch (error) {
      this.progress.note(`warning: no snapshot of this stack: ${describeError(error).split('\n')[0]}`);
      return null;
    }
  }

  async boot(image: BuiltImage, hostname?: string): Promise<void> {
    const { runId, stack } = this.plan;
    const kind = stack.kind;
    this.container = await startContainer(
      this.engine,
      {
        image: image.tag,
        name: `dockenstack-${runId}`,
        runId,
        ...(hostname ? { hostname } : {}),
        owner: currentOwner(),
        labels: { [LABEL_PROFILE]: this.plan.profile.name, ...(stack.stayUp ? { [LABEL_LIFETIME]: 'up' } : {}) },
        privileged: 'auto',
        ...kind.container,
        ...(stack.driverBind ? { binds: [stack.driverBind] } : {}),
      },
      this.progress,
    ).catch((error: unknown) => {
      if (error instanceof NameTakenError) {
        throw new GateError('boot', error.message, { hint: `choose another --run-id, or remove it: dockenstack clean --run ${runId}`, cause: error });
      }
      throw error;
    });
    await this.container.copyIn([
      { containerPath: kind.localConfPath, content: stack.localConf, mode: 0o600 },
      { containerPath: `${ETC}/localrc`, content: stack.localrc, mode: 0o600 },
      { containerPath: `${ETC}/merge-post-config.sh`, content: stack.mergeScripts.postConfig },
      { containerPath: `${ETC}/merge-test-config.sh`, content: stack.mergeScripts.testConfig },
    ]);
    await this.writeFilters();
    for (const command of kind.afterFilesIn) await this.container.exec(command);
    this.progress.line(`container ${this.container.name} started (${this.container.privilegeMode})`);
  }

  /** The stack or verify stage: the kind's command, its output captured, a failure explained. */
  async command(stage: 'stack' | 'verify', command: readonly string[], logName: string, signal: AbortSignal): Promise<void> {
    const container = this.requireContainer(stage);
    const watcher = stage === 'stack' ? this.plan.stack.kind.watchStackLog?.() : undefined;
    const decorate = watcher
      ? (line: string) => {
          watcher.push(line);
          return line;
        }
      : undefined;
    try {
      await execAndCapture(container, { stage, command, logName, signal, ...(decorate ? { decorate } : {}) }, this.target);
    } catch (error) {
      if (watcher && error instanceof GateError) throw watcher.explain(error, this.redact);
      throw error;
    }
  }

  async tempest(signal: AbortSignal): Promise<void> {
    const { kind } = this.plan.stack;
    await runTempest({
      container: this.requireContainer('tempest'),
      kind,
      selection: this.plan.selection,
      shard: this.plan.shard,
      target: this.target,
      signal,
      onSelected: (ids) => (this.selected = ids),
      knownFailures: this.plan.verdict.knownFailures,
      costs: await this.testCosts(),
    });
  }

  /** What balances the workers and estimates the time left; none is neither, never a failure. */
  private async testCosts(): Promise<TestCosts> {
    return loadTestCosts(await costSourceOf(this.plan), this.plan.stack.kind.takesTestCosts);
  }

  async collect(): Promise<void> {
    const container = this.requireContainer('collect');
    // A stack that stays up is collected once per `tempest` run: none of an earlier run's files.
    await container.exec(['rm', '-rf', CONTAINER_PATHS.collectDir], {});
    await container.exec(this.plan.stack.kind.collectCommand, {});
    // dockenstack-collect/{logs,config,…} → the report folder, each file masked.
    await copyOutMasked(container, CONTAINER_PATHS.collectDir, this.folder.root, this.redact);
  }

  async teardown(): Promise<void> {
    if (!this.container) return;
    // `tempest RUN` leaves the stack as it found it: up.
    if (this.mode.kind === 'tempest') return;
    if (this.plan.stack.keep) {
      this.progress.note(`kept container ${this.container.name}: docker exec -it ${this.container.name} bash; remove it with dockenstack clean --run ${this.plan.runId}`);
      return;
    }
    await this.container.remove();
  }

  /** The selection's include and exclude lists, where the tempest stage names them. */
  async writeFilters(): Promise<void> {
    const text = (lists: GatePlan['selection']['include']) => lists.flatMap((list) => list.rules.map((rule) => rule.source)).join('\n') + '\n';
    await this.requireContainer('boot').copyIn([
      { containerPath: `${ETC}/tempest/include.txt`, content: text(this.plan.selection.include) },
      { containerPath: `${ETC}/tempest/exclude.txt`, content: text(this.plan.selection.exclude) },
    ]);
  }

  /** `up`'s end: the access files, the stack's addresses, and what to do next. */
  async publish(engineHost: string, image: BuiltImage | undefined, snapshot: UpStackRecord['snapshot'] | undefined): Promise<void> {
    const container = this.requireContainer('up');
    const { plan, folder } = this;
    const address = await container.address();
    const access = { authUrl: plan.stack.kind.identityUrl(address), adminPassword: plan.stack.admin.password, region: plan.stack.admin.region };
    await container.copyIn([{ containerPath: STACK_OPENRC, content: renderOpenrc(access), mode: 0o600 }]);
    // The two files that hold the admin's password, written past the redactor on purpose (they
    // are the way in), and not in the run folder: that one may be published.
    const credentialsDir = credentialsDirOf(plan.runId);
    await writeCredentials(credentialsDir, access);
    const reach = await readCatalog(access);
    const stack: UpStackRecord = {
      runId: plan.runId,
      profile: plan.profile.name,
      container: container.name,
      address,
      engine: engineHost,
      image: image?.tag ?? null,
      upAt: new Date().toISOString(),
      authUrl: access.authUrl,
      endpoints: reach.endpoints,
      snapshot: snapshot ?? null,
      dashboard: plan.stack.horizon ? (plan.stack.kind.dashboardUrl?.(address) ?? null) : null,
    };
    await folder.writeText(UP_RECORD, `${JSON.stringify(stack, null, 2)}\n`);
    this.progress.close();
    process.stdout.write(describeUpStack(stack, { folder: folder.root, credentialsDir, reachable: reach.error === undefined, reachError: reach.error, remoteEngine: isRemoteEngine(engineHost) }));
  }

  private requireContainer(stage: string): RunningContainer {
    if (!this.container) throw new GateError(stage, 'no container: the boot stage did not run');
    return this.container;
  }
}

function gigabytes(bytes: number): string {
  return `${(bytes / 1e9).toFixed(2)} GB`;
}
