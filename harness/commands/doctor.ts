// `dockenstack doctor`: can this machine run a gate? Each check says ok or what to do. `--fix`
// first installs and starts what is missing where it can (root, apt), else prints the commands;
// `--json` prints one document on stdout and the lines on stderr.
import { Command } from 'commander';
import { statfs } from 'node:fs/promises';
import { freemem, totalmem } from 'node:os';
import { newRunId } from '../run/run-id.ts';
import { paletteFor } from '../progress/colour.ts';
import { createConsoleProgress } from '../progress/console-progress.ts';
import { applyFixes } from '../preflight/apply-fixes.ts';
import { fixCommands, nothingToFix, planFixes } from '../preflight/fix-plan.ts';
import { readMachineFacts } from '../preflight/machine-facts.ts';
import { ExitCode, describeError } from '../errors.ts';
import { canRunGate, doctorDocument, statusOf, type Check, type FixOutcome } from './doctor-checks.ts';

const GiB = 1024 ** 3;

export function doctorCommand(): Command {
  return new Command('doctor')
    .description('check that this machine can run a gate: engine, privileges, docker in docker, disk, memory, leftovers')
    .option('--fix', 'first install and start what is missing: as root on Debian or Ubuntu, apt-get install docker.io (and docker-cli where it is apart) and debootstrap, and start dockerd; otherwise print the exact commands and exit 3', false)
    .option('--json', 'print the result as one JSON document on stdout (schemaVersion 1, see the README); the lines go to stderr', false)
    .addHelpText('after', '\nExit codes: 0 a gate can run here, 3 it cannot (each problem with its fix), 2 bad usage.')
    .action(async (options: { fix: boolean; json: boolean }) => {
      // With --json, stdout carries the document alone.
      const out = options.json ? process.stderr : process.stdout;
      const say = (text: string) => out.write(`${text}\n`);
      const palette = paletteFor(out);
      let fix: FixOutcome | undefined;
      if (options.fix) fix = await fixMachine(say);
      const checks = await runChecks((check) => {
        const status = statusOf(check);
        const mark = palette.paint(status === 'ok' ? 'ok  ' : status === 'warn' ? 'warn' : 'FAIL', status === 'ok' ? 'pass' : status);
        say(`${mark} ${check.name}: ${check.detail}${!check.ok && check.fix ? `\n     fix: ${check.fix}` : ''}`);
      });
      const failed = checks.filter((c) => statusOf(c) === 'fail');
      const ready = canRunGate(checks) && !fix?.blocked;
      say(ready ? palette.paint('this machine can run a gate', 'pass') : palette.paint(failed.length ? `${failed.length} problem(s): a gate cannot run here` : 'a gate cannot run here until the commands above are run', 'fail'));
      if (options.json) process.stdout.write(`${JSON.stringify(doctorDocument(checks, fix), null, 2)}\n`);
      process.exitCode = ready ? ExitCode.ok : ExitCode.environment;
    });
}

/** --fix: as root with apt, installs and starts what is missing; otherwise says the commands. */
async function fixMachine(say: (text: string) => void): Promise<FixOutcome> {
  const { engineAnswers } = await import('../engine/engine.ts');
  const facts = await readMachineFacts(await engineAnswers());
  const plan = planFixes(facts);
  if (nothingToFix(plan)) {
    say('fix: nothing to install or start');
    return { applied: [], commands: [], blocked: null };
  }
  const commands = fixCommands(plan, facts);
  if (plan.blocked) {
    say(`fix: cannot install or start anything here (${plan.blocked}); run:`);
    for (const command of commands) say(`  ${command}`);
    return { applied: [], commands, blocked: plan.blocked };
  }
  const progress = createConsoleProgress(process.stderr);
  try {
    const applied = await applyFixes(plan, { facts: () => readMachineFacts(false), engineAnswers: () => engineAnswers() }, progress);
    for (const line of applied) say(`fix: ${line}`);
    return { applied, commands, blocked: null };
  } finally {
    progress.close();
  }
}

