// Issue 17: colour on a terminal, none when piped; NO_COLOR and FORCE_COLOR respected. One pure
// decision, so every combination is checked here.
import { describe, expect, it } from 'vitest';
import { colourWanted, createPalette } from '../../../harness/progress/colour.ts';
import { PlainProgress } from '../../../harness/progress/console-progress.ts';

describe('colour', () => {
  it('colours a terminal and not a pipe', () => {
    expect(colourWanted(true, {})).toBe(true);
    expect(colourWanted(false, {})).toBe(false);
  });

  it('NO_COLOR with any non-empty value turns it off; an empty one does not', () => {
    expect(colourWanted(true, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted(true, { NO_COLOR: 'yes' })).toBe(false);
    expect(colourWanted(true, { NO_COLOR: '' })).toBe(true);
  });

  it('FORCE_COLOR colours a pipe, wins over NO_COLOR, and 0 or false turns colour off', () => {
    expect(colourWanted(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourWanted(false, { FORCE_COLOR: '' })).toBe(true);
    expect(colourWanted(false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(colourWanted(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourWanted(true, { FORCE_COLOR: 'false' })).toBe(false);
  });

  it('a dumb terminal gets none', () => {
    expect(colourWanted(true, { TERM: 'dumb' })).toBe(false);
  });

  it('paints tones only when enabled', () => {
    expect(createPalette(true).paint('FAILED', 'fail')).toBe('\u001b[31mFAILED\u001b[39m');
    expect(createPalette(true).paint('PASSED', 'pass')).toBe('\u001b[32mPASSED\u001b[39m');
    expect(createPalette(true).paint('plain')).toBe('plain');
    expect(createPalette(false).paint('FAILED', 'fail')).toBe('FAILED');
  });

  it('plain progress lines colour the verdict and failures only with a palette that wants it', () => {
    let out = '';
    const now = () => new Date('2026-11-30T08:00:00Z');
    new PlainProgress({ write: (text: string) => (out += text) }, now, createPalette(true)).note('FAIL tempest.api.x', 'fail');
    new PlainProgress({ write: (text: string) => (out += text) }, now).note('FAIL tempest.api.y', 'fail');
    expect(out).toBe('[08:00:00] \u001b[31mFAIL tempest.api.x\u001b[39m\n[08:00:00] FAIL tempest.api.y\n');
  });
});
