// The runs of a reports folder, read from each run folder's manifest.json: what `dockenstack runs`
// lists, `open` looks up, and the tempest stage takes an earlier run's timings from. A folder
// whose manifest is missing or damaged is listed as such (a run cut short leaves one), never fatal.
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readTextInput } from '../input-paths.ts';
import { printable } from '../progress/terminal-text.ts';

export interface ListedRun {
  readonly id: string;
  readonly dir: string;
  /** Why the manifest could not be read; undefined when it was. */
  readonly problem: string | undefined;
  readonly profile: string | null;
  /** null: no verdict (a report of a bare stream without one, or an unreadable manifest). */
  readonly verdict: 'passed' | 'failed' | null;
  readonly voting: boolean | null;
  readonly passed: number | null;
  readonly failed: number | null;
  /** Of `failed`, the known failures the verdict did not count (null: a manifest from before it said). */
  readonly knownFailed: number | null;
  readonly skipped: number | null;
  /** ISO time the run began; for a manifest older than that field, when it was written. */
  readonly startedAt: string | null;
  readonly seconds: number | null;
  /** Whether the folder holds the run's subunit stream (what timings and baselines read). */
  readonly hasStream: boolean;
}

const RESERVED = new Set(['latest']);

/** Newest first; a run without a time last. */
export async function listRuns(reportsDir: string): Promise<ListedRun[]> {
  const root = resolve(reportsDir);
  if (!existsSync(root)) return [];
  const runs: ListedRun[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || RESERVED.has(entry.name) || entry.name.startsWith('.')) continue;
    const dir = join(root, entry.name);
    const manifestPath = join(dir, 'manifest.json');
    const hasStream = existsSync(join(dir, 'tempest.subunit'));
    if (!existsSync(manifestPath)) {
      runs.push(unreadable(entry.name, dir, 'no manifest.json (a run still going, or one stopped before its report)', hasStream));
      continue;
    }
    let text: string;
    try {
      // Bounded: a FIFO would block the listing, /dev/zero grow without end.
      text = readTextInput(manifestPath, { option: 'manifest.json', what: 'a manifest', label: 'it' });
    } catch (error) {
      runs.push(unreadable(entry.name, dir, `manifest.json unreadable: ${printable((error as Error).message)}`, hasStream));
      continue;
    }
    const written = await stat(manifestPath).then((s) => s.mtime.toISOString(), () => null);
    runs.push(parseManifest(entry.name, dir, text, written, hasStream));
  }
  return runs.sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '') || b.id.localeCompare(a.id));
}

/** One run from its manifest's text; `written` is the manifest's mtime, the time of an older manifest. */
export function parseManifest(id: string, dir: string, text: string, written: string | null, hasStream: boolean): ListedRun {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    return unreadable(id, dir, `manifest.json is damaged: ${printable((error as Error).message)}`, hasStream);
  }
  if (!isRecord(manifest)) return unreadable(id, dir, 'manifest.json is damaged: not a JSON object', hasStream);
  const totals = isRecord(manifest.totals) ? manifest.totals : {};
  const verdict = isRecord(manifest.verdict) ? manifest.verdict : undefined;
  return {
    id,
    dir,
    problem: undefined,
    profile: typeof manifest.profile === 'string' ? manifest.profile : null,
    verdict: typeof verdict?.passed === 'boolean' ? (verdict.passed ? 'passed' : 'failed') : null,
    voting: typeof verdict?.voting === 'boolean' ? verdict.voting : null,
    passed: numberOrNull(totals.passed),
    failed: numberOrNull(totals.failed),
    knownFailed: Array.isArray(verdict?.knownFailed) ? verdict.knownFailed.length : null,
    skipped: numberOrNull(totals.skipped),
    startedAt: typeof manifest.startedAt === 'string' ? manifest.startedAt : written,
    seconds: numberOrNull(manifest.seconds),
    hasStream,
  };
}

/** The newest readable run of `profile` with a stream, other than `except`: whose timings estimate a new run's. */
export async function latestRunOf(reportsDir: string, profile: string, except?: string): Promise<ListedRun | undefined> {
  return (await listRuns(reportsDir)).find((run) => run.problem === undefined && run.profile === profile && run.hasStream && run.id !== except);
}

function unreadable(id: string, dir: string, problem: string, hasStream: boolean): ListedRun {
  return { id, dir, problem, profile: null, verdict: null, voting: null, passed: null, failed: null, knownFailed: null, skipped: null, startedAt: null, seconds: null, hasStream };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
