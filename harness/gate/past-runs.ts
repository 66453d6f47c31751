// The runs a reports folder remembers: a gate's or `tempest`'s (manifest.json: its verdict, or
// the stage that stopped it) and a stack `up` made that is gone now (stack.json only).
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextInput } from '../input-paths.ts';
import { printable } from '../progress/terminal-text.ts';
import { UP_RECORD } from './up-stack.ts';

export interface RunRow {
  readonly runId: string;
  readonly profile: string;
  readonly state: string;
  /** When it started (epoch ms), if known. */
  readonly atMs: number | undefined;
}

interface ManifestFacts {
  readonly profile?: string | null;
  readonly verdict?: { readonly passed: boolean } | null;
  readonly stages?: readonly { readonly name: string; readonly status: string }[];
}

export async function readPastRuns(reportsDir: string): Promise<RunRow[]> {
  if (!existsSync(reportsDir)) return [];
  const rows: RunRow[] = [];
  for (const entry of await readdir(reportsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = join(reportsDir, entry.name);
    const row = await pastRun(folder, entry.name).catch(() => undefined);
    if (row) rows.push(row);
  }
  return rows.sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0));
}

async function pastRun(folder: string, runId: string): Promise<RunRow | undefined> {
  const atMs = (await stat(folder)).birthtimeMs || (await stat(folder)).mtimeMs;
  if (existsSync(join(folder, 'manifest.json'))) {
    // Bounded (a FIFO would block ls); a folder that cannot be read is left out.
    const manifest = JSON.parse(readTextInput(join(folder, 'manifest.json'), { option: 'manifest.json', what: 'a manifest' })) as ManifestFacts;
    return { runId, profile: manifest.profile ?? '-', state: runState(manifest), atMs };
  }
  if (existsSync(join(folder, UP_RECORD))) {
    const record = JSON.parse(readTextInput(join(folder, UP_RECORD), { option: UP_RECORD, what: 'a stack record' })) as { profile?: string; upAt?: string };
    return { runId, profile: record.profile ?? '-', state: 'down', atMs: record.upAt ? Date.parse(record.upAt) : atMs };
  }
  return undefined;
}

/** The stage that stopped a run, or its verdict. */
function runState(manifest: ManifestFacts): string {
  const stopped = manifest.stages?.find((s) => s.status !== 'passed' && s.status !== 'skipped');
  if (stopped) return `${stopped.status} at ${stopped.name}`;
  if (!manifest.verdict) return 'no verdict';
  return manifest.verdict.passed ? 'passed' : 'failed';
}

export function formatRunTable(rows: readonly RunRow[], nowMs: number): string {
  if (!rows.length) return 'no stacks and no past runs\n';
  // Folder names and a manifest's strings, shown printable: a hostile one could drive the terminal.
  const table = [['RUN ID', 'PROFILE', 'STATE', 'AGE'], ...rows.map((r) => [printable(r.runId), printable(r.profile), printable(r.state), r.atMs === undefined ? '-' : formatAge(nowMs - r.atMs)])];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  return `${table.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  ')).join('\n')}\n`;
}

export function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h${minutes % 60 ? `${minutes % 60}m` : ''}` : `${Math.floor(hours / 24)}d`;
}
