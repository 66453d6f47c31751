// Everything a gate will do, decided and validated before anything is built: `--dry-run` prints
// this, and a bad input fails here (exit 2) with nothing built and nothing written.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import type { BaseImageSpec } from '../engine/base-image.ts';
import { newRunId, isValidRunId } from '../gate/run-id.ts';
import { parseLocalrc } from '../localconf/localrc.ts';
import { extractLocalrc } from '../localconf/localrc.ts';
import { renderMergeScript } from '../localconf/merge-script.ts';
import { resolveLocalConf } from '../localconf/resolve.ts';
import { compileRule, loadFilterList, type FilterList, type FilterRule } from '../selection/filter-list.ts';
import { loadKnownFailures, type KnownFailure } from '../selection/known-failures.ts';
import { parseShardSpec, type ShardSpec } from '../shard/partition.ts';
import { DEFAULT_THRESHOLD } from '../verdict/verdict.ts';
import { parsePositiveInteger, parseNonNegativeInteger, parseThreshold, parseTimeouts, requireDirectory, requireReportsDir, resolveReportFolder, type TimedStage } from './gate-options.ts';
import { generatePasswords } from './passwords.ts';
import { driverSourceMount } from '../stack/driver-mount.ts';
import { baseImageOf } from './debian-release.ts';
import { dockerfileDir, findProfile, type Profile } from './profiles.ts';

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
}

export interface GatePlan {
  readonly runId: string;
  readonly profile: Profile;
  readonly localConf: string;
  readonly localrc: string;
  readonly mergeScripts: { readonly postConfig: string; readonly testConfig: string };
  readonly warnings: readonly string[];
  readonly secrets: readonly string[];
  readonly image: { readonly contextDir: string; readonly repository: string; readonly buildArgs: Readonly<Record<string, string>>; readonly baseImage: BaseImageSpec; readonly devstackCheckout: string | undefined };
  readonly filters: { readonly include: readonly FilterList[]; readonly exclude: readonly FilterList[]; readonly regexes: readonly FilterRule[]; readonly regexText: string | undefined };
  readonly knownFailures: readonly KnownFailure[];
  readonly concurrency: number;
  readonly voting: boolean;
  readonly threshold: number;
  readonly onlyRegressions: boolean;
  readonly keep: boolean;
  readonly reportsDir: string;
  readonly baselineDir: string | undefined;
  readonly retryFailed: number;
  readonly shard: ShardSpec | undefined;
  /** An earlier run's report folder whose test durations balance the shards. */
  readonly timingsDir: string | undefined;
  /** `--engine`: one shard per engine, each run by its own gate process (see shard/spread.ts). */
  readonly engines: readonly string[];
  readonly driverSrc: string | undefined;
  /** How the driver source is mounted: /opt/driver-src (distro) or $DEST/<plugin> (devstack). */
  readonly driverBind: string | undefined;
  readonly timeoutsMs: Readonly<Record<TimedStage, number>>;
  readonly gitUrls: readonly string[];
}

