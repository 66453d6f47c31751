// The gate's command-line options, parsed once into typed values. Every bad value is a
// UsageError naming the option, so nothing is built on input that cannot work.
import { UsageError } from '../errors.ts';
import { DEFAULT_TIMEOUT_MINUTES, TIMED_STAGES, type TimedStage } from '../run/stages.ts';

export function parsePositiveInteger(option: string, text: string, { max }: { max: number }): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`'${text}' is not a whole number`, { where: option });
  const value = Number(text);
  if (value < 1 || value > max) throw new UsageError(`${value} is out of range (1 to ${max})`, { where: option });
  return value;
}

export function parseNonNegativeInteger(option: string, text: string, { max }: { max: number }): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`'${text}' is not a whole number`, { where: option });
  const value = Number(text);
  if (value > max) throw new UsageError(`${value} is out of range (0 to ${max})`, { where: option });
  return value;
}

/** `90`, `90%` or `0.9` → 0.9. */
export function parseThreshold(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  if (!match) throw new UsageError(`'${text}' is not a pass rate (use 90, 90% or 0.9)`, { where: '--threshold' });
  const number = Number(match[1]);
  const rate = match[2] === '%' || number > 1 ? number / 100 : number;
  if (rate < 0 || rate > 1) throw new UsageError(`'${text}' is not between 0 and 100 %`, { where: '--threshold' });
  return rate;
}

/** `--timeout stack=30 --timeout tempest=90`: minutes per stage; 0 disables a stage's limit. */
export function parseTimeouts(specs: readonly string[]): Record<TimedStage, number> {
  const minutes: Record<TimedStage, number> = { ...DEFAULT_TIMEOUT_MINUTES };
  for (const spec of specs) {
    const match = /^([a-z]+)=(\d+(?:\.\d+)?)$/.exec(spec);
    if (!match) throw new UsageError(`'${spec}' is not STAGE=MINUTES (e.g. stack=30)`, { where: '--timeout' });
    const stage = match[1] as TimedStage;
    if (!TIMED_STAGES.includes(stage)) {
      throw new UsageError(`unknown stage '${match[1]}'`, { where: '--timeout', hint: `stages with a timeout: ${TIMED_STAGES.join(', ')}` });
    }
    minutes[stage] = Number(match[2]);
  }
  return minutes;
}

/** `--only-regressions` judges what is new since a baseline: without one it cannot work (gate, tempest, report and merge alike). */
export function requireBaselineForRegressions(onlyRegressions: boolean, baseline: string | undefined): void {
  if (onlyRegressions && baseline === undefined) throw new UsageError('needs --baseline DIR: it judges only what is new since a baseline', { where: '--only-regressions' });
}
