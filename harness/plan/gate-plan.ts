// Everything a gate will do, decided and validated before anything is built: `--dry-run` prints
// this, and a bad input fails here (exit 2) with nothing built and nothing written.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import type { BaseImageSpec } from '../engine/base-image.ts';
import { requireDirectory, requireReportsDir, resolveReportFolder } from '../input-paths.ts';
import { newRunId, requireRunId } from '../run/run-id.ts';
import { enabledServices, extractLocalrc, localrcValue, parseLocalrc, type LocalrcStatement } from '../localconf/localrc.ts';
import { renderMergeScript } from '../localconf/merge-script.ts';
import { resolveLocalConf } from '../localconf/resolve.ts';
import { loadShippedCosts, type ShippedCosts } from '../selection/costs-file.ts';
import type { FilterList } from '../selection/filter-list.ts';
import { loadKnownFailures } from '../selection/known-failures.ts';
import { selectionFilters, type SelectionFilters } from '../selection/selection-options.ts';
import { parseTestIdList } from '../selection/test-id-list.ts';
import { parseShardSpec, type ShardSpec } from '../selection/partition.ts';
import { baseImageOf } from '../stacks/debian-release.ts';
import type { ImageInputs, KnownTempest, StackKind } from '../stacks/stack-kind.ts';
import { DEFAULT_THRESHOLD, describeThreshold, type VerdictPolicy } from '../verdict/verdict.ts';
import { parsePositiveInteger, parseNonNegativeInteger, parseThreshold, parseTimeouts, requireBaselineForRegressions } from './gate-options.ts';
import type { StageName } from '../run/stages.ts';
import { generatePasswords, PASSWORD_VARIABLES, type PasswordVariable } from './passwords.ts';
import { findProfile, type Profile } from './profiles.ts';
import { requireRunnableVirtDriver } from './stack-support.ts';
import { createRedactor, MIN_SECRET_LENGTH } from '../report/redact.ts';

export interface GateOptions {
  readonly profile: string;
  readonly localConf?: string;
  readonly set: readonly string[];
  readonly postConfig: readonly string[];
  readonly allowVirtDriver: readonly string[];
  readonly concurrency: string;
  readonly voting: boolean;
  readonly threshold?: string;
  readonly keep: boolean;
  readonly dryRun: boolean;
  readonly driverSrc?: string;
  readonly reports: string;
  readonly baseline?: string;
  readonly retryFailed: string;
  readonly shard?: string;
  readonly timings?: string;
  readonly engine: readonly string[];
  readonly includeList: readonly string[];
  readonly excludeList: readonly string[];
  readonly regex?: string;
  readonly timeout: readonly string[];
  readonly runId?: string;
  readonly onlyRegressions: boolean;
  /** `dockenstack up`: the stack stays up after the command, until `down`. */
  readonly stayUp?: boolean;
  /**
   * The generated passwords to use instead of new ones: a snapshot's, whose stack was set up with
   * them (a `--set` of one still wins, as over generated ones).
   */
  readonly passwords?: Readonly<Record<PasswordVariable, string>>;
  /** `up --horizon`: local.conf enables horizon. */
  readonly horizon?: boolean;
}

/** Everything a gate will do, grouped by who reads it. */
export interface GatePlan {
  readonly runId: string;
  readonly profile: Profile;
  readonly warnings: readonly string[];
  readonly secrets: readonly string[];
  readonly stack: StackPlan;
  readonly selection: SelectionPlan;
  readonly verdict: VerdictPlan;
  readonly output: OutputPlan;
  /** `--shard I/N`: this gate runs one part of the selection. */
  readonly shard: ShardSpec | undefined;
  /** `--engine`: one shard per engine, each run by its own gate process (see fleet/spread.ts). */
  readonly engines: readonly string[];
  /** Per stage; a stage not named, or 0, has no limit. */
  readonly timeoutsMs: Readonly<Partial<Record<StageName, number>>>;
}

