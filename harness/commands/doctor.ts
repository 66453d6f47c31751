// `dockenstack doctor`: can this machine run a gate? Each check says ok or what to do.
import { Command } from 'commander';
import { statfs } from 'node:fs/promises';
import { freemem, totalmem } from 'node:os';
import { newRunId } from '../run/run-id.ts';
import { createConsoleProgress } from '../progress/console-progress.ts';
import { ExitCode, describeError } from '../errors.ts';

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly fix?: string;
  /** A failed warning does not stop a gate. */
  readonly warning?: boolean;
}

const GiB = 1024 ** 3;

export function doctorCommand(): Command {
  return new Command('doctor')
    .description('check that this machine can run a gate: engine, privileges, docker in docker, disk, memory, leftovers')
    .action(async () => {
      // Loaded when doctor runs: the engine client is most of the CLI's start-up time.
      const [{ DEFAULT_BASE_IMAGE, ensureBaseImage }, { listManaged, liveRuns }, { startContainer }, { connectEngine, readEngineInfo }, { currentOwner }] = await Promise.all([
        import('../engine/base-image.ts'),
        import('../engine/cleanup.ts'),
        import('../engine/container.ts'),
        import('../engine/engine.ts'),
        import('../engine/run-owner.ts'),
      ]);
      const checks: Check[] = [];
      const report = (check: Check) => {
        checks.push(check);
        const mark = check.ok ? 'ok  ' : check.warning ? 'warn' : 'FAIL';
        console.log(`${mark} ${check.name}: ${check.detail}${!check.ok && check.fix ? `\n     fix: ${check.fix}` : ''}`);
      };
      let engine;
      try {
        engine = await connectEngine();
        const info = await readEngineInfo(engine);
        report({ name: 'engine', ok: true, detail: `Docker ${info.serverVersion} (API ${info.apiVersion}) at ${info.host}, ${info.storageDriver}, cgroup v${info.cgroupVersion}` });
        const disk = await statfs(info.dockerRootDir).catch(() => undefined);
        if (disk) {
          const free = (disk.bavail * disk.bsize) / GiB;
          report({ name: 'disk', ok: free >= 10, detail: `${free.toFixed(1)} GiB free under ${info.dockerRootDir} (a gate needs about 10)`, fix: 'free space, or run dockenstack clean' });
        }
      } catch (error) {
        report({ name: 'engine', ok: false, detail: describeError(error) });
      }
      const memory = totalmem() / GiB;
      report({ name: 'memory', ok: memory >= 6, detail: `${memory.toFixed(1)} GiB total, ${(freemem() / GiB).toFixed(1)} GiB free (the distro stack uses about 4)`, fix: 'a gate needs at least 6 GiB' });
      if (engine) {
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
            report({ name: 'privileges', ok: true, detail: container.privilegeMode === 'privileged' ? '--privileged works' : '--privileged is refused; the capability fallback works' });
            let cgroupWritable = false;
            await container.exec(['sh', '-c', 'mkdir -p /sys/fs/cgroup/cpuset/dockenstack-doctor 2>/dev/null || mkdir -p /sys/fs/cgroup/dockenstack-doctor 2>/dev/null && echo writable; rmdir /sys/fs/cgroup/cpuset/dockenstack-doctor /sys/fs/cgroup/dockenstack-doctor 2>/dev/null; true'], {
              onLine: (line) => (cgroupWritable ||= line === 'writable'),
            });
            report({
              name: 'docker in docker',
              ok: cgroupWritable,
              detail: cgroupWritable ? 'cgroups are writable inside: an inner dockerd can run containers' : 'cgroups are read-only inside: an inner dockerd cannot start containers',
              fix: 'run the engine with cgroup v1 or grant --privileged',
            });
          } finally {
            await container.remove();
          }
        } catch (error) {
          report({ name: 'privileges', ok: false, detail: describeError(error), fix: 'the engine must allow --privileged or --cap-add ALL with unconfined seccomp/apparmor' });
        } finally {
          progress.close();
        }
        const managed = await listManaged(engine);
        const live = liveRuns(managed);
        const containers = managed.filter((r) => r.type === 'container' && !r.runId?.startsWith('doctor-'));
        const running = containers.filter((r) => r.runId !== undefined && live.has(r.runId));
        const leftovers = containers.filter((r) => !running.includes(r));
        if (running.length) report({ name: 'live runs', ok: true, detail: `${running.length} container(s) of runs still going, left alone: ${running.map((r) => live.get(r.runId ?? '')).join('; ')}` });
        report({
          name: 'leftovers',
          ok: leftovers.length === 0,
          warning: true,
          detail: leftovers.length ? `${leftovers.length} container(s) of earlier runs: ${leftovers.map((r) => `${r.name} (${r.state})`).join(', ')}` : 'no containers left by earlier runs',
          fix: 'dockenstack clean (it leaves live runs alone; --keep-images keeps the built images)',
        });
      }
      const failed = checks.filter((c) => !c.ok && !c.warning);
      console.log(failed.length ? `${failed.length} problem(s): a gate cannot run here` : 'this machine can run a gate');
      process.exitCode = failed.length ? ExitCode.environment : ExitCode.ok;
    });
}
