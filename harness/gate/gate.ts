// The pipeline: plan → image → boot → stack → verify → tempest → collect → report → teardown.
// A failed stage stops the line; collect, report and teardown always run, so every run leaves a
// junit.xml that says what happened.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureBaseImage } from '../engine/base-image.ts';
import { startContainer, type RunningContainer } from '../engine/container.ts';
import { connectEngine, type EngineHandle } from '../engine/engine.ts';
import { buildImage, type BuiltImage } from '../engine/image-build.ts';
import { managedLabels } from '../engine/labels.ts';
import { ExitCode, GateError, InterruptedError, describeError } from '../errors.ts';
import { describePlan, readTestIdsFixture, type GatePlan } from '../plan/gate-plan.ts';
import { testIdsPathOf } from '../plan/debian-release.ts';
import { PROJECT_ROOT } from '../plan/profiles.ts';
import { requireNetwork, endpointsFor } from '../preflight/network.ts';
import { createConsoleProgress } from '../progress/console-progress.ts';
import type { ProgressSink } from '../progress/progress-sink.ts';
import { createRedactor, type Redactor } from '../report/redact.ts';
import { createRunFolder, markLatest, type RunFolder } from '../report/run-folder.ts';
import { selectTests } from '../selection/select-tests.ts';
import { exactIdList } from '../shard/partition.ts';
import { testsOfShard } from '../shard/timings.ts';
import { readResults } from '../report/read-results.ts';
import { failedIds } from '../results/retries.ts';
import { StackLogParser } from '../stack/stack-log.ts';
import { guardInterrupts } from './interrupts.ts';
import { stageBuildContext } from './build-context.ts';
import { writeGateReport } from './gate-report.ts';
import { StageRunner, StageTimeoutError, formatDuration } from './stage-runner.ts';

const COLLECT_DIR = '/tmp/dockenstack-collect';
const ETC = '/etc/dockenstack';

export async function runGate(plan: GatePlan, options: { dryRun: boolean; verbose?: boolean }): Promise<number> {
  if (options.dryRun) {
    const ids = readTestIdsFixture(testIdsPathOf(plan.profile.release, PROJECT_ROOT));
    const selected = ids ? selectTests(ids, { include: plan.filters.include, exclude: plan.filters.exclude, regexes: plan.filters.regexes }).selected : undefined;
    const inShard = selected && plan.shard ? (await testsOfShard(selected, plan.shard, plan.timingsDir)).length : undefined;
    process.stdout.write(describePlan(plan, ids, selected?.length, inShard));
    return ExitCode.ok;
  }
  for (const warning of plan.warnings) console.error(`dockenstack: warning: ${warning}`);
  if (plan.profile.needsNetwork) await requireNetwork(endpointsFor(plan.gitUrls.length ? plan.gitUrls : ['https://opendev.org/openstack/devstack']), plan.profile.name);
  const engine = await connectEngine();
  const redact = createRedactor(plan.secrets);
  const folder = await createRunFolder(plan.reportsDir, plan.runId, redact);
  const progress = createConsoleProgress(process.stderr, { verbose: options.verbose ?? false });
  const interrupts = guardInterrupts();
  const runner = new StageRunner(interrupts.signal);
  const run = new GateRun(plan, engine, folder, progress, redact);
  progress.note(`dockenstack gate ${plan.runId}: profile ${plan.profile.name}, reports in ${folder.root}`);
  try {
    await folder.writeText('config/local.conf', plan.localConf);
    const stage = <T>(name: Parameters<StageRunner['run']>[0]['name'], work: (signal: AbortSignal) => Promise<T>, always = false) =>
      runner.run({ name, timeoutMs: timeoutOf(plan, name), run: async ({ signal }) => {
        progress.stageStarted(name);
        try {
          const value = await work(signal);
          progress.stageEnded(name, 'done');
          return value;
        } catch (error) {
          progress.stageEnded(name, `failed: ${describeError(error).split('\n')[0]}`);
          throw error;
        }
      } }, { always });
    await runner.run({ name: 'plan', run: async () => undefined });
    const image = await stage('image', (signal) => run.image(signal));
    if (image) await stage('boot', () => run.boot(image));
    await stage('stack', (signal) => run.stack(signal));
    await stage('verify', (signal) => run.verify(signal));
    await stage('tempest', (signal) => run.tempest(signal));
    if (run.container) await stage('collect', () => run.collect(), true);
    let exitCode: number = ExitCode.ok;
    await stage('report', async () => {
      exitCode = await writeGateReport(plan, folder, runner, run.selected, progress, image?.id, engine.host);
    }, true);
    await stage('teardown', () => run.teardown(), true);
    await markLatest(plan.reportsDir, plan.runId).catch(() => {});
    const failure = runner.firstFailure;
    if (failure instanceof InterruptedError) return ExitCode.interrupted;
    if (engineWentAway(failure)) {
      console.error(`dockenstack: the Docker engine stopped answering during the run (${describeError(failure).split('\n')[0]}); the report so far is in ${folder.root}`);
      return ExitCode.environment;
    }
    if (failure instanceof GateError || failure) {
      console.error(`dockenstack: ${describeError(failure)}`);
      if (failure instanceof GateError && failure.tellingLines.length) console.error(failure.tellingLines.map((line) => `  | ${line}`).join('\n'));
      if (failure && typeof failure === 'object' && 'exitCode' in failure && (failure as { exitCode: number }).exitCode === ExitCode.environment) return ExitCode.environment;
      // A stack that never came up is a failed gate, voting or not: there is no verdict to report.
      return ExitCode.gateFailed;
    }
    return exitCode;
  } finally {
    progress.close();
    interrupts.dispose();
  }
}

