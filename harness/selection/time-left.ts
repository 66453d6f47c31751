// How long a Tempest run has left, estimated from what each test cost an earlier run (timings.ts's
// costsOf: its duration and the wait before it on its worker): the seconds of the selected tests
// not yet done, spread over the workers. Tests the earlier run
// did not time count at the mean of those it did. Ids are matched without their `[id-…,tag]`
// attributes, which a console line and a stream may write differently. Once a tenth of the work is
// done, the estimate follows this run's own pace: a machine twice as busy as the earlier run's
// takes about twice as long for the rest too (an estimate from the earlier durations alone ran 26 %
// low on a loaded machine).
export class TimeLeft {
  private readonly pending = new Map<string, number>();
  private secondsPending = 0;
  private secondsDone = 0;
  private readonly secondsSelected: number;

  /** Undefined when the earlier run timed none of the selected tests: nothing to estimate from. */
  static of(selected: readonly string[], timings: ReadonlyMap<string, number>, workers: number): TimeLeft | undefined {
    const known = new Map<string, number>();
    for (const [id, seconds] of timings) known.set(bareId(id), seconds);
    const timed = selected.map((id) => known.get(bareId(id))).filter((seconds): seconds is number => seconds !== undefined);
    if (!timed.length) return undefined;
    const mean = timed.reduce((sum, seconds) => sum + seconds, 0) / timed.length;
    return new TimeLeft(selected, known, mean, Math.max(1, workers));
  }

  private constructor(selected: readonly string[], known: ReadonlyMap<string, number>, mean: number, private readonly workers: number) {
    for (const id of selected) {
      const seconds = known.get(bareId(id)) ?? mean;
      this.pending.set(bareId(id), seconds);
      this.secondsPending += seconds;
    }
    this.secondsSelected = this.secondsPending;
  }

  /** A test ended (whatever its outcome): its time is no longer ahead. */
  done(id: string): void {
    const key = bareId(id);
    const seconds = this.pending.get(key);
    if (seconds === undefined) return;
    this.pending.delete(key);
    this.secondsPending -= seconds;
    this.secondsDone += seconds;
  }

  /** Seconds of work left, with the workers running side by side. */
  get seconds(): number {
    // The running sum drifts by float rounding: nothing pending is exactly nothing left.
    return this.pending.size ? Math.max(0, this.secondsPending) / this.workers : 0;
  }

  /**
   * The seconds left at this run's pace so far: `elapsed` is the wall time since Tempest started.
   * Before a tenth of the work is done the pace says little (a class's set-up lands on its first
   * test), so the earlier durations stand alone.
   */
  secondsAt(elapsed: number): number {
    const expectedSoFar = this.secondsDone / this.workers;
    if (this.secondsDone < this.secondsSelected / 10 || expectedSoFar <= 0) return this.seconds;
    return this.seconds * (elapsed / expectedSoFar);
  }
}

function bareId(id: string): string {
  const bracket = id.indexOf('[');
  return bracket === -1 ? id : id.slice(0, bracket);
}