export function buildGatePlan(options: GateOptions): GatePlan {
  const profile = findProfile(options.profile);
  const runId = options.runId ?? newRunId();
  if (!isValidRunId(runId)) throw new UsageError(`'${runId}' is not a usable run id (letters, digits, _ . -)`, { where: '--run-id' });
  const concurrency = parsePositiveInteger('--concurrency', options.concurrency, { max: 64 });
  const retryFailed = parseNonNegativeInteger('--retry-failed', options.retryFailed, { max: 5 });
  const threshold = options.threshold === undefined ? DEFAULT_THRESHOLD : parseThreshold(options.threshold);
  const timeouts = parseTimeouts(options.timeout);
  const shard = options.shard === undefined ? undefined : parseShardSpec(options.shard);
  const engines = options.engine.map(parseEngineSpec);
  if (engines.length && shard) throw new UsageError('cannot be combined with --shard (it runs one shard per engine)', { where: '--engine' });
  if (options.timings !== undefined && !shard && !engines.length) throw new UsageError('needs --shard I/N or --engine (it balances shards)', { where: '--timings' });
  const timingsDir = options.timings === undefined ? undefined : resolveReportFolder('--timings', options.timings, options.reports);
  const driverSrc = options.driverSrc === undefined ? undefined : requireDriverSource(options.driverSrc);
  const baselineDir = options.baseline === undefined ? undefined : resolveReportFolder('--baseline', options.baseline, options.reports);
  const reportsDir = requireReportsDir(options.reports);

  const baseImage = baseImageOf(profile.release);
  const passwords = generatePasswords();
  const resolved = resolveLocalConf(profile, {
    ...(options.localConf ? { localConfFile: options.localConf } : {}),
    // A developer's driver tree must survive stack.sh: DevStack keeps an existing plugin directory.
    sets: [...options.set, ...(driverSrc && profile.stack === 'devstack' ? ['RECLONE=False'] : [])],
    postConfigs: options.postConfig,
    allowVirtDrivers: options.allowVirtDriver,
    passwords,
  });
  const statements = parseLocalrc(resolved.conf);
  const driverBind = driverSrc === undefined ? undefined : profile.stack === 'devstack' ? driverSourceMount(statements, driverSrc).bind : `${driverSrc}:/opt/driver-src:ro`;
  const secrets = statements.flatMap((s) => (s.kind === 'assign' && /PASSWORD|SECRET|TOKEN/.test(s.name) && s.value ? [s.value] : []));
  const gitUrls = statements.flatMap((s) => (s.kind === 'plugin' ? [s.url] : []));

  const profileList = (name: string) => join(profile.filtersDir, name);
  // What the user names to include (--include-list or --regex) replaces the profile's include
  // list; stestr would OR them, and `--regex one_test` would then run the whole selection.
  const userIncludes = options.includeList.length > 0 || Boolean(options.regex?.trim());
  const include = userIncludes
    ? options.includeList.map((path) => loadFilterList(path, '--include-list'))
    : existsSync(profileList('include.txt')) ? [loadFilterList(profileList('include.txt'))] : [];
  const exclude = [
    ...(existsSync(profileList('exclude.txt')) ? [loadFilterList(profileList('exclude.txt'))] : []),
    ...options.excludeList.map((path) => loadFilterList(path, '--exclude-list')),
  ];
  const regexes = (options.regex ?? '').split(/\s+/).filter(Boolean).map((source) => ({ source, regex: compileRule(source, '--regex'), comment: undefined, where: '--regex' }));

  return {
    runId,
    profile,
    localConf: resolved.text,
    localrc: extractLocalrc(resolved.conf),
    mergeScripts: { postConfig: renderMergeScript(resolved.conf, 'post-config'), testConfig: renderMergeScript(resolved.conf, 'test-config') },
    warnings: resolved.warnings.map((w) => `${w.where}: ${w.message}`),
    secrets,
    image: {
      contextDir: dockerfileDir(profile.stack),
      repository: `dockenstack-${profile.stack}`,
      buildArgs: { BASE_IMAGE: baseImage.tag, ...(profile.stack === 'devstack' ? devstackSource() : {}) },
      baseImage,
      devstackCheckout: profile.stack === 'devstack' ? devstackCheckout() : undefined,
    },
    filters: { include, exclude, regexes, regexText: options.regex },
    knownFailures: loadKnownFailures(profileList('known-failures.txt')),
    concurrency,
    voting: options.voting,
    threshold,
    onlyRegressions: options.onlyRegressions,
    keep: options.keep,
    reportsDir,
    baselineDir,
    retryFailed,
    shard,
    timingsDir,
    engines,
    driverSrc,
    driverBind,
    timeoutsMs: Object.fromEntries(Object.entries(timeouts).map(([stage, minutes]) => [stage, minutes * 60_000])) as Record<TimedStage, number>,
    gitUrls,
  };
}

/** Where DevStack comes from: a pinned ref of its repository (DOCKENSTACK_DEVSTACK_REPO/_REF). */
function devstackSource(): Record<string, string> {
  return {
    DEVSTACK_REPO: process.env.DOCKENSTACK_DEVSTACK_REPO ?? 'https://opendev.org/openstack/devstack',
    DEVSTACK_REF: process.env.DOCKENSTACK_DEVSTACK_REF ?? 'master',
  };
}