async function runChecks(report: (check: Check) => void): Promise<Check[]> {
  // Loaded when doctor runs: the engine client is most of the CLI's start-up time.
  const [{ DEFAULT_BASE_IMAGE, ensureBaseImage }, { listManaged, liveRuns }, { startContainer }, { connectEngine, readEngineInfo }, { currentOwner }] = await Promise.all([
    import('../engine/base-image.ts'),
    import('../engine/cleanup.ts'),
    import('../engine/container.ts'),
    import('../engine/engine.ts'),
    import('../engine/run-owner.ts'),
  ]);
  const checks: Check[] = [];
  const add = (check: Check) => {
    checks.push(check);
    report(check);
  };
  let engine;
  try {
    engine = await connectEngine();
    const info = await readEngineInfo(engine);
    add({ name: 'engine', ok: true, detail: `Docker ${info.serverVersion} (API ${info.apiVersion}) at ${info.host}, ${info.storageDriver}, cgroup v${info.cgroupVersion}` });
    const disk = await statfs(info.dockerRootDir).catch(() => undefined);
    if (disk) {
      const free = (disk.bavail * disk.bsize) / GiB;
      add({ name: 'disk', ok: free >= 10, detail: `${free.toFixed(1)} GiB free under ${info.dockerRootDir} (a gate needs about 10)`, fix: 'free space, or run dockenstack clean' });
    }
  } catch (error) {
    add({ name: 'engine', ok: false, detail: describeError(error), fix: 'dockenstack doctor --fix (as root on Debian or Ubuntu), or set DOCKER_HOST' });
  }
  const memory = totalmem() / GiB;
  add({ name: 'memory', ok: memory >= 6, detail: `${memory.toFixed(1)} GiB total, ${(freemem() / GiB).toFixed(1)} GiB free (the distro stack uses about 4)`, fix: 'a gate needs at least 6 GiB' });
  if (!engine) return checks;
  const progress = createConsoleProgress(process.stderr);
  const runId = `doctor-${newRunId()}`;
  try {
    const base = await ensureBaseImage(engine, DEFAULT_BASE_IMAGE, progress);
    const notes: string[] = [];
    const container = await startContainer(
      engine,
      { image: base.tag, name: `dockenstack-${runId}`, runId, owner: currentOwner(), privileged: 'auto', init: true, command: ['sleep', 'infinity'] },
      { ...progress, note: (text) => notes.push(text) },
    );
    try {
      add({ name: 'privileges', ok: true, detail: container.privilegeMode === 'privileged' ? '--privileged works' : '--privileged is refused; the capability fallback works' });
      let cgroupWritable = false;
      await container.exec(['sh', '-c', 'mkdir -p /sys/fs/cgroup/cpuset/dockenstack-doctor 2>/dev/null || mkdir -p /sys/fs/cgroup/dockenstack-doctor 2>/dev/null && echo writable; rmdir /sys/fs/cgroup/cpuset/dockenstack-doctor /sys/fs/cgroup/dockenstack-doctor 2>/dev/null; true'], {
        onLine: (line) => (cgroupWritable ||= line === 'writable'),
      });
      add({
        name: 'docker in docker',
        ok: cgroupWritable,
        detail: cgroupWritable ? 'cgroups are writable inside: an inner dockerd can run containers' : 'cgroups are read-only inside: an inner dockerd cannot start containers',
        fix: 'run the engine with cgroup v1 or grant --privileged',
      });
    } finally {
      await container.remove();
    }
  } catch (error) {
    add({ name: 'privileges', ok: false, detail: describeError(error), fix: 'the engine must allow --privileged or --cap-add ALL with unconfined seccomp/apparmor' });
  } finally {
    progress.close();
  }
  const managed = await listManaged(engine);
  const live = liveRuns(managed);
  const containers = managed.filter((r) => r.type === 'container' && !r.runId?.startsWith('doctor-'));
  const running = containers.filter((r) => r.runId !== undefined && live.has(r.runId));
  const leftovers = containers.filter((r) => !running.includes(r));
  if (running.length) add({ name: 'live runs', ok: true, detail: `${running.length} container(s) of runs still going, left alone: ${running.map((r) => live.get(r.runId ?? '')).join('; ')}` });
  add({
    name: 'leftovers',
    ok: leftovers.length === 0,
    warning: true,
    detail: leftovers.length ? `${leftovers.length} container(s) of earlier runs: ${leftovers.map((r) => `${r.name} (${r.state})`).join(', ')}` : 'no containers left by earlier runs',
    fix: 'dockenstack clean (it leaves live runs alone; --keep-images keeps the built images)',
  });
  return checks;
}
