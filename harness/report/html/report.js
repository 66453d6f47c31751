// index.html's script: draws the report from the JSON in #report-data (see page-data.ts for its
// shape). Plain browser JavaScript, no library and no network. Every string from the run goes
// into the document as text (textContent, attribute values), never as markup. The list of all
// tests is virtual (only the rows in sight exist), so a 10,000-test run filters without lag.
'use strict';
(() => {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const LABEL = { failed: 'failed', known: 'known failure', crashed: 'crashed', flaky: 'flaky', passed: 'passed', skipped: 'skipped', notrun: 'not run' };
  const STOPPED = ['failed', 'timed-out', 'interrupted'];
  const ROW_HEIGHT = 28;
  const REQUEST_ID = /req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

  const tests = data.tests.map((row, index) => {
    const className = data.classes[row[0]];
    const id = row[8] ? row[1] : `${className}.${row[1]}`;
    return {
      index, id, className, name: row[1], lowerId: id.toLowerCase(), status: data.statuses[row[2]], statusIndex: row[2],
      start: row[3], duration: row[4], worker: row[5], reason: row[6], detail: row[7] < 0 ? undefined : data.details[row[7]],
    };
  });
  const byId = new Map(tests.map((test) => [test.id, test]));

  /** An element with attributes and children (strings become text nodes). */
  function h(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) if (child !== undefined && child !== null && child !== false) node.append(child);
    return node;
  }

  const seconds = (ms) => (ms < 0 ? '' : ms < 10000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`);
  const clock = (ms) => {
    const total = Math.round(ms / 1000);
    const hours = Math.floor(total / 3600);
    const rest = `${String(Math.floor((total % 3600) / 60)).padStart(hours ? 2 : 1, '0')}:${String(total % 60).padStart(2, '0')}`;
    return hours ? `${hours}:${rest}` : rest;
  };
  const badge = (status) => h('span', { class: `status s-${status}` }, h('span', { class: 'dot' }), LABEL[status]);
  const countBy = (list, key) => list.reduce((counts, item) => counts.set(key(item), (counts.get(key(item)) || 0) + 1), new Map());

  const main = document.getElementById('report');
  const toc = document.getElementById('toc');
  const sections = [];
  function section(id, title, ...children) {
    const node = h('section', { id }, h('h2', {}, title), ...children);
    sections.push([id, title]);
    main.append(node);
    return node;
  }

  // ---- One test's output: message, traceback, captured logging with its request ids linked to
  // the service-log lines that mention them.
  function renderDetail(test) {
    const facts = h('dl', {},
      h('dt', {}, 'id'), h('dd', { class: 'mono' }, test.id),
      h('dt', {}, 'status'), h('dd', {}, badge(test.status), test.detail ? ` (subunit: ${test.detail[0]})` : ''),
      test.worker >= 0 && [h('dt', {}, 'worker'), h('dd', {}, data.workers[test.worker])],
      test.start >= 0 && [h('dt', {}, 'started'), h('dd', {}, `${clock(test.start)} into the run`, data.start ? ` (${new Date(data.start + test.start).toISOString()})` : '')],
      test.duration >= 0 && [h('dt', {}, 'took'), h('dd', {}, seconds(test.duration))],
      test.reason >= 0 && [h('dt', {}, 'reason'), h('dd', {}, data.reasons[test.reason])],
      test.detail && test.detail[1] && [h('dt', {}, 'message'), h('dd', { class: 'message' }, test.detail[1])]);
    const node = h('div', { class: 'detail' }, facts);
    const attachments = test.detail ? test.detail[2] : [];
    for (const [name, text, truncated] of attachments) {
      node.append(h('h3', {}, name, truncated ? ' (its end only: the start was cut)' : ''));
      const pre = h('pre', { class: name.startsWith('pythonlogging') ? 'log' : name === 'traceback' ? 'traceback' : undefined });
      node.append(pre);
      if (name.startsWith('pythonlogging')) {
        const found = linkRequests(pre, text);
        // The ids also in one line above the log: in a long log they are far apart and off to the right.
        // Those a service refused (4xx, 5xx) are marked: they are usually the clue.
        if (found.length) {
          pre.before(h('p', { class: 'requests' }, `Requests in the service logs (${found.length}): `,
            found.map(([requestId, answer], i) => [i ? ', ' : '',
              h('button', { type: 'button', class: `req${/^[45]/.test(answer) ? ' refused' : ''}`, 'data-request': requestId, 'aria-expanded': 'false', onclick: () => toggleService(requestId, pre) }, requestId),
              answer && h('span', { class: /^[45]/.test(answer) ? 's-failed' : 'message' }, ` (${answer})`)])));
        }
      } else pre.textContent = text;
    }
    if (!attachments.length && test.status !== 'skipped') {
      node.append(h('p', { class: 'message' }, 'No captured output: the run keeps logs and tracebacks of the tests that did not pass.'));
    }
    return node;
  }

  /**
   * The log as text, each request id that has service-log lines a button showing them below. Gives
   * the ids found, in order, each with the status of the request it answered: Tempest logs
   * `Request (…): 400 POST url` and then, at debug level, the response's headers with its id.
   */
  function linkRequests(pre, text) {
    const answers = [...text.matchAll(/Request \([^)]*\): (\d{3}) ([A-Z]+) /g)];
    const found = new Map();
    let answer = -1;
    let at = 0;
    for (const match of text.matchAll(REQUEST_ID)) {
      const requestId = match[0];
      if (!data.requests[requestId]) continue;
      while (answer + 1 < answers.length && answers[answer + 1].index < match.index) answer++;
      if (!found.has(requestId)) found.set(requestId, answer < 0 ? '' : `${answers[answer][1]} ${answers[answer][2]}`);
      pre.append(text.slice(at, match.index));
      pre.append(h('button', { type: 'button', class: 'req', 'data-request': requestId, 'aria-expanded': 'false', onclick: () => toggleService(requestId, pre) }, requestId));
      at = match.index + requestId.length;
    }
    pre.append(text.slice(at));
    return [...found];
  }

  /** Shows (or folds away) a request's service-log lines right below the log. */
  function toggleService(requestId, pre) {
    const open = pre.parentNode.querySelector(`.service-lines[data-request="${requestId}"]`);
    for (const button of pre.parentNode.querySelectorAll(`.req[data-request="${requestId}"]`)) button.setAttribute('aria-expanded', String(!open));
    if (open) return open.remove();
    const lines = data.requests[requestId];
    const box = h('div', { class: 'service-lines', 'data-request': requestId }, h('h4', {}, `${requestId} in the service logs (${lines.length} line${lines.length === 1 ? '' : 's'})`));
    for (const [file, group] of byFile(lines)) {
      box.append(h('a', { href: data.files[file] }, data.files[file]));
      box.append(h('pre', {}, group.map(([, line, text]) => `${line}: ${text}`).join('\n')));
    }
    pre.after(box);
    box.scrollIntoView({ block: 'nearest' });
  }

  /** Lines grouped by file, in their order. */
  function byFile(lines) {
    const groups = new Map();
    for (const line of lines) groups.set(line[0], [...(groups.get(line[0]) || []), line]);
    return groups;
  }

  // ---- The test view: a dialog, opened from the list, a comparison table or the timeline.
  const dialog = document.getElementById('test-view');
  function openTest(index) {
    const test = tests[index];
    dialog.replaceChildren(
      h('header', {}, h('h2', { id: 'test-view-title' }, badge(test.status), ' ', test.id), h('button', { type: 'button', class: 'close', onclick: () => dialog.close() }, 'close')),
      renderDetail(test));
    if (!dialog.open) dialog.showModal();
    remember(`#test=${encodeURIComponent(test.id)}`);
  }
  dialog.addEventListener('close', () => remember(location.pathname + location.search));

  /** The open test in the address, for a link to it; a browser that refuses it for file: pages loses only that. */
  function remember(url) {
    try {
      history.replaceState(null, '', url);
    } catch {
      // nothing to do: the page works without it
    }
  }
  dialog.addEventListener('click', (event) => event.target === dialog && dialog.close());

  // ---- A stage that failed comes first: the stage, the lines that explain it, its log.
  const stopped = data.stages.find((stage) => STOPPED.includes(stage.status));
  if (stopped) {
    section('stage-failure', `Stage ${stopped.status}: ${stopped.name}`,
      stopped.message && h('p', {}, stopped.message),
      stopped.lines.length > 0 && h('pre', {}, stopped.lines.join('\n')),
      stopped.log && h('p', {}, 'Its whole output: ', h('a', { href: stopped.log }, stopped.log)));
  }

  // ---- Failures, unfolding to their output; then the known failures, folded alike.
  const failing = tests.filter((test) => test.status === 'failed' || test.status === 'crashed');
  const known = tests.filter((test) => test.status === 'known');
  const failureItem = (test) => {
    const item = h('details', { class: `failure ${test.status}`, 'data-test': test.index },
      h('summary', {}, badge(test.status), ' ', h('span', { class: 'mono' }, test.id), test.detail && test.detail[1] ? h('span', { class: 'message' }, ` — ${test.detail[1].slice(0, 300)}`) : ''));
    item.addEventListener('toggle', () => item.open && item.childElementCount === 1 && item.append(renderDetail(test)), { once: false });
    return item;
  };
  section('failures', `Failures (${failing.length})`, failing.length ? failing.map(failureItem) : h('p', {}, 'None.'),
    known.length > 0 && [h('h3', {}, `Known failures (${known.length}), not counted`), known.map(failureItem)]);

  // ---- The comparison with a baseline, a table per category.
  if (data.comparison) {
    const c = data.comparison;
    const categories = [['New failures', c.newFailures], ['Fixed', c.fixed], ['Still failing', c.stillFailing], ['Newly skipped', c.newlySkipped], ['Newly not run', c.newlyNotRun], ['Missing from this run', c.missing]]
      .filter(([, ids]) => Array.isArray(ids));
    const LIMIT = 500;
    section('comparison', `Compared with ${c.baseline}`,
      h('table', { class: 'comparison-summary' }, h('tr', {}, h('th', {}, 'category'), h('th', { class: 'num' }, 'tests')),
        categories.map(([label, ids]) => h('tr', {}, h('td', {}, ids.length ? h('a', { href: `#cmp-${label.replace(/\W+/g, '-').toLowerCase()}` }, label) : label), h('td', { class: 'num' }, ids.length)))),
      categories.filter(([, ids]) => ids.length).map(([label, ids]) => [
        h('h3', { id: `cmp-${label.replace(/\W+/g, '-').toLowerCase()}` }, `${label} (${ids.length})`),
        h('table', { class: 'comparison', 'data-category': label },
          h('tr', {}, h('th', {}, 'test'), h('th', {}, 'now')),
          ids.slice(0, LIMIT).map((id) => {
            const test = byId.get(id);
            return h('tr', {}, h('td', { class: 'mono' }, test ? h('a', { href: `#test=${encodeURIComponent(id)}`, onclick: (event) => { event.preventDefault(); openTest(test.index); } }, id) : id),
              h('td', {}, test ? badge(test.status) : 'absent'));
          }),
          ids.length > LIMIT && h('tr', {}, h('td', { colspan: 2 }, `and ${ids.length - LIMIT} more (summary.md and junit.xml have them all)`))),
      ]));
  }

  // ---- Every test: filter by status, search by id, grouped by module and class or by duration.
  const state = { query: '', statuses: new Set(), reason: -1, sort: 'group', collapsed: new Set() };
  const statusCounts = countBy(tests, (test) => test.status);
  const search = h('input', { type: 'search', id: 'search', placeholder: 'Search test ids', 'aria-label': 'Search test ids', autocomplete: 'off' });
  const chips = h('div', { class: 'chips', id: 'status-filters', role: 'group', 'aria-label': 'Statuses shown' },
    data.statuses.filter((status) => statusCounts.has(status) || ['failed', 'passed', 'skipped'].includes(status)).map((status) =>
      h('button', { type: 'button', class: `chip s-${status}`, 'data-status': status, 'aria-pressed': 'false', onclick: (event) => toggleStatus(event.currentTarget) },
        h('span', { class: 'dot' }), LABEL[status], h('span', { class: 'n' }, statusCounts.get(status) || 0))));
  const sort = h('select', { id: 'sort', 'aria-label': 'Order' },
    h('option', { value: 'group' }, 'by module and class'), h('option', { value: 'slow' }, 'slowest first'), h('option', { value: 'fast' }, 'fastest first'));
  const reasonFilter = h('span', { id: 'reason-filter', hidden: true });
  const listCount = h('span', { id: 'list-count' });
  const spacer = h('div', { class: 'spacer' });
  const viewport = h('div', { class: 'viewport', id: 'rows', role: 'list' }, spacer);
  section('tests', `All tests (${tests.length})`, h('div', { class: 'toolbar' }, search, sort), h('div', { class: 'toolbar' }, chips, reasonFilter, listCount), viewport);

  let rows = [];
  function toggleStatus(chip) {
    const status = chip.dataset.status;
    if (state.statuses.has(status)) state.statuses.delete(status);
    else state.statuses.add(status);
    chip.setAttribute('aria-pressed', String(state.statuses.has(status)));
    refresh();
  }
  let pending = 0;
  search.addEventListener('input', () => {
    // One refresh per frame however fast the typing.
    if (!pending) pending = requestAnimationFrame(() => { pending = 0; state.query = search.value.trim().toLowerCase(); refresh(); });
  });
  sort.addEventListener('change', () => { state.sort = sort.value; refresh(); });

  function shown() {
    const { query, statuses, reason } = state;
    return tests.filter((test) => (!statuses.size || statuses.has(test.status)) && (reason < 0 || test.reason === reason) && (!query || test.lowerId.includes(query)));
  }

  // Modules and their classes, sorted once: a refresh walks them and keeps what the filters let
  // through, with no sorting or grouping of its own.
  const groups = (() => {
    const modules = new Map();
    for (const test of tests) {
      const dot = test.className.lastIndexOf('.');
      const module = dot < 0 ? '' : test.className.slice(0, dot);
      if (!modules.has(module)) modules.set(module, new Map());
      const classes = modules.get(module);
      if (!classes.has(test.className)) classes.set(test.className, []);
      classes.get(test.className).push(test);
    }
    return [...modules.keys()].sort().map((module) => ({
      module,
      classes: [...modules.get(module).keys()].sort().map((className) => ({ className, label: className.slice(module ? module.length + 1 : 0) || '(no class)', members: modules.get(module).get(className) })),
    }));
  })();

  /** "12 tests: 2 failed, 10 passed" from counts per status (in DISPLAY_STATUSES' order). */
  function countsText(counts) {
    const total = counts.reduce((sum, n) => sum + n, 0);
    return `${total} test${total === 1 ? '' : 's'}: ${counts.map((n, i) => (n ? `${n} ${LABEL[data.statuses[i]]}` : '')).filter(Boolean).join(', ')}`;
  }

  /** The rows to show: headers of modules and classes with their tests, or a flat list by duration. */
  function layout(list) {
    if (state.sort !== 'group') {
      const direction = state.sort === 'slow' ? -1 : 1;
      return [...list].sort((a, b) => direction * (a.duration - b.duration)).map((test) => ({ test, flat: true }));
    }
    const kept = new Uint8Array(tests.length);
    for (const test of list) kept[test.index] = 1;
    const out = [];
    for (const { module, classes } of groups) {
      const moduleKey = `m:${module}`;
      const moduleCounts = data.statuses.map(() => 0);
      const header = { header: module || '(no module)', key: moduleKey, counts: '', level: 'module' };
      const start = out.length;
      out.push(header);
      for (const { className, label, members } of classes) {
        const counts = data.statuses.map(() => 0);
        const classKey = `c:${className}`;
        const classHeader = { header: label, key: classKey, counts: '', level: 'class' };
        const at = out.length;
        out.push(classHeader);
        for (const test of members) {
          if (!kept[test.index]) continue;
          counts[test.statusIndex]++;
          if (!state.collapsed.has(classKey)) out.push({ test });
        }
        const total = counts.reduce((sum, n) => sum + n, 0);
        if (!total) out.length = at;
        classHeader.counts = countsText(counts);
        counts.forEach((n, i) => (moduleCounts[i] += n));
      }
      if (out.length === start + 1) out.length = start;
      else if (state.collapsed.has(moduleKey)) out.length = start + 1;
      header.counts = countsText(moduleCounts);
    }
    return out;
  }

  function refresh() {
    const list = shown();
    rows = layout(list);
    listCount.textContent = `${list.length} of ${tests.length} shown`;
    reasonFilter.hidden = state.reason < 0;
    if (state.reason >= 0) {
      reasonFilter.replaceChildren(`reason: ${data.reasons[state.reason]} `,
        h('button', { type: 'button', class: 'close', onclick: () => { state.reason = -1; refresh(); } }, 'clear'));
    }
    spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    draw();
  }

  function draw() {
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - 10);
    const last = Math.min(rows.length, first + Math.ceil((viewport.clientHeight || 600) / ROW_HEIGHT) + 20);
    const nodes = [];
    for (let i = first; i < last; i++) nodes.push(rowNode(rows[i], i));
    if (!rows.length) nodes.push(h('div', { class: 'empty' }, 'No test matches.'));
    spacer.replaceChildren(...nodes);
  }
  viewport.addEventListener('scroll', () => requestAnimationFrame(draw), { passive: true });

  function rowNode(row, i) {
    const top = `top:${i * ROW_HEIGHT}px`;
    if (row.header !== undefined) {
      const collapsed = state.collapsed.has(row.key);
      return h('div', { class: `row group ${row.level}`, style: top, role: 'listitem', tabindex: 0, 'aria-expanded': String(!collapsed), onclick: () => toggleGroup(row.key), onkeydown: (e) => e.key === 'Enter' && toggleGroup(row.key) },
        h('span', { class: 'caret' }, collapsed ? '▸' : '▾'), h('span', { class: 'name', title: row.header }, row.header), h('span', { class: 'counts' }, row.counts));
    }
    const test = row.test;
    const open = () => openTest(test.index);
    return h('div', { class: `row test${row.flat ? '' : ' grouped'}`, style: top, role: 'listitem', tabindex: 0, 'data-test': test.index, 'data-status': test.status, onclick: open, onkeydown: (e) => e.key === 'Enter' && open() },
      h('span', { class: `s-${test.status}`, title: LABEL[test.status] }, h('span', { class: 'dot' })),
      h('span', { class: 'name mono', title: test.id }, row.flat ? test.id : test.name),
      test.reason >= 0 && h('span', { class: 'why', title: data.reasons[test.reason] }, data.reasons[test.reason]),
      h('span', { class: 'time' }, seconds(test.duration)));
  }

  function toggleGroup(key) {
    if (state.collapsed.has(key)) state.collapsed.delete(key);
    else state.collapsed.add(key);
    refresh();
  }

  // ---- Skips by reason; a reason narrows the list to its tests.
  const skipped = tests.filter((test) => test.status === 'skipped');
  if (skipped.length) {
    const reasons = [...countBy(skipped, (test) => test.reason)].sort((a, b) => b[1] - a[1]);
    // The most common reasons; the long tail of one-test reasons on demand.
    const FIRST = 10;
    const table = h('table', { id: 'skip-reasons' }, h('tr', {}, h('th', { class: 'num' }, 'tests'), h('th', {}, 'reason')),
      reasons.map(([reason, count], i) => h('tr', { hidden: i >= FIRST }, h('td', { class: 'num' }, count), h('td', {},
        h('a', { href: '#tests', 'data-reason': reason, onclick: () => { state.reason = reason; refresh(); } }, reason >= 0 ? data.reasons[reason] : '(no reason given)')))));
    const more = reasons.length > FIRST && h('button', { type: 'button', class: 'close', onclick: () => { for (const row of table.querySelectorAll('tr[hidden]')) row.hidden = false; more.remove(); } }, `show all ${reasons.length} reasons`);
    section('skips', `Skips by reason (${skipped.length} tests, ${reasons.length} reasons)`, table, more);
  }

  // ---- The timeline: a lane per worker on one time axis; a bar opens its test.
  const timed = tests.filter((test) => test.start >= 0 && test.duration >= 0);
  if (timed.length && data.span > 0) {
    const holder = h('div', { class: 'timeline-body' }, h('p', { class: 'message' }, 'Drawn when scrolled to.'));
    section('timeline', `Timeline (${clock(data.span)})`, holder);
    const drawTimeline = () => holder.replaceChildren(timeline(timed, data.span));
    if ('IntersectionObserver' in window) {
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) { observer.disconnect(); drawTimeline(); }
      }, { rootMargin: '200px' });
      observer.observe(holder);
    } else drawTimeline();
  }

  function timeline(list, span) {
    const SVG = 'http://www.w3.org/2000/svg';
    const lanes = new Map();
    for (const test of list) {
      if (!lanes.has(test.worker)) lanes.set(test.worker, []);
      lanes.get(test.worker).push(test);
    }
    const names = [...lanes.keys()].sort((a, b) => (data.workers[a] || '~').localeCompare(data.workers[b] || '~', undefined, { numeric: true }));
    const minimum = span / 1500;
    const grid = h('div', { class: 'timeline', role: 'group', 'aria-label': 'tests over time, per worker' });
    for (const worker of names) {
      const svg = document.createElementNS(SVG, 'svg');
      svg.setAttribute('viewBox', `0 0 ${span} 10`);
      svg.setAttribute('preserveAspectRatio', 'none');
      svg.setAttribute('data-worker', worker >= 0 ? data.workers[worker] : 'none');
      for (const test of lanes.get(worker)) {
        const rect = document.createElementNS(SVG, 'rect');
        rect.setAttribute('x', test.start);
        rect.setAttribute('y', 0);
        rect.setAttribute('width', Math.max(test.duration, minimum));
        rect.setAttribute('height', 10);
        rect.setAttribute('class', `s-${test.status}`);
        rect.setAttribute('data-test', test.index);
        const title = document.createElementNS(SVG, 'title');
        title.textContent = `${test.id} — ${LABEL[test.status]}, ${seconds(test.duration)}, at ${clock(test.start)}`;
        rect.append(title);
        svg.append(rect);
      }
      svg.addEventListener('click', (event) => event.target.dataset && event.target.dataset.test !== undefined && openTest(Number(event.target.dataset.test)));
      grid.append(h('span', { class: 'lane-name' }, worker >= 0 ? data.workers[worker] : 'no worker'), svg);
    }
    grid.append(h('span', {}), axis(span));
    const present = new Set(list.map((test) => test.status));
    const legend = h('div', { class: 'legend', 'aria-label': 'legend' }, data.statuses.filter((s) => present.has(s)).map((s) => h('span', { class: `s-${s}` }, h('span', { class: 'dot' }), LABEL[s])));
    return h('div', {}, legend, grid);
  }

  /** Ticks at a round step (seconds, minutes), about one per 90 px. */
  function axis(span) {
    const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].map((s) => s * 1000);
    const wanted = Math.max(2, Math.floor(Math.min(window.innerWidth, 1280) / 110));
    const step = STEPS.find((s) => span / s <= wanted) || STEPS[STEPS.length - 1];
    const ticks = h('div', { class: 'axis', 'aria-label': 'time since the run started' });
    for (let t = 0; t <= span; t += step) ticks.append(h('span', { style: `left:${(t / span) * 100}%`, class: t === 0 ? 'first' : undefined }, clock(t)));
    if (span % step > step / 3) ticks.append(h('span', { style: 'left:100%', class: 'last' }, clock(span)));
    return ticks;
  }

  // ---- Stages, environment and the folder's files.
  if (data.stages.length) {
    section('stages', 'Stages', h('table', {}, h('tr', {}, h('th', {}, 'stage'), h('th', {}, 'outcome'), h('th', { class: 'num' }, 'seconds')),
      data.stages.map((stage) => h('tr', {}, h('td', {}, stage.log ? h('a', { href: stage.log }, stage.name) : stage.name),
        h('td', { class: stage.status === 'passed' ? 's-passed' : stage.status === 'skipped' ? 's-skipped' : 's-failed' }, stage.status, stage.message ? `: ${stage.message}` : ''),
        h('td', { class: 'num' }, stage.seconds.toFixed(1))))));
  }
  const env = data.environment;
  if (env || data.files.length) {
    const links = env ? ['logs/', 'config/', 'manifest.json', 'junit.xml', 'summary.md'] : ['junit.xml', 'summary.md'];
    section('environment', 'Environment',
      h('p', { class: 'links' }, links.map((link, i) => [i ? ' · ' : '', h('a', { href: link }, link)])),
      env && h('table', { class: 'facts' },
        [['profile', env.profile], ['image', env.imageId], ['engine', env.engine]].filter(([, value]) => value).map(([key, value]) => h('tr', {}, h('th', {}, key), h('td', { class: 'mono' }, value)))),
      env && env.packages && env.packages.length > 0 && [h('h3', {}, 'Package versions'),
        h('table', { class: 'packages' }, env.packages.map((line) => { const [name, ...version] = line.split(' '); return h('tr', {}, h('td', { class: 'mono' }, name), h('td', { class: 'mono' }, version.join(' '))); }))],
      env && env.localConf && [h('h3', {}, 'local.conf (passwords masked)'), h('pre', { class: 'local-conf' }, env.localConf)],
      data.files.length > 0 && h('details', { class: 'files' }, h('summary', {}, `Files (${data.files.length})`), h('ul', {}, data.files.map((file) => h('li', {}, h('a', { href: file }, file))))));
  }

  toc.replaceChildren(...sections.map(([id, title]) => h('a', { href: `#${id}` }, title.replace(/ \(.*$/, ''))));
  document.getElementById('loading').remove();
  refresh();
  const wanted = /^#test=(.+)$/.exec(location.hash);
  if (wanted && byId.has(decodeURIComponent(wanted[1]))) openTest(byId.get(decodeURIComponent(wanted[1])).index);
})();