/** A lost engine connection: the engine is gone, not the stack broken (exit 3, not 1). */
function engineWentAway(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EPIPE'].includes(code)) return true;
  return /socket hang up|connect ECONNREFUSED|docker\.sock/i.test(error instanceof Error ? error.message : String(error ?? ''));
}

function timeoutOf(plan: GatePlan, stage: string): number | undefined {
  return (plan.timeoutsMs as Record<string, number>)[stage] || undefined;
}

class GateRun {
  container: RunningContainer | undefined;
  selected: string[] | undefined;

  constructor(
    private readonly plan: GatePlan,
    private readonly engine: EngineHandle,
    private readonly folder: RunFolder,
    private readonly progress: ProgressSink,
    private readonly redact: Redactor,
  ) {}

  async image(signal: AbortSignal): Promise<BuiltImage> {
    await ensureBaseImage(this.engine, this.plan.image.baseImage, this.progress);
    const context = await stageBuildContext(this.plan.image.contextDir, this.plan.image.devstackCheckout);
    try {
      return await buildImage(
        this.engine,
        { contextDir: context.dir, repository: this.plan.image.repository, buildArgs: this.plan.image.buildArgs, labels: managedLabels('image') },
        this.progress,
        signal,
      );
    } finally {
      await context.dispose();
    }
  }

  async boot(image: BuiltImage): Promise<void> {
    const devstack = this.plan.profile.stack === 'devstack';
    this.container = await startContainer(
      this.engine,
      {
        image: image.tag,
        name: `dockenstack-${this.plan.runId}`,
        runId: this.plan.runId,
        privileged: 'auto',
        // DevStack runs its services as systemd units: systemd must be PID 1 there. The distro
        // stack starts daemons itself and needs an init that reaps them.
        ...(devstack
          ? { command: ['/sbin/init'], tmpfs: { '/run': 'rw', '/run/lock': 'rw' }, stopSignal: 'SIGRTMIN+3' }
          : { command: ['sleep', 'infinity'], init: true }),
        ...(this.plan.driverBind ? { binds: [this.plan.driverBind] } : {}),
      },
      this.progress,
    ).catch((error: unknown) => {
      if ((error as { statusCode?: number }).statusCode === 409) {
        throw new GateError('boot', `a container named dockenstack-${this.plan.runId} already exists`, {
          hint: `choose another --run-id, or remove it: dockenstack clean --run ${this.plan.runId}`,
          cause: error,
        });
      }
      throw error;
    });
    const filters = this.filterFiles();
    await this.container.copyIn([
      { containerPath: devstack ? '/opt/stack/devstack/local.conf' : `${ETC}/local.conf`, content: this.plan.localConf, mode: 0o600 },
      { containerPath: `${ETC}/localrc`, content: this.plan.localrc, mode: 0o600 },
      { containerPath: `${ETC}/merge-post-config.sh`, content: this.plan.mergeScripts.postConfig },
      { containerPath: `${ETC}/merge-test-config.sh`, content: this.plan.mergeScripts.testConfig },
      { containerPath: `${ETC}/tempest/include.txt`, content: filters.include },
      { containerPath: `${ETC}/tempest/exclude.txt`, content: filters.exclude },
    ]);
    if (devstack) await this.container.exec(['chown', 'stack:stack', '/opt/stack/devstack/local.conf']);
    this.progress.line(`container ${this.container.name} started (${this.container.privilegeMode})`);
  }