/** What the image, the container and the stack stages need. */
export interface StackPlan {
  readonly kind: StackKind;
  readonly localConf: string;
  readonly localrc: string;
  readonly mergeScripts: { readonly postConfig: string; readonly testConfig: string };
  /** The base image is the profile's Debian release's. */
  readonly image: ImageInputs & { readonly baseImage: BaseImageSpec };
  readonly driverSrc: string | undefined;
  /** How the driver source is mounted, as the stack kind wants it. */
  readonly driverBind: string | undefined;
  /** The git URLs of enable_plugin lines: checked before anything is built. */
  readonly pluginUrls: readonly string[];
  /** Leave the container running after the run. */
  readonly keep: boolean;
  /** `up`: the stack is made to stay up (labelled so; `doctor` and `clean` leave it alone). */
  readonly stayUp: boolean;
  /** The admin's password and region, for the clouds.yaml and openrc `up` writes. */
  readonly admin: { readonly password: string; readonly region: string };
  /**
   * local.conf with the passwords generated for this run shown as `<generated>`: what the stack is
   * set up from but its own passwords (a user's value stays), as a snapshot's key takes it.
   */
  readonly inputsConf: string;
  /** local.conf enables horizon and the stack kind sets it up: `up` prints its URL. */
  readonly horizon: boolean;
}

/** Which Tempest tests run, and how. */
export interface SelectionPlan extends SelectionFilters {
  readonly concurrency: number;
  readonly retryFailed: number;
  /** --timings: an earlier run's report folder whose test times split the shards, balance Tempest's workers and estimate the time left. */
  readonly timingsDir: string | undefined;
  /** The profile's tempest-filters/<profile>/timings.txt: what balances the workers when no earlier run does. */
  readonly shippedCosts: ShippedCosts | undefined;
}

export interface VerdictPlan extends VerdictPolicy {
  /** An earlier run's report folder to compare with. */
  readonly baselineDir: string | undefined;
}

export interface OutputPlan {
  /** Where run folders go: reports/<run-id>/ and reports/latest. */
  readonly reportsDir: string;
}

/** The options a Tempest run is judged and reported by, whatever the stack: what `tempest RUN` checks before it looks for the stack. */
export type RunOptions = Pick<GateOptions, 'runId' | 'concurrency' | 'retryFailed' | 'threshold' | 'timeout' | 'onlyRegressions' | 'baseline' | 'reports' | 'includeList' | 'excludeList' | 'regex'>;

/** `options` parsed, or the UsageError of the first that cannot work: nothing is asked of the engine before this. */
export function parseRunOptions(options: RunOptions) {
  const runId = options.runId ?? newRunId();
  requireRunId(runId, '--run-id');
  const concurrency = parsePositiveInteger('--concurrency', options.concurrency, { max: 64 });
  const retryFailed = parseNonNegativeInteger('--retry-failed', options.retryFailed, { max: 5 });
  const threshold = options.threshold === undefined ? DEFAULT_THRESHOLD : parseThreshold(options.threshold);
  const timeouts = parseTimeouts(options.timeout);
  requireBaselineForRegressions(options.onlyRegressions, options.baseline);
  const baselineDir = options.baseline === undefined ? undefined : resolveReportFolder('--baseline', options.baseline, options.reports);
  const reportsDir = requireReportsDir(options.reports);
  // The user's own lists and regexes, read and compiled (the profile's are the project's own).
  selectionFilters(undefined, options);
  return { runId, concurrency, retryFailed, threshold, timeouts, baselineDir, reportsDir };
}

