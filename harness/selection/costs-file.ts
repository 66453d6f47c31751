// Test costs as text: "test_id seconds" a line, ids as stestr keys its times (schedulingCosts),
// what the distro image's dockenstack-tempest seeds stestr's scheduler with. A profile ships its
// own in tempest-filters/<profile>/timings.txt, made from a real run (tempest-filters/NOTES.md),
// for a machine with no earlier run to balance Tempest's workers by. There, blank lines and lines
// starting with `#` are allowed; the file is parsed and written again before it goes to the stack.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { readTextInput } from '../input-paths.ts';
import { isTestIdLine } from './test-id-list.ts';

export const SHIPPED_COSTS_FILE = 'timings.txt';

/** A profile's shipped costs and the file they came from (named wherever they are used). */
export interface ShippedCosts {
  readonly path: string;
  readonly costs: ReadonlyMap<string, number>;
}

const SECONDS = /^\d+(\.\d+)?$/;

/** `label` names the file in an error, which gives its line too. */
export function parseCostsFile(text: string, label: string): Map<string, number> {
  const costs = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const where = `${label}:${index + 1}`;
    const fields = line.split(/\s+/);
    const [id = '', seconds = ''] = fields;
    if (fields.length !== 2 || !isTestIdLine(id) || !SECONDS.test(seconds)) {
      throw new UsageError(`'${line.slice(0, 120)}' is not "TEST_ID SECONDS" (a test id, a space, its cost in seconds, e.g. 1.250)`, { where });
    }
    if (costs.has(id)) throw new UsageError(`${id} is listed twice`, { where });
    costs.set(id, Number(seconds));
  });
  return costs;
}

/** The lines stestr is seeded from, in id order (a shipped file's diff shows what changed). */
export function formatCostsFile(costs: ReadonlyMap<string, number>): string {
  return [...costs]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, seconds]) => `${id} ${seconds.toFixed(3)}\n`)
    .join('');
}

/** `filtersDir`'s timings.txt, parsed; undefined for a profile that ships none. */
export function loadShippedCosts(filtersDir: string): ShippedCosts | undefined {
  const path = join(filtersDir, SHIPPED_COSTS_FILE);
  if (!existsSync(path)) return undefined;
  return { path, costs: parseCostsFile(readTextInput(path, { option: SHIPPED_COSTS_FILE, what: 'a test costs file' }), path) };
}

/**
 * `primary`'s costs, and `other`'s for the tests `primary` lacks, scaled to `primary`'s pace: by the
 * ratio of the two runs' sums over the tests both timed. What a shipped file is made of when one
 * run timed the selection CI runs on a quiet machine and another the whole selection on a busy
 * one: stestr compares the classes' sums, so the two runs' seconds must be worth the same.
 */
export function fillCosts(primary: ReadonlyMap<string, number>, other: ReadonlyMap<string, number>): Map<string, number> {
  let primarySum = 0;
  let otherSum = 0;
  for (const [id, seconds] of primary) {
    const theirs = other.get(id);
    if (theirs === undefined) continue;
    primarySum += seconds;
    otherSum += theirs;
  }
  const scale = primarySum > 0 && otherSum > 0 ? primarySum / otherSum : 1;
  const filled = new Map(primary);
  for (const [id, seconds] of other) if (!filled.has(id)) filled.set(id, seconds * scale);
  return filled;
}
