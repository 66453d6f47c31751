// The devstack stack: DevStack's stack.sh from git, run as user `stack` under systemd (its
// services are systemd units, so systemd is PID 1). Needs git hosts and PyPI.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ContextCheckout } from '../engine/build-context.ts';
import { GateError, UsageError } from '../errors.ts';
import { requireDirectory } from '../input-paths.ts';
import type { LocalrcStatement } from '../localconf/localrc.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import { driverSourceMount } from './driver-mount.ts';
import { CONTAINER_PATHS, type StackKind, type StackLogWatcher } from './stack-kind.ts';
import { StackLogParser } from './stack-log.ts';

const DEFAULT_REPO = 'https://opendev.org/openstack/devstack';
const LOCAL_CONF = '/opt/stack/devstack/local.conf';

export const DEVSTACK: StackKind = {
  name: 'devstack',
  // DevStack's own lib/nova_plugins/hypervisor-*.
  virtDrivers: ['fake', 'ironic', 'libvirt', 'openvz', 'vsphere'],
  scriptVirtDrivers: undefined,
  knownTempest: () => undefined,
  networkUrls: (pluginUrls) => (pluginUrls.length ? pluginUrls : [DEFAULT_REPO]),
  describeNetwork: (pluginUrls) => `needs PyPI and ${pluginUrls.join(', ') || "DevStack's git host"}`,
  imageInputs: (baseImageTag, pinnedRef) => ({
    contextDir: resolve(PROJECT_ROOT, 'dockerfiles', 'devstack'),
    repository: 'dockenstack-devstack',
    buildArgs: { BASE_IMAGE: baseImageTag, ...devstackSource(pinnedRef) },
    checkout: devstackCheckout(),
  }),
  checkStatements: (statements, image) => requireDevstackForPlugins(image.buildArgs.DEVSTACK_REF ?? 'master', statements),
  container: { command: ['/sbin/init'], tmpfs: { '/run': 'rw', '/run/lock': 'rw' }, stopSignal: 'SIGRTMIN+3' },
  localConfPath: LOCAL_CONF,
  afterFilesIn: [['chown', 'stack:stack', LOCAL_CONF]],
  // stack.sh refuses root; its own log goes to LOGFILE, its console here.
  stackCommand: ['su', '-', 'stack', '-c', 'cd /opt/stack/devstack && ./stack.sh'],
  watchStackLog: stackShWatcher,
  verifyCommand: ['dockenstack-verify'],
  tempestCommand: ['dockenstack-tempest'],
  // dockerfiles/devstack/bin/dockenstack-tempest runs DevStack's Tempest as it is, unseeded.
  takesTestCosts: false,
  collectCommand: ['dockenstack-collect', CONTAINER_PATHS.collectDir],
  // A developer's driver tree must survive stack.sh: DevStack keeps an existing plugin directory.
  driverSets: ['RECLONE=False'],
  driverBind: (statements, hostPath) => driverSourceMount(statements, hostPath).bind,
  // DevStack serves keystone behind Apache at /identity.
  identityUrl: (hostIp) => `http://${hostIp}/identity/v3`,
  describeCommands: "su - stack -c 'cd /opt/stack/devstack && ./stack.sh'; tempest run --include-list … --exclude-list …",
};

/** stack.sh's failure as its log tells it: the phase, the failing function, the `[ERROR]` lines. */
function stackShWatcher(): StackLogWatcher {
  const parser = new StackLogParser();
  return {
    push: (line) => parser.push(line),
    explain(failure, redact) {
      const summary = parser.finish();
      if (!summary.failed) return failure;
      return new GateError('stack', `stack.sh failed${summary.failedAt ? ` at ${summary.failedAt}` : ''}${summary.failingFunction ? ` in ${summary.failingFunction}` : ''}`, {
        ...(failure.commandExitCode !== undefined ? { commandExitCode: failure.commandExitCode } : {}),
        ...(failure.logFile ? { logFile: failure.logFile } : {}),
        tellingLines: summary.tellingLines.map(redact),
        hint: failure.hint ?? 'see logs/stack.log',
      });
    },
  };
}

/**
 * Where DevStack comes from: a ref of its repository (DOCKENSTACK_DEVSTACK_REPO), the ref being
 * DOCKENSTACK_DEVSTACK_REF, else the profile's pin, else master.
 */
function devstackSource(pinnedRef: string | undefined): Record<string, string> {
  return {
    DEVSTACK_REPO: process.env.DOCKENSTACK_DEVSTACK_REPO ?? DEFAULT_REPO,
    DEVSTACK_REF: process.env.DOCKENSTACK_DEVSTACK_REF ?? pinnedRef ?? 'master',
  };
}

/**
 * A plugin pinned to stable/X runs on DevStack's stable/X (or its end-of-life tag X-eol): on
 * another DevStack, stack.sh fails late, after the whole image was built.
 */
export function requireDevstackForPlugins(devstackRef: string, statements: readonly LocalrcStatement[]): void {
  for (const statement of statements) {
    if (statement.kind !== 'plugin' || !statement.ref?.startsWith('stable/')) continue;
    const series = statement.ref.slice('stable/'.length);
    if (devstackRef === statement.ref || devstackRef === `${series}-eol`) continue;
    throw new UsageError(`DevStack ${devstackRef} cannot run the ${statement.name} plugin at ${statement.ref}`, {
      where: statement.line.origin,
      hint: `build DevStack ${series}-eol (DOCKENSTACK_DEVSTACK_REF=${series}-eol) or stable/${series}`,
    });
  }
}

/** A local DevStack checkout to build with instead (DOCKENSTACK_DEVSTACK_CHECKOUT), where the Dockerfile looks. */
function devstackCheckout(): ContextCheckout | undefined {
  const path = process.env.DOCKENSTACK_DEVSTACK_CHECKOUT;
  if (!path) return undefined;
  const dir = requireDirectory('DOCKENSTACK_DEVSTACK_CHECKOUT', path);
  if (!existsSync(join(dir, 'stack.sh'))) throw new UsageError(`${path} is not a DevStack checkout (no stack.sh)`, { where: 'DOCKENSTACK_DEVSTACK_CHECKOUT' });
  return { source: dir, into: 'devstack-src' };
}