export function buildGatePlan(options: GateOptions): GatePlan {
  const profile = findProfile(options.profile);
  const { runId, concurrency, retryFailed, threshold, timeouts, baselineDir, reportsDir } = parseRunOptions(options);
  const shard = options.shard === undefined ? undefined : parseShardSpec(options.shard);
  const engines = options.engine.map(parseEngineSpec);
  if (engines.length && shard) throw new UsageError('cannot be combined with --shard (it runs one shard per engine)', { where: '--engine' });
  const timingsDir = options.timings === undefined ? undefined : resolveReportFolder('--timings', options.timings, options.reports);
  const driverSrc = options.driverSrc === undefined ? undefined : requireDriverSource(options.driverSrc);

  const passwords = options.passwords ?? generatePasswords();
  const kind = profile.kind;
  if (options.horizon && !kind.dashboardUrl) {
    throw new UsageError(`the ${profile.name} profile's stack is DevStack's, which sets Horizon up itself (enable_service horizon in a --local-conf)`, { where: '--horizon', hint: 'use --profile distro' });
  }
  const resolved = resolveLocalConf(profile, {
    ...(options.localConf ? { localConfFile: options.localConf } : {}),
    sets: [...options.set, ...(driverSrc ? kind.driverSets : [])],
    postConfigs: options.postConfig,
    allowVirtDrivers: options.allowVirtDriver,
    enableServices: options.horizon ? [{ service: 'horizon', option: '--horizon' }] : [],
    passwords,
  });
  const statements = parseLocalrc(resolved.conf);
  requireRunnableVirtDriver(profile, statements, { driverSrc: driverSrc !== undefined, allowed: options.allowVirtDriver });
  const baseImage = baseImageOf(profile.release);
  const image = kind.imageInputs(baseImage.tag, profile.pinnedRef);
  kind.checkStatements?.(statements, image);
  const secrets = secretsOf(statements);
  // A short secret is refused here rather than left unmasked in the reports.
  const short = statements.find((s) => s.kind === 'assign' && SECRET_NAME.test(s.name) && s.value && s.value.length < MIN_SECRET_LENGTH);
  if (short?.kind === 'assign') {
    throw new UsageError(`${short.name} has ${short.value?.length} character(s): a secret needs ${MIN_SECRET_LENGTH} at least (masking a shorter one in the reports would blank ordinary words)`, {
      where: short.line.origin,
      hint: 'leave it unset (each run generates its own) or give a longer value',
    });
  }

  const profileList = (name: string) => join(profile.filtersDir, name);
  return {
    runId,
    profile,
    warnings: resolved.warnings.map((w) => `${w.where}: ${w.message}`),
    secrets,
    stack: {
      kind,
      localConf: resolved.text,
      localrc: extractLocalrc(resolved.conf),
      mergeScripts: { postConfig: renderMergeScript(resolved.conf, 'post-config'), testConfig: renderMergeScript(resolved.conf, 'test-config') },
      image: { ...image, baseImage },
      driverSrc,
      driverBind: driverSrc === undefined ? undefined : kind.driverBind(statements, driverSrc),
      pluginUrls: statements.flatMap((s) => (s.kind === 'plugin' ? [s.url] : [])),
      keep: options.keep,
      stayUp: options.stayUp ?? false,
      admin: { password: localrcValue(statements, 'ADMIN_PASSWORD') ?? passwords.ADMIN_PASSWORD, region: localrcValue(statements, 'REGION_NAME') ?? 'RegionOne' },
      inputsConf: maskValues(resolved.text, generatedInUse(statements, passwords)),
      horizon: kind.dashboardUrl !== undefined && enabledServices(statements).has('horizon'),
    },
    selection: { ...selectionFilters(profile.filtersDir, options), concurrency, retryFailed, timingsDir, shippedCosts: loadShippedCosts(profile.filtersDir) },
    verdict: { knownFailures: loadKnownFailures(profileList('known-failures.txt')), voting: options.voting, threshold, onlyRegressions: options.onlyRegressions, baselineDir },
    output: { reportsDir },
    shard,
    engines,
    timeoutsMs: Object.fromEntries(Object.entries(timeouts).map(([stage, minutes]) => [stage, minutes * 60_000])),
  };
}

function requireDriverSource(path: string): string {
  const dir = requireDirectory('--driver-src', path);
  const hasPackage = existsSync(join(dir, '__init__.py')) || existsSync(join(dir, 'setup.py')) || existsSync(join(dir, 'pyproject.toml'));
  if (!hasPackage) throw new UsageError(`${path} is not a Python package (no __init__.py, setup.py or pyproject.toml)`, { where: '--driver-src' });
  return dir;
}

/** `unix:///path`, `tcp://host:port` (DOCKER_HOST's forms), or a socket path. */
export function parseEngineSpec(text: string): string {
  if (text.startsWith('/')) return `unix://${text}`;
  if (/^unix:\/\/\/\S+$/.test(text)) return text;
  if (/^tcp:\/\/[^\s/:]+:\d{1,5}\/?$/.test(text)) return text.replace(/\/$/, '');
  throw new UsageError(`'${text}' is not an engine address (unix:///path/docker.sock or tcp://host:port)`, { where: '--engine' });
}

/** A localrc variable whose value is a secret: the run's generated passwords, and any given one. */
const SECRET_NAME = /PASSWORD|SECRET|TOKEN/;

/** The values of a local.conf's secret variables: what the run's Redactor masks by value. */
export function secretsOf(statements: readonly LocalrcStatement[]): string[] {
  return statements.flatMap((s) => (s.kind === 'assign' && SECRET_NAME.test(s.name) && s.value ? [s.value] : []));
}

