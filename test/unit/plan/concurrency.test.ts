import { describe, expect, it } from 'vitest';
import { defaultConcurrency } from '../../../harness/plan/concurrency.ts';

describe('defaultConcurrency', () => {
  it('gives one worker more than the cores (the services wait as much as they compute)', () => {
    expect(defaultConcurrency(2)).toBe(3);
    expect(defaultConcurrency(3)).toBe(4);
    expect(defaultConcurrency(6)).toBe(7);
  });
  it('never goes below two workers, even on one core or a nonsense count', () => {
    expect(defaultConcurrency(1)).toBe(2);
    expect(defaultConcurrency(0)).toBe(2);
    expect(defaultConcurrency(-4)).toBe(2);
    expect(defaultConcurrency(Number.NaN)).toBe(2);
  });
  it('stops at eight, where the single-host services are the bottleneck', () => {
    expect(defaultConcurrency(7)).toBe(8);
    expect(defaultConcurrency(8)).toBe(8);
    expect(defaultConcurrency(64)).toBe(8);
  });
});
