// What differs between kinds of stack (DevStack from git, OpenStack from Debian's packages): the
// image they build, how their container runs, the commands of each stage, where the driver
// source goes, and how a dry run describes them. The gate asks its stack kind; nothing else tests
// which kind it has.
import type { ContextCheckout } from '../engine/build-context.ts';
import type { ContainerSpec } from '../engine/container.ts';
import type { GateError } from '../errors.ts';
import type { LocalrcStatement } from '../localconf/localrc.ts';
import type { DebianRelease } from './debian-release.ts';

export type StackKindName = 'distro' | 'devstack';

/** The dockenstack-* scripts and their inputs, the same paths in every kind's image. */
export const CONTAINER_PATHS = {
  etc: '/etc/dockenstack',
  state: '/var/lib/dockenstack',
  collectDir: '/tmp/dockenstack-collect',
} as const;

export interface ImageInputs {
  /** dockerfiles/<kind>/: the build context. */
  readonly contextDir: string;
  readonly repository: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** A local checkout copied into the context (DevStack's), when the user names one. */
  readonly checkout: ContextCheckout | undefined;
}

/** Watches the stack command's output and, when it fails, says why better than its exit code. */
export interface StackLogWatcher {
  push(line: string): void;
  explain(failure: GateError, redact: (line: string) => string): GateError;
}

/** The Tempest whose test ids a dry run and `select` can count a selection on. */
export interface KnownTempest {
  readonly label: string;
  readonly testIdsPath: string;
}

export interface StackKind {
  readonly name: StackKindName;
  /** The VIRT_DRIVERs its stack has a compute driver for (a profile may narrow them). */
  readonly virtDrivers: readonly string[];
  /**
   * The VIRT_DRIVERs the stack's own scripts set up, checked with local.conf itself (a driver class
   * named by DOCKENSTACK_COMPUTE_DRIVER aside); undefined where DevStack's plugins decide.
   */
  readonly scriptVirtDrivers: readonly string[] | undefined;
  /**
   * The Tempest the image of that Debian release installs, when its test ids are known before the
   * stack is up; undefined when only the running stack can list them (DevStack installs Tempest
   * from git).
   */
  knownTempest(release: DebianRelease): KnownTempest | undefined;
  /** Beyond Debian's mirror: git hosts and PyPI, checked before anything is built. */
  networkUrls(pluginUrls: readonly string[]): readonly string[];
  /** What it needs of the network, as --dry-run prints it. */
  describeNetwork(pluginUrls: readonly string[]): string;
  /**
   * Reads the environment (pinned refs, a local checkout): call it when planning. `pinnedRef`: the
   * profile's pin of the stack's source (DevStack's ref), which the environment overrides.
   */
  imageInputs(baseImageTag: string, pinnedRef?: string): ImageInputs;
  /** Refuses, at plan time, local.conf statements the image cannot run (a plugin for another DevStack). */
  checkStatements?(statements: readonly LocalrcStatement[], image: ImageInputs): void;
  /** How the container runs: its PID 1, its init, its stop signal. */
  readonly container: Pick<ContainerSpec, 'command' | 'init' | 'tmpfs' | 'stopSignal'>;
  /** Where local.conf goes, and what to run once it is there (as root). */
  readonly localConfPath: string;
  readonly afterFilesIn: readonly (readonly string[])[];
  readonly stackCommand: readonly string[];
  /**
   * Starts the stack again in a container started from a snapshot of a stacked one (`up`'s
   * snapshots); undefined: the kind's stacks are never snapshotted.
   */
  readonly restartCommand?: readonly string[];
  watchStackLog?(): StackLogWatcher;
  readonly verifyCommand: readonly string[];
  readonly tempestCommand: readonly string[];
  /**
   * tempestCommand takes `--timings FILE` (test costs, "test_id seconds" lines) and seeds stestr's
   * scheduler with them: the gate then balances Tempest's workers by an earlier run's costs.
   */
  readonly takesTestCosts: boolean;
  readonly collectCommand: readonly string[];
  /** --driver-src: `--set`s it needs before local.conf is resolved, then the bind mount. */
  readonly driverSets: readonly string[];
  driverBind(statements: readonly LocalrcStatement[], hostPath: string): string;
  /** The commands as --dry-run prints them. */
  readonly describeCommands: string;
  /** Keystone's v3 URL on a stack whose HOST_IP is `hostIp` (what clouds.yaml and openrc name). */
  identityUrl(hostIp: string): string;
  /**
   * Where Horizon answers on such a stack when its local.conf enables `horizon`; absent where
   * dockenstack sets no dashboard up (DevStack serves its own).
   */
  dashboardUrl?(hostIp: string): string;
}