  async stack(signal: AbortSignal): Promise<void> {
    if (this.plan.profile.stack === 'devstack') {
      // stack.sh refuses root; its own log goes to LOGFILE, its console here.
      const parser = new StackLogParser();
      try {
        await this.execStage('stack', ['su', '-', 'stack', '-c', 'cd /opt/stack/devstack && ./stack.sh'], 'stack.log', signal, (line) => {
          parser.push(line);
          return line;
        });
      } catch (error) {
        const summary = parser.finish();
        if (error instanceof GateError && summary.failed) {
          throw new GateError('stack', `stack.sh failed${summary.failedAt ? ` at ${summary.failedAt}` : ''}${summary.failingFunction ? ` in ${summary.failingFunction}` : ''}`, {
            ...(error.commandExitCode !== undefined ? { commandExitCode: error.commandExitCode } : {}),
            ...(error.logFile ? { logFile: error.logFile } : {}),
            tellingLines: summary.tellingLines.map(this.redact),
            hint: error.hint ?? 'see logs/stack.log',
          });
        }
        throw error;
      }
      return;
    }
    await this.execStage('stack', ['dockenstack-stack'], 'stack.log', signal);
  }

  async verify(signal: AbortSignal): Promise<void> {
    await this.execStage('verify', ['dockenstack-verify'], 'verify.log', signal);
  }

  async tempest(signal: AbortSignal): Promise<void> {
    const container = this.requireContainer('tempest');
    const all: string[] = [];
    await container.exec(['dockenstack-tempest', '--list-tests'], { onLine: (line) => line.startsWith('tempest.') && all.push(line.trim()), signal });
    const selection = selectTests(all, { include: this.plan.filters.include, exclude: this.plan.filters.exclude, regexes: this.plan.filters.regexes });
    let selected = [...selection.selected];
    const args = ['dockenstack-tempest', '--concurrency', String(this.plan.concurrency)];
    if (this.plan.shard) {
      selected = await testsOfShard(selected, this.plan.shard, this.plan.timingsDir);
      await container.copyIn([{ containerPath: `${ETC}/tempest/shard.txt`, content: exactIdList(selected) }]);
      args.push('--include-list', `${ETC}/tempest/shard.txt`);
    } else {
      if (this.plan.filters.include.length) args.push('--include-list', `${ETC}/tempest/include.txt`);
      if (this.plan.filters.exclude.length) args.push('--exclude-list', `${ETC}/tempest/exclude.txt`);
      if (this.plan.filters.regexText) args.push('--regex', this.plan.filters.regexText);
    }
    this.selected = selected;
    this.progress.line(`${selected.length} of ${all.length} tests selected${this.plan.shard ? ` (shard ${this.plan.shard.index}/${this.plan.shard.count})` : ''}`);
    let done = 0;
    let failed = 0;
    const started = Date.now();
    await this.execStage('tempest', args, 'tempest-console.log', signal, (line) => {
      const match = /^\{\S+\} (SUCCESS|FAIL|SKIP|XFAIL|UXSUCCESS) (\S+)/.exec(line);
      if (!match) return line;
      done += 1;
      if (match[1] === 'FAIL' || match[1] === 'UXSUCCESS') {
        failed += 1;
        this.progress.note(`FAIL ${match[2]}`);
      }
      return `[${done}/${selected.length}, ${failed} failed, ${formatDuration(Date.now() - started)}] ${line}`;
    }, { allowFailure: true });
    await this.retryFailed(signal);
  }

