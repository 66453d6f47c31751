// The pipeline, in the stage table's order: plan → image → boot → stack → verify → tempest →
// collect → report → teardown. A failed stage stops the line; collect, report and teardown always
// run, so every run leaves a junit.xml that says what happened. What differs between stacks is
// the plan's StackKind; the tempest stage and running a command with its output captured are
// modules of their own.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureBaseImage } from '../engine/base-image.ts';
import { stageBuildContext } from '../engine/build-context.ts';
import { startContainer, type RunningContainer } from '../engine/container.ts';
import { connectEngine, type EngineHandle } from '../engine/engine.ts';
import { engineError, NameTakenError } from '../engine/engine-errors.ts';
import { currentOwner } from '../engine/run-owner.ts';
import { buildImage, type BuiltImage } from '../engine/image-build.ts';
import { LABEL_LIFETIME, LABEL_PROFILE, managedLabels } from '../engine/labels.ts';
import { ExitCode, GateError, describeError } from '../errors.ts';
import { describePlan, readTestIdsFixture, type GatePlan } from '../plan/gate-plan.ts';
import { planDocument } from '../plan/plan-json.ts';
import { requireNetwork, endpointsFor } from '../preflight/network.ts';
import { createConsoleProgress } from '../progress/console-progress.ts';
import type { ProgressSink } from '../progress/progress-sink.ts';
import { createRedactor, type Redactor } from '../report/redact.ts';
import { writeRedactedSubunit } from '../report/redact-results.ts';
import { createRunFolder, markLatest, type RunFolder } from '../report/run-folder.ts';
import { latestRunOf } from '../report/run-list.ts';
import { stageStep, type StageName } from '../run/stages.ts';
import { selectTests } from '../selection/select-tests.ts';
import { loadCosts, testsOfShard } from '../selection/timings.ts';
import { renderCloudsYaml, renderOpenrc } from '../stacks/stack-access.ts';
import { CONTAINER_PATHS } from '../stacks/stack-kind.ts';
import { execAndCapture, type CaptureTarget } from './exec-capture.ts';
import { gateExitCode } from './exit-code.ts';
import { writeGateReport } from './gate-report.ts';
import { guardInterrupts } from './interrupts.ts';
import { StageRunner } from './stage-runner.ts';
import { runTempest } from './tempest-stage.ts';
import { describeUpStack, isRemoteEngine, readCatalog, STACK_OPENRC, UP_RECORD, type UpStackRecord } from './up-stack.ts';

const ETC = CONTAINER_PATHS.etc;

/**
 * What the line is run for: a `gate` (every stage), `up` (up to verify; on success the stack
 * stays up and its access files are written instead of Tempest, a report and teardown), or
 * `tempest` against a stack that `up` left up (tempest, collect, report; the stack stays).
 */
export type GateMode = { readonly kind: 'gate' } | { readonly kind: 'up' } | { readonly kind: 'tempest'; readonly container: RunningContainer; readonly stackRunId: string };

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
      image = await stage('image', (signal) => run.image(signal));
      if (image) await stage('boot', () => run.boot(image as BuiltImage));
      await stage('stack', (signal) => run.command('stack', plan.stack.kind.stackCommand, 'stack.log', signal));
      await stage('verify', (signal) => run.command('verify', plan.stack.kind.verifyCommand, 'verify.log', signal));
      if (mode.kind === 'up' && !runner.failed) {
        const published = await run.publish(engine.host, image).catch((error: unknown) => error);
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
  return describePlan(plan, ids, selected?.length, inShard);
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

  async boot(image: BuiltImage): Promise<void> {
    const { runId, stack } = this.plan;
    const kind = stack.kind;
    this.container = await startContainer(
      this.engine,
      {
        image: image.tag,
        name: `dockenstack-${runId}`,
        runId,
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
      earlier: await this.earlierTimings(),
    });
  }

  /**
   * The test durations the time left is estimated from: --timings when given, else the newest
   * earlier run of this profile in the reports folder. None is no estimate, never a failure.
   */
  private async earlierTimings(): Promise<{ dir: string; timings: Map<string, number> } | undefined> {
    const { timingsDir } = this.plan.selection;
    const dir = timingsDir ?? (await latestRunOf(this.plan.output.reportsDir, this.plan.profile.name, this.plan.runId).catch(() => undefined))?.dir;
    if (dir === undefined) return undefined;
    // Each test's cost on its worker, its class's setup included: a test's duration alone leaves
    // out most of a Tempest run (seen: an estimate of 1 minute for a 20-minute selection).
    const timings = await loadCosts(dir).catch(() => undefined);
    return timings?.size ? { dir, timings } : undefined;
  }

  async collect(): Promise<void> {
    const container = this.requireContainer('collect');
    // A stack that stays up is collected once per `tempest` run: none of an earlier run's files.
    await container.exec(['rm', '-rf', CONTAINER_PATHS.collectDir], {});
    await container.exec(this.plan.stack.kind.collectCommand, {});
    await container.copyOut(CONTAINER_PATHS.collectDir, this.folder.root);
    const collected = join(this.folder.root, 'dockenstack-collect');
    // Flatten: dockenstack-collect/{logs,config,…} → the report folder, each file redacted.
    await moveRedacted(collected, this.folder.root, this.redact);
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
  async publish(engineHost: string, image: BuiltImage | undefined): Promise<void> {
    const container = this.requireContainer('up');
    const { plan, folder } = this;
    const address = await container.address();
    const access = { authUrl: plan.stack.kind.identityUrl(address), adminPassword: plan.stack.admin.password, region: plan.stack.admin.region };
    const openrc = renderOpenrc(access);
    await container.copyIn([{ containerPath: STACK_OPENRC, content: openrc, mode: 0o600 }]);
    // The two files that hold the admin's password, written past the redactor on purpose: they
    // are the way in. Only their owner may read them.
    await writeFile(folder.path('clouds.yaml'), renderCloudsYaml(access), { mode: 0o600 });
    await writeFile(folder.path('openrc'), openrc, { mode: 0o600 });
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
      dashboard: plan.stack.horizon ? (plan.stack.kind.dashboardUrl?.(address) ?? null) : null,
    };
    await folder.writeText(UP_RECORD, `${JSON.stringify(stack, null, 2)}\n`);
    this.progress.close();
    process.stdout.write(describeUpStack(stack, { folder: folder.root, reachable: reach.error === undefined, reachError: reach.error, remoteEngine: isRemoteEngine(engineHost) }));
  }

  private requireContainer(stage: string): RunningContainer {
    if (!this.container) throw new GateError(stage, 'no container: the boot stage did not run');
    return this.container;
  }
}

async function moveRedacted(from: string, to: string, redact: Redactor): Promise<void> {
  if (!existsSync(from)) return;
  for (const entry of await readdir(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const source = join(entry.parentPath, entry.name);
    const target = join(to, source.slice(from.length + 1));
    await mkdir(join(target, '..'), { recursive: true });
    if (entry.name.endsWith('.subunit')) await writeRedactedSubunit(source, target, redact);
    else await writeFile(target, redact(await readFile(source, 'utf8')));
    await rm(source);
  }
  await rm(from, { recursive: true, force: true });
}
