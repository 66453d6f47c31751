import { describe, expect, it } from 'vitest';
import { PlainProgress } from '../../../harness/progress/console-progress.ts';
import { formatElapsed, formatStatusLine, formatTimestamped } from '../../../harness/progress/progress-sink.ts';
import { STAGES, stageStep } from '../../../harness/run/stages.ts';

describe('progress', () => {
  it('formats elapsed time and timestamped lines for logs', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(754_900)).toBe('12:34');
    expect(formatTimestamped(new Date('2026-11-22T12:03:04Z'), 'stack', 'starting keystone')).toBe('[12:03:04] stack: starting keystone');
  });

  it('keeps the terminal status line within the width, without escape codes from the output', () => {
    const line = formatStatusLine('stack', 65_000, `\u001b[31mred\u001b[0m ${'x'.repeat(200)}`, 60);
    expect(line.startsWith('stack 1:05 red xxx')).toBe(true);
    expect(line.length).toBeLessThanOrEqual(59);
    expect(line.endsWith('…')).toBe(true);
  });

  it('writes plain timestamped lines when not on a terminal', () => {
    let out = '';
    let now = new Date('2026-11-22T10:00:00Z');
    const progress = new PlainProgress({ write: (text: string) => (out += text) }, () => now);
    progress.stageStarted('tempest');
    progress.line('[1/78] SUCCESS tempest.api.x');
    now = new Date('2026-11-22T10:05:30Z');
    progress.stageEnded('tempest', 'done');
    expect(out).toBe('[10:00:00] tempest: started\n[10:00:00] tempest: [1/78] SUCCESS tempest.api.x\n[10:05:30] tempest: done (5:30)\n');
  });

  it('names the stage with its place in the pipeline when it starts: [4/9] stack', () => {
    let out = '';
    const progress = new PlainProgress({ write: (text: string) => (out += text) }, () => new Date('2026-11-30T08:00:00Z'));
    progress.stageStarted('stack', stageStep('stack'));
    expect(out).toBe('[08:00:00] [4/9] stack: started\n');
    expect(STAGES).toHaveLength(9);
  });
});