  /** --retry-failed N: reruns only the failed tests, in the same stack, up to N times. */
  private async retryFailed(signal: AbortSignal): Promise<void> {
    if (!this.plan.retryFailed) return;
    const container = this.requireContainer('tempest');
    await container.copyOut('/var/lib/dockenstack/tempest.subunit', this.folder.root);
    let previous = this.folder.path('tempest.subunit');
    for (let attempt = 1; attempt <= this.plan.retryFailed; attempt++) {
      const failing = failedIds(await readResults(previous));
      if (!failing.length) return;
      this.progress.note(`retry ${attempt}/${this.plan.retryFailed}: rerunning ${failing.length} failed test(s)`);
      const list = `${ETC}/tempest/retry-${attempt}.txt`;
      const stream = `/var/lib/dockenstack/tempest-retry-${attempt}.subunit`;
      await container.copyIn([{ containerPath: list, content: exactIdList(failing) }]);
      await this.execStage('tempest', ['dockenstack-tempest', '--concurrency', '1', '--include-list', list, '--subunit', stream], `tempest-retry-${attempt}.log`, signal, undefined, { allowFailure: true });
      await container.copyOut(stream, this.folder.root);
      previous = this.folder.path(`tempest-retry-${attempt}.subunit`);
    }
  }

  async collect(): Promise<void> {
    const container = this.requireContainer('collect');
    await container.exec(['dockenstack-collect', COLLECT_DIR], {});
    await container.copyOut(COLLECT_DIR, this.folder.root);
    const collected = join(this.folder.root, 'dockenstack-collect');
    // Flatten: dockenstack-collect/{logs,config,…} → the report folder, each file redacted.
    await moveRedacted(collected, this.folder.root, this.redact);
  }

  async teardown(): Promise<void> {
    if (!this.container) return;
    if (this.plan.keep) {
      this.progress.note(`kept container ${this.container.name}: docker exec -it ${this.container.name} bash; remove it with dockenstack clean --run ${this.plan.runId}`);
      return;
    }
    await this.container.remove();
  }

  private filterFiles(): { include: string; exclude: string } {
    const text = (lists: GatePlan['filters']['include']) => lists.flatMap((list) => list.rules.map((rule) => rule.source)).join('\n') + '\n';
    return { include: text(this.plan.filters.include), exclude: text(this.plan.filters.exclude) };
  }

  private requireContainer(stage: string): RunningContainer {
    if (!this.container) throw new GateError(stage, 'no container: the boot stage did not run');
    return this.container;
  }

  private async execStage(
    stage: string,
    command: string[],
    logName: string,
    signal: AbortSignal,
    decorate: (line: string) => string = (line) => line,
    options: { allowFailure?: boolean } = {},
  ): Promise<void> {
    const container = this.requireContainer(stage);
    const log = this.folder.openLog(logName);
    const recent: string[] = [];
    const telling: string[] = [];
    try {
      const result = await container.exec(command, {
        signal,
        onLine: (line) => {
          log.write(line);
          this.progress.line(this.redact(decorate(line)));
          recent.push(line);
          if (recent.length > 30) recent.shift();
          if (/\[ERROR\]|Traceback|Error:|FAIL /.test(line)) {
            telling.push(line);
            if (telling.length > 15) telling.shift();
          }
        },
      });
      if (result.aborted) {
        // A stage over its time limit reports the end of its output, as a failed one does.
        if (signal.reason instanceof StageTimeoutError) throw signal.reason.withOutput(recent.slice(-10).map(this.redact), `logs/${logName}`);
        throw signal.reason;
      }
      if (result.exitCode !== 0 && !options.allowFailure) {
        throw new GateError(stage, `${command[0]} exited with ${result.exitCode}`, {
          commandExitCode: result.exitCode,
          logFile: `logs/${logName}`,
          tellingLines: (telling.length ? telling : recent.slice(-10)).map(this.redact),
          hint: `the whole output is in ${join(this.folder.root, 'logs', logName)}`,
        });
      }
    } finally {
      await log.close();
    }
  }
}

async function moveRedacted(from: string, to: string, redact: Redactor): Promise<void> {
  if (!existsSync(from)) return;
  for (const entry of await readdir(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const source = join(entry.parentPath, entry.name);
    const target = join(to, source.slice(from.length + 1));
    await mkdir(join(target, '..'), { recursive: true });
    if (entry.name.endsWith('.subunit')) await writeFile(target, await readFile(source));
    else await writeFile(target, redact(await readFile(source, 'utf8')));
    await rm(source);
  }
  await rm(from, { recursive: true, force: true });
}
