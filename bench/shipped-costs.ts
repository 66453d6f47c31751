// Makes a profile's shipped test costs (tempest-filters/<profile>/timings.txt, what a gate balances
// Tempest's workers by when it has no earlier run) from real runs' report folders: each test's cost
// as stestr keys it (schedulingCosts), from the first run; a test it did not time from the next
// run that did, scaled to the first one's pace (fillCosts).
//   npx tsx bench/shipped-costs.ts RUN [RUN…] > tempest-filters/distro/timings.txt
import { join } from 'node:path';
import { readResults } from '../harness/results/read-results.ts';
import { fillCosts, formatCostsFile } from '../harness/selection/costs-file.ts';
import { schedulingCosts } from '../harness/selection/time-breakdown.ts';

const runs = process.argv.slice(2);
if (runs.length === 0) throw new Error('usage: npx tsx bench/shipped-costs.ts RUN [RUN…] > tempest-filters/PROFILE/timings.txt');
let costs = new Map<string, number>();
for (const run of runs) {
  const results = await readResults(join(run, 'tempest.subunit'));
  if (results.damageCount) throw new Error(`${run}: its stream is damaged; make the costs from a whole one`);
  costs = costs.size ? fillCosts(costs, schedulingCosts(results)) : schedulingCosts(results);
}
process.stdout.write('# test costs in seconds, as stestr keys them: see tempest-filters/NOTES.md for the runs they come from\n');
process.stdout.write(formatCostsFile(costs));
