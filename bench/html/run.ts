// index.html on runs of growing size, in Debian's chromium (playwright-core): how long making the
// page takes, its size, how long the page takes to open (its script done), and how long a status
// filter and a search take to redraw the list. The real 837-test distro stream, then copies of it
// (renamed, shifted: test/support/enlarge-stream.ts) to about 10,000 and 50,000 tests; the ratios
// to the real run show how each grows.
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { chromium } from 'playwright-core';
import { renderHtmlReport } from '../../harness/report/html.ts';
import { collectResults } from '../../harness/results/collect.ts';
import type { SubunitEvent } from '../../harness/subunit/packet.ts';
import { parseSubunit } from '../../harness/subunit/parse-stream.ts';
import { copyOfStream } from '../../test/support/enlarge-stream.ts';

const root = join(import.meta.dirname, '..', '..');
const source = join(root, 'test', 'fixtures', 'subunit', 'distro-full.subunit.gz');
const work = '/tmp/dockenstack-bench-html';
mkdirSync(work, { recursive: true });

const packets: SubunitEvent[] = [];
for await (const packet of parseSubunit(createReadStream(source).pipe(createGunzip()))) if (packet.kind === 'event') packets.push(packet);
const span = 900_000;

interface Figures {
  tests: number;
  renderMs: number;
  mib: number;
  openMs: number;
  filterMs: number;
  searchMs: number;
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const rows: Figures[] = [];
try {
  for (const copies of [1, 12, 60]) {
    const results = await collectResults(parseSubunit((async function* () {
      for (let copy = 0; copy < copies; copy++) yield* copyOfStream(packets, copy, span);
    })()));
    const started = performance.now();
    const html = renderHtmlReport(results, { title: `${copies} copies` });
    const renderMs = performance.now() - started;
    const file = join(work, `copies-${copies}.html`);
    writeFileSync(file, html);
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await tab.goto(`file://${file}`);
    const timing = await tab.evaluate<{ open: number; filter: number; search: number; tests: number }>(`(async () => {
      const open = performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;
      const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
      const chip = document.querySelector('#status-filters [data-status="skipped"]');
      const search = document.getElementById('search');
      const filters = [];
      const searches = [];
      // Five rounds each, the median kept: the machine is shared.
      for (let round = 0; round < 5; round++) {
        let t = performance.now();
        chip.click();
        document.body.offsetHeight;
        filters.push(performance.now() - t);
        chip.click();
        await frame();
        t = performance.now();
        search.value = round % 2 ? 'test_list' : 'test_create';
        search.dispatchEvent(new Event('input'));
        await frame();
        searches.push(performance.now() - t);
      }
      const filter = median(filters);
      const took = median(searches);
      search.value = '';
      search.dispatchEvent(new Event('input'));
      await frame();
      return { open, filter, search: took, tests: Number(document.getElementById('list-count').textContent.split(' of ')[1].split(' ')[0]) };
    })()`);
    rows.push({ tests: timing.tests, renderMs, mib: Buffer.byteLength(html) / 1024 / 1024, openMs: timing.open, filterMs: timing.filter, searchMs: timing.search });
    await tab.close();
  }
} finally {
  await browser.close();
}
const base = rows[0] as Figures;
console.log('tests   make page   size      open (x real)      status filter   search (incl. 2 frames), medians of 5');
for (const r of rows) {
  console.log(
    `${String(r.tests).padStart(6)}  ${r.renderMs.toFixed(0).padStart(6)} ms  ${r.mib.toFixed(2).padStart(6)} MiB  ${r.openMs.toFixed(0).padStart(6)} ms (${(r.openMs / base.openMs).toFixed(1)}x)  ${r.filterMs.toFixed(1).padStart(8)} ms  ${r.searchMs.toFixed(1).padStart(8)} ms`,
  );
}
