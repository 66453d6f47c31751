// Stopping a command inside a container: the exec's client end can be closed, but the process
// keeps running inside. So every command runs under a wrapper that records its pid, and an
// interrupt kills that pid's whole tree inside the container (TERM, then KILL after a grace).
import { randomBytes } from 'node:crypto';

const PID_DIR = '/run/dockenstack-exec';

export function wrapForKill(command: readonly string[]): { argv: string[]; pidFile: string } {
  const pidFile = `${PID_DIR}/${randomBytes(6).toString('hex')}.pid`;
  const script = `mkdir -p ${PID_DIR} && echo $$ > ${pidFile} && exec "$@"`;
  return { argv: ['/bin/sh', '-c', script, 'dockenstack-exec', ...command], pidFile };
}

/**
 * A POSIX sh script (no procps in a minimal image) that signals the recorded process and every
 * descendant, found by walking /proc/<pid>/stat's parent field.
 */
export function killInsideScript(pidFile: string, graceSeconds: number): string {
  return [
    `root=$(cat ${pidFile} 2>/dev/null) || exit 0`,
    'tree() { echo "$1"; for s in /proc/[0-9]*/stat; do p=${s#/proc/}; p=${p%/stat}; pp=$(sed "s/.*) [A-Za-z] \\([0-9]*\\).*/\\1/" "$s" 2>/dev/null); [ "$pp" = "$1" ] && tree "$p"; done; }',
    'pids=$(tree "$root")',
    'kill -TERM $pids 2>/dev/null',
    `i=0; while [ $i -lt ${Math.max(1, graceSeconds)} ]; do alive=; for p in $pids; do [ -d /proc/$p ] && alive=1; done; [ -z "$alive" ] && break; sleep 1; i=$((i+1)); done`,
    'kill -KILL $pids 2>/dev/null',
    `rm -f ${pidFile}`,
    'exit 0',
  ].join('\n');
}