/**
 * `text` as the plan shows it (--dry-run, its JSON): masked by the reports' own Redactor, the
 * plan's secrets (generated per run, or given) and the credential shapes (a password in a
 * --post-config URL) alike.
 */
export function maskSecrets(plan: Pick<GatePlan, 'secrets'>, text: string): string {
  return createRedactor(plan.secrets)(text);
}

function maskValues(text: string, values: readonly string[]): string {
  return values.reduce((out, value) => out.split(value).join('<generated>'), text);
}

/** The generated passwords local.conf kept (a `--set` of the same variable replaced its value). */
function generatedInUse(statements: readonly LocalrcStatement[], passwords: Readonly<Record<PasswordVariable, string>>): string[] {
  return PASSWORD_VARIABLES.flatMap((name) => (localrcValue(statements, name) === passwords[name] ? [passwords[name]] : []));
}

/** The plan as --dry-run prints it: every input, secrets masked. `balance`: what balances Tempest's workers (gate/worker-balance.ts). */
export function describePlan(plan: GatePlan, testIds?: readonly string[], selectedCount?: number, shardCount?: number, balance?: string): string {
  const mask = (text: string) => maskSecrets(plan, text);
  const { stack, selection, verdict } = plan;
  const lists = (lists: readonly FilterList[]) => (lists.length ? lists.map((l) => `${l.path} (${l.rules.length} regexes)`).join(', ') : 'none');
  const lines = [
    `run id        ${plan.runId}`,
    `profile       ${plan.profile.name}: ${plan.profile.description}`,
    `image         ${stack.image.repository}:<hash of inputs>, built from ${stack.image.contextDir} with ${Object.entries(stack.image.buildArgs).map(([k, v]) => `${k}=${v}`).join(' ')}`,
    `base image    ${stack.image.baseImage.tag} (when no registry has it: debootstrap of Debian ${stack.image.baseImage.suite} + docker import)`,
    `container     dockenstack-${plan.runId}, privileged (capability fallback when refused)${stack.driverBind ? `, driver source mounted ${stack.driverBind}` : ''}`,
    `network       ${stack.kind.describeNetwork(stack.pluginUrls)}`,
    `tempest       include ${lists(selection.include)}; exclude ${lists(selection.exclude)}${selection.regexText ? `; regex ${selection.regexText}` : ''}; concurrency ${selection.concurrency}${plan.shard ? `; shard ${plan.shard.index}/${plan.shard.count}` : ''}${(plan.shard || plan.engines.length) && selection.timingsDir ? `, shards split by the timings of ${selection.timingsDir}` : ''}`,
    ...(balance ? [`balance       ${balance}`] : []),
    ...(plan.engines.length ? [`engines       ${plan.engines.map((engine, i) => `shard ${i + 1}/${plan.engines.length} on ${engine}`).join('; ')}, then merged`] : []),
    selectionLine(stack.kind.knownTempest(plan.profile.release), testIds, selectedCount, shardCount),
    `known failures ${verdict.knownFailures.length}`,
    `verdict       ${verdict.voting ? 'voting' : 'non-voting'}, ${describeThreshold(verdict.threshold)}${selection.retryFailed ? `, failed tests retried ${selection.retryFailed}x` : ''}${verdict.baselineDir ? `, compared with ${verdict.baselineDir}` : ''}`,
    `reports       ${join(plan.output.reportsDir, plan.runId)}${stack.keep ? ' (container kept)' : ''}`,
    `commands      ${stack.kind.describeCommands}`,
    '',
    '--- local.conf ---',
    mask(stack.localConf).trimEnd(),
  ];
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

/** What a dry run can say of the selection's size: counted on the profile's known Tempest, or not yet known. */
function selectionLine(tempest: KnownTempest | undefined, testIds: readonly string[] | undefined, selectedCount: number | undefined, shardCount: number | undefined): string {
  if (!tempest || !testIds || selectedCount === undefined) return "selection     counted when the stack's Tempest lists its tests (this profile installs Tempest from git)";
  return `selection     ${selectedCount} of the ${testIds.length} tests of ${tempest.label}${shardCount !== undefined ? `; ${shardCount} in this shard` : ''}`;
}

export function readTestIdsFixture(path: string): string[] | undefined {
  return existsSync(path) ? parseTestIdList(readFileSync(path, 'utf8')) : undefined;
}
