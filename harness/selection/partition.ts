// Splits a selection into N disjoint shards. With an earlier run's timings the shards are
// balanced by duration (longest first onto the least-loaded shard; a test without a timing gets
// the median); without, each test goes by a stable hash of its id, so adding tests never moves
// the others.
import { UsageError } from '../errors.ts';

export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

export function parseShardSpec(text: string): ShardSpec {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) throw new UsageError(`'${text}' is not I/N (e.g. 2/4)`, { where: '--shard' });
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index < 1 || index > count) throw new UsageError(`'${text}': I must be between 1 and N, and N at least 1`, { where: '--shard' });
  return { index, count };
}

export function partitionTests(ids: readonly string[], spec: ShardSpec, timings?: ReadonlyMap<string, number>): string[] {
  return assignShards(ids, spec.count, timings)[spec.index - 1] ?? [];
}

export function assignShards(ids: readonly string[], count: number, timings?: ReadonlyMap<string, number>): string[][] {
  const shards: string[][] = Array.from({ length: count }, () => []);
  if (!timings || timings.size === 0) {
    for (const id of ids) shards[fnv1a(id) % count]?.push(id);
    return shards;
  }
  const known = ids.map((id) => timings.get(id)).filter((t): t is number => t !== undefined).sort((a, b) => a - b);
  const median = known.length ? (known[Math.floor(known.length / 2)] ?? 0) : 1;
  const weighted = ids.map((id) => ({ id, seconds: timings.get(id) ?? median }));
  weighted.sort((a, b) => b.seconds - a.seconds || (a.id < b.id ? -1 : 1));
  const loads = new Array<number>(count).fill(0);
  for (const { id, seconds } of weighted) {
    let lightest = 0;
    for (let i = 1; i < count; i++) if ((loads[i] ?? 0) < (loads[lightest] ?? 0)) lightest = i;
    shards[lightest]?.push(id);
    loads[lightest] = (loads[lightest] ?? 0) + seconds;
  }
  const order = new Map(ids.map((id, i) => [id, i]));
  for (const shard of shards) shard.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return shards;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** An include list naming exactly these ids (stestr's format: regexes, anchored). */
export function exactIdList(ids: readonly string[]): string {
  return ids.map((id) => `^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`).join('\n') + '\n';
}
