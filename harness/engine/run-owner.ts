// Who owns a run: the host, process and start time of the dockenstack process that made its
// container, recorded as labels on it. A run whose owner still runs is live, and `doctor` and
// `clean` leave it alone: a gate's container is no leftover while the gate goes on.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { LABEL_OWNER_HOST, LABEL_OWNER_PID, LABEL_OWNER_STARTED } from './labels.ts';

export interface RunOwner {
  readonly host: string;
  readonly pid: number;
  /** When the owner made the run's container (ISO 8601, UTC). */
  readonly started: string;
}

/** `live`: the owner runs; `gone`: it ended; `unknown`: another host's, which cannot be asked. */
export type OwnerState = 'live' | 'gone' | 'unknown';

/** What is asked of this machine to tell whether an owner runs. */
export interface OwnerProbe {
  readonly host: string;
  /** When the process with this id started (epoch ms), or undefined when there is none. */
  processStart(pid: number): number | undefined;
}

export function currentOwner(now: Date = new Date()): RunOwner {
  return { host: hostname(), pid: process.pid, started: now.toISOString() };
}

export function ownerLabels(owner: RunOwner): Record<string, string> {
  return { [LABEL_OWNER_HOST]: owner.host, [LABEL_OWNER_PID]: String(owner.pid), [LABEL_OWNER_STARTED]: owner.started };
}

/** The owner a resource's labels record, if they record one whole. */
export function ownerOf(labels: Readonly<Record<string, string>> | undefined): RunOwner | undefined {
  const host = labels?.[LABEL_OWNER_HOST];
  const pid = Number(labels?.[LABEL_OWNER_PID]);
  const started = labels?.[LABEL_OWNER_STARTED];
  if (!host || !Number.isInteger(pid) || pid <= 0 || !started || Number.isNaN(Date.parse(started))) return undefined;
  return { host, pid, started };
}

/**
 * Whether the owner still runs. A process with its id that started after the run did is another
 * process that was given the same id: the owner is gone.
 */
export function ownerState(owner: RunOwner, probe: OwnerProbe = localProbe()): OwnerState {
  if (owner.host !== probe.host) return 'unknown';
  const start = probe.processStart(owner.pid);
  if (start === undefined) return 'gone';
  // Start times from /proc are to the clock tick; a second of slack covers the rounding.
  return start <= Date.parse(owner.started) + 1000 ? 'live' : 'gone';
}

/** This machine, read from /proc (Linux): a process's start is its boot-relative start tick plus the boot time. */
export function localProbe(): OwnerProbe {
  return {
    host: hostname(),
    processStart(pid) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ticks = Number(fields[19]);
        const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
        // USER_HZ is 100 on every Linux architecture Docker runs on.
        return boot * 1000 + (ticks / 100) * 1000;
      } catch {
        return undefined;
      }
    },
  };
}
