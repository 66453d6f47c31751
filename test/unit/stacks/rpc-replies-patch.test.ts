// dockerfiles/distro/lib/rpc-replies-without-half-second.py, the image build's change to
// oslo.messaging's wait for an RPC reply, run by real python3 on modules shaped like the two that
// Debian ships: trixie's (a non-blocking look, then time.sleep(0.5)) and bookworm's (a blocking
// get). The modules are written here, not copied; the image build runs the script on the real
// one and fails when it finds neither shape.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '..', '..', '..', 'dockerfiles', 'distro', 'lib', 'rpc-replies-without-half-second.py');

const POLLING = `import queue
import time


class MessagingTimeout(Exception):
    pass


class Watch:
    def __init__(self, looks):
        self.looks = looks

    def expired(self):
        self.looks -= 1
        return self.looks < 0


class ReplyWaiters:

    def __init__(self):
        self._queues = {}

    def get(self, msg_id, timeout):
        watch = Watch(timeout)
        while not watch.expired():
            try:
                return self._queues[msg_id].get(block=False)
            except queue.Empty:
                time.sleep(0.5)
        raise MessagingTimeout(msg_id)
`;

const BLOCKING = `import queue


class ReplyWaiters:

    def get(self, msg_id, timeout):
        try:
            return self._queues[msg_id].get(block=True, timeout=timeout)
        except queue.Empty:
            raise RuntimeError(msg_id)
`;

function write(source: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'dockenstack-amqp-')), 'amqpdriver.py');
  writeFileSync(path, source);
  return path;
}

function patch(source: string): { path: string; status: number | null; out: string } {
  const path = write(source);
  const run = spawnSync('python3', [SCRIPT, path], { encoding: 'utf8' });
  return { path, status: run.status, out: run.stdout + run.stderr };
}

/** Runs `body` in python3 with the module at `path` loaded as `module`; its stdout, trimmed. */
function withModule(path: string, body: string, ...args: string[]): string {
  const run = spawnSync('python3', ['-c', `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location('amqpdriver', sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
waiters = module.ReplyWaiters()
waiters._queues['m'] = module.queue.Queue()
${body}
`, path, ...args], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim();
}

/** The pauses the get sleeps when no reply comes for `looks` looks. */
function pauses(path: string, looks: number): number[] {
  return JSON.parse(withModule(path, `
slept = []
module.time.sleep = slept.append
try:
    waiters.get('m', int(sys.argv[2]))
except module.MessagingTimeout:
    pass
print(json.dumps(slept))`, String(looks))) as number[];
}

describe('the RPC reply wait change', () => {
  it('makes a polling wait look again after 1 ms, doubling up to 50 ms, where it slept 0.5 s', () => {
    expect(pauses(write(POLLING), 3)).toEqual([0.5, 0.5, 0.5]);
    const { path, status, out } = patch(POLLING);
    expect(status, out).toBe(0);
    expect(out).toContain('instead of 0.5 s');
    expect(pauses(path, 9)).toEqual([0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.05, 0.05, 0.05]);
  });

  it('returns a reply that is there at once without pausing', () => {
    const { path } = patch(POLLING);
    const reply = withModule(path, `
module.time.sleep = lambda pause: sys.exit('paused %s' % pause)
waiters._queues['m'].put('reply')
print(waiters.get('m', 5))`);
    expect(reply).toBe('reply');
  });

  it('leaves a blocking wait (bookworm) alone, and a changed module too when run again', () => {
    const blocking = patch(BLOCKING);
    expect(blocking.status, blocking.out).toBe(0);
    expect(blocking.out).toContain('nothing to change');
    expect(readFileSync(blocking.path, 'utf8')).toBe(BLOCKING);

    const polling = patch(POLLING);
    const once = readFileSync(polling.path, 'utf8');
    const again = spawnSync('python3', [SCRIPT, polling.path], { encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('changed already');
    expect(readFileSync(polling.path, 'utf8')).toBe(once);
  });

  it('fails the image build when oslo.messaging has neither shape', () => {
    const other = patch(POLLING.replace('time.sleep(0.5)', 'time.sleep(0.25)'));
    expect(other.status).toBe(1);
    expect(other.out).toContain('oslo.messaging changed, look again');
    const gone = patch(POLLING.replace('class ReplyWaiters', 'class Waiters'));
    expect(gone.status).toBe(1);
    expect(gone.out).toContain('has no ReplyWaiters.get');
  });
});