/** A local DevStack checkout to build with instead (DOCKENSTACK_DEVSTACK_CHECKOUT). */
function devstackCheckout(): string | undefined {
  const path = process.env.DOCKENSTACK_DEVSTACK_CHECKOUT;
  if (!path) return undefined;
  const dir = requireDirectory('DOCKENSTACK_DEVSTACK_CHECKOUT', path);
  if (!existsSync(join(dir, 'stack.sh'))) throw new UsageError(`${path} is not a DevStack checkout (no stack.sh)`, { where: 'DOCKENSTACK_DEVSTACK_CHECKOUT' });
  return dir;
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

/** The plan as --dry-run prints it: every input, secrets masked. */
export function describePlan(plan: GatePlan, testIds?: readonly string[], selectedCount?: number, shardCount?: number): string {
  const mask = (text: string) => plan.secrets.reduce((out, secret) => out.split(secret).join('<generated>'), text);
  const lists = (lists: readonly FilterList[]) => (lists.length ? lists.map((l) => `${l.path} (${l.rules.length} regexes)`).join(', ') : 'none');
  const lines = [
    `run id        ${plan.runId}`,
    `profile       ${plan.profile.name}: ${plan.profile.description}`,
    `image         ${plan.image.repository}:<hash of inputs>, built from ${plan.image.contextDir} with ${Object.entries(plan.image.buildArgs).map(([k, v]) => `${k}=${v}`).join(' ')}`,
    `base image    ${plan.image.baseImage.tag} (when no registry has it: debootstrap of Debian ${plan.image.baseImage.suite} + docker import)`,
    `container     dockenstack-${plan.runId}, privileged (capability fallback when refused)${plan.driverBind ? `, driver source mounted ${plan.driverBind}` : ''}`,
    `network       ${plan.profile.needsNetwork ? `needs PyPI and ${plan.gitUrls.join(', ') || "DevStack's git host"}` : "Debian's mirror only"}`,
    `tempest       include ${lists(plan.filters.include)}; exclude ${lists(plan.filters.exclude)}${plan.filters.regexText ? `; regex ${plan.filters.regexText}` : ''}; concurrency ${plan.concurrency}${plan.shard ? `; shard ${plan.shard.index}/${plan.shard.count}` : ''}${plan.timingsDir ? `, balanced by the timings of ${plan.timingsDir}` : ''}`,
    ...(plan.engines.length ? [`engines       ${plan.engines.map((engine, i) => `shard ${i + 1}/${plan.engines.length} on ${engine}`).join('; ')}, then merged`] : []),
    ...(testIds && selectedCount !== undefined
      ? [`selection     ${selectedCount} of the ${testIds.length} tests of Tempest ${plan.profile.release.tempest} (Debian ${plan.profile.release.suite}'s)${shardCount !== undefined ? `; ${shardCount} in this shard` : ''}`]
      : []),
    `known failures ${plan.knownFailures.length}`,
    `verdict       ${plan.voting ? 'voting' : 'non-voting'}, threshold ${(plan.threshold * 100).toFixed(0)} %${plan.retryFailed ? `, failed tests retried ${plan.retryFailed}x` : ''}${plan.baselineDir ? `, compared with ${plan.baselineDir}` : ''}`,
    `reports       ${join(plan.reportsDir, plan.runId)}${plan.keep ? ' (container kept)' : ''}`,
    `commands      ${plan.profile.stack === 'distro' ? 'dockenstack-stack; dockenstack-verify; dockenstack-tempest --include-list … --exclude-list …; dockenstack-collect' : "su - stack -c 'cd /opt/stack/devstack && ./stack.sh'; tempest run --include-list … --exclude-list …"}`,
    '',
    '--- local.conf ---',
    mask(plan.localConf).trimEnd(),
  ];
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

export function readTestIdsFixture(path: string): string[] | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((line) => line.startsWith('tempest.')) : undefined;
}
