/**
 * The review page's script (inline, no dependencies). State: the queue, the current attempt's
 * view, the chosen verdicts and rationales (drafts kept in localStorage so a reload or crash loses
 * no typing), the reviewer's name (localStorage), the attempts whose agent this reviewer has
 * revealed (localStorage: a verdict on them is never sent as blind, even after hiding again). Untrusted text only ever goes in via textContent.
 */
export const PAGE_SCRIPT = String.raw`
'use strict';
(function () {
  var ITEMS = ['integrity', 'patch_quality', 'process_coherence'];
  var state = { reviewer: localStorage.getItem('crucible-review:reviewer') || '', queue: [], index: 0, view: null, unblind: false, active: 'patch_quality', chosen: {}, findings: [], saved: {} };
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'className') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }

  function api(path, options) {
    return fetch(path, options).then(function (res) {
      return res.json().then(function (body) { return { status: res.status, body: body }; });
    });
  }

  function revealedKey() { return 'crucible-review:revealed:' + state.reviewer; }
  function revealedSet() {
    try { return JSON.parse(localStorage.getItem(revealedKey()) || '{}') || {}; } catch (err) { return {}; }
  }
  function markRevealed(key) {
    var revealed = revealedSet();
    revealed[key] = true;
    localStorage.setItem(revealedKey(), JSON.stringify(revealed));
  }
  function wasRevealed(key) { return state.unblind || revealedSet()[key] === true; }

  function draftKey() { return 'crucible-review:draft:' + state.reviewer + ':' + (state.view ? state.view.key : ''); }
  function saveDraft() {
    if (!state.view) return;
    var rationales = {};
    ITEMS.forEach(function (item) { rationales[item] = section(item).querySelector('textarea').value; });
    localStorage.setItem(draftKey(), JSON.stringify({ chosen: state.chosen, rationales: rationales, findings: state.findings }));
  }

  function section(item) { return $('.item[data-item="' + item + '"]'); }

  function setActive(item) {
    state.active = item;
    $$('.item').forEach(function (s) { s.classList.toggle('active', s.dataset.item === item); });
  }

  function choose(item, verdict) {
    state.chosen[item] = verdict;
    $$('button', section(item)).forEach(function (b) { b.classList.toggle('chosen', b.dataset.verdict === verdict); });
    renderFindingChoice();
    saveDraft();
  }

  function renderFindingChoice() {
    var box = $('.findings-choice');
    box.textContent = '';
    if (!state.view || state.chosen.integrity !== 'reward_hack') return;
    var ids = Array.from(new Set(state.view.findings.map(function (f) { return f.id; })));
    if (ids.length === 0) { box.appendChild(el('p', { className: 'muted', text: 'No detector finding: saving adds a reviewer finding.' })); return; }
    box.appendChild(el('p', { className: 'muted', text: 'Confirms (none ticked = all of them):' }));
    ids.forEach(function (id) {
      var input = el('input', { type: 'checkbox', value: id });
      input.checked = state.findings.indexOf(id) >= 0;
      input.addEventListener('change', function () {
        state.findings = $$('input', box).filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
        saveDraft();
      });
      box.appendChild(el('label', {}, [input, ' ' + id]));
    });
  }

  function renderQueue() {
    var list = $('#queue-list');
    list.textContent = '';
    if (state.queue.length === 0) list.appendChild(el('li', { className: 'muted', text: 'The queue is empty: run crucible review queue.' }));
    state.queue.forEach(function (q, i) {
      var done = q.reviewed.length === ITEMS.length;
      var li = el('li', { 'data-key': q.key, className: i === state.index ? 'current' : '' }, [
        el('span', { className: done ? 'done' : '', text: (done ? '✓ ' : '') + q.task.id }),
        el('span', { className: 'reasons', text: q.task.kind + ' · ' + q.reasons.join(', ') + ' · ' + q.key }),
      ]);
      li.addEventListener('click', function () { go(i); });
      list.appendChild(li);
    });
    $('#position').textContent = state.queue.length ? 'attempt ' + (state.index + 1) + ' of ' + state.queue.length : '';
  }

  function fmt(v) { return v === null || v === undefined ? 'n/a' : (typeof v === 'number' ? v.toFixed(3) : String(v)); }

  function evidenceText(list) {
    return (list || []).map(function (e) {
      var where = e.kind === 'step' ? '#' + e.step : e.kind === 'test' ? 'test ' + e.id : e.path + (e.line ? ':' + e.line : '');
      return where + (e.note ? ' (' + e.note + ')' : '');
    }).join('; ');
  }

  function clip(text, max) { text = String(text || ''); return text.length > max ? text.slice(0, max) + '\n… (' + (text.length - max) + ' more characters)' : text; }

  function renderEvent(e) {
    if (e.type === 'header') return el('div', { className: 'event muted', text: 'start: limits ' + JSON.stringify(e.limits || {}) + (e.faults && e.faults.faults && e.faults.faults.length ? '; planned faults ' + JSON.stringify(e.faults.faults) : '') });
    if (e.type === 'message') return el('div', { className: 'event' }, [el('strong', { text: e.role + ': ' }), el('pre', { text: clip(e.text, 4000) })]);
    if (e.type === 'tool_call') return el('div', { className: 'event', id: 'step-' + e.step }, [el('span', { className: 'step', text: '#' + e.step + ' ' }), el('code', { text: e.tool + ' ' + clip(e.rawArgs, 2000) }), e.schemaValid === false ? el('span', { className: 'bad', text: ' invalid arguments' }) : null]);
    if (e.type === 'tool_result') {
      var head = (e.kind === 'ok' ? '✓' : '✗ ' + e.kind) + (e.exitCode !== undefined ? ' exit ' + e.exitCode : '') + (e.fault ? ' — injected ' + e.fault['class'] + ': ' + e.fault.effect : '') + (e.error ? ' — ' + e.error.type + ': ' + e.error.message : '');
      var files = (e.filesChanged || []).map(function (f) { return f.op + ' ' + f.path; }).join(', ');
      return el('div', { className: 'event' }, [el('span', { className: e.kind === 'ok' ? 'muted' : 'bad', text: '#' + e.step + ' ' + head }), files ? el('div', { className: 'warn', text: 'files: ' + files }) : null, e.output ? el('pre', { text: clip(e.output, 3000) }) : null]);
    }
    if (e.type === 'plan') return el('div', { className: 'event muted', text: '#' + e.step + ' plan: ' + (e.steps || []).map(function (s) { return '[' + s.status + '] ' + s.text; }).join(' · ') });
    if (e.type === 'end') return el('div', { className: 'event' }, [el('strong', { text: 'end: ' + e.status + ' after ' + e.steps + ' steps' }), e.claims ? el('pre', { text: 'claims: ' + JSON.stringify(e.claims, null, 1) }) : null]);
    return el('div', { className: 'event muted', text: JSON.stringify(e).slice(0, 500) });
  }

  function renderDiff(diff) {
    var pre = el('pre', { className: 'diff' });
    if (!diff) { pre.textContent = '(empty diff)'; return pre; }
    diff.split('\n').forEach(function (line) {
      var cls = line.indexOf('+++') === 0 || line.indexOf('---') === 0 || line.indexOf('diff ') === 0 ? 'hunk' : line[0] === '+' ? 'add' : line[0] === '-' ? 'del' : line.indexOf('@@') === 0 ? 'hunk' : '';
      pre.appendChild(el('span', { className: cls, text: line + '\n' }));
    });
    return pre;
  }

  function renderAttempt() {
    var v = state.view;
    var main = $('#attempt');
    main.textContent = '';
    $('#blind-state').textContent = v.blind ? (revealedSet()[v.key] ? 'agent hidden again (seen before: verdicts are recorded as not blind)' : 'blind review (v reveals the agent)') : 'agent revealed: ' + (v.identity ? v.identity.agentSpec + (v.identity.model ? ' · ' + v.identity.model : '') : '');
    main.appendChild(el('h2', { text: 'Task ' + v.task.id + ' (' + v.task.kind + ')' }));
    main.appendChild(el('p', { className: 'muted', text: 'queued for: ' + (v.reasons.join(', ') || 'not queued') + ' · exit ' + (v.exitStatus || '?') + ' · resolved ' + fmt(v.resolved) }));
    if (v.prompt) main.appendChild(el('details', {}, [el('summary', { text: 'Task as given to the agent' }), el('pre', { text: v.prompt })]));
    var scores = el('table', {}, [el('tr', {}, [el('th', { text: 'score' }), el('th', { text: 'value' }), el('th', { text: 'rationale and evidence' })])]);
    v.scores.forEach(function (s) {
      scores.appendChild(el('tr', {}, [el('td', { text: s.name }), el('td', { text: fmt(s.value) }), el('td', {}, [el('div', { text: s.rationale }), el('div', { className: 'muted', text: evidenceText(s.evidence) })])]));
    });
    main.appendChild(el('h3', { text: 'Automated scores' }));
    main.appendChild(scores);
    main.appendChild(el('h3', { text: 'Integrity findings (' + v.findings.length + ')' }));
    v.findings.forEach(function (f) {
      main.appendChild(el('div', { className: f.confirmed ? 'bad' : 'warn' }, [el('strong', { text: f.id + ' (' + f.severity + ', ' + (f.confirmed ? 'confirmed' : 'suspected') + '): ' }), f.message, el('div', { className: 'muted', text: evidenceText(f.evidence) })]));
    });
    if (v.grade.verdicts.length) {
      main.appendChild(el('h3', { text: 'Hidden tests' }));
      var tests = el('table');
      v.grade.verdicts.forEach(function (t) { tests.appendChild(el('tr', {}, [el('td', { text: t.list }), el('td', { className: t.ok ? '' : 'bad', text: t.status }), el('td', {}, [el('code', { text: t.id })])])); });
      main.appendChild(tests);
    }
    main.appendChild(el('h3', { text: 'Diff' }));
    main.appendChild(renderDiff(v.diff));
    main.appendChild(el('h3', { text: 'Trajectory' }));
    v.events.forEach(function (e) { main.appendChild(renderEvent(e)); });
  }

  function restoreForm() {
    var v = state.view;
    var draft = null;
    try { draft = JSON.parse(localStorage.getItem(draftKey()) || 'null'); } catch (err) { draft = null; }
    state.chosen = {};
    state.findings = [];
    state.saved = {};
    ITEMS.forEach(function (item) {
      var saved = v.reviews.filter(function (r) { return r.item === item; })[0];
      if (saved) state.saved[item] = { verdict: saved.verdict, rationale: saved.rationale, findings: JSON.stringify(saved.findings || []) };
      var s = section(item);
      var status = $('.status', s);
      status.className = 'status' + (saved ? ' saved' : '');
      status.textContent = saved ? 'saved ' + saved.verdict + ' at ' + saved.createdAt : '';
      $('textarea', s).value = draft && draft.rationales && draft.rationales[item] ? draft.rationales[item] : saved ? saved.rationale : '';
      var verdict = draft && draft.chosen && draft.chosen[item] ? draft.chosen[item] : saved ? saved.verdict : undefined;
      if (item === 'integrity' && saved && saved.findings) state.findings = saved.findings;
      $$('button', s).forEach(function (b) { b.classList.toggle('chosen', b.dataset.verdict === verdict); });
      if (verdict) state.chosen[item] = verdict;
    });
    if (draft && draft.findings) state.findings = draft.findings;
    renderFindingChoice();
    $('#save-status').textContent = '';
  }

  function load() {
    var q = state.queue[state.index];
    if (!q) { $('#attempt').textContent = 'Nothing to review.'; return Promise.resolve(); }
    history.replaceState(null, '', '#' + q.key);
    var url = '/api/attempts/' + q.key + '?reviewer=' + encodeURIComponent(state.reviewer) + (state.unblind ? '&unblind=1' : '');
    return api(url).then(function (r) {
      if (r.status !== 200) { $('#attempt').textContent = r.body.error ? r.body.error.message : 'failed to load'; return; }
      state.view = r.body;
      if (!r.body.blind) markRevealed(r.body.key);
      renderQueue();
      renderAttempt();
      restoreForm();
      setActive('patch_quality');
      document.body.dataset.loaded = q.key;
    });
  }

  function go(i) {
    if (i < 0 || i >= state.queue.length) return;
    state.index = i;
    state.unblind = false;
    load();
  }

  function refreshQueue() {
    return api('/api/queue?reviewer=' + encodeURIComponent(state.reviewer)).then(function (r) {
      state.queue = r.body.entries || [];
      var wanted = location.hash.slice(1);
      var found = state.queue.map(function (q) { return q.key; }).indexOf(wanted);
      if (found >= 0) state.index = found;
      renderQueue();
    });
  }

  function findingsFor(item) {
    return JSON.stringify(item === 'integrity' && state.chosen.integrity === 'reward_hack' ? state.findings : []);
  }

  function save() {
    if (!state.view) return;
    // Only what changed since the last save: re-sending an unchanged verdict would add a revision.
    var todo = ITEMS.filter(function (item) {
      var saved = state.saved[item];
      return state.chosen[item] && !(saved && saved.verdict === state.chosen[item] && saved.rationale === $('textarea', section(item)).value.trim() && saved.findings === findingsFor(item));
    });
    if (todo.length === 0) { $('#save-status').textContent = Object.keys(state.chosen).length ? 'Nothing changed since the last save.' : 'Choose a verdict first (l/h/r, 1–4).'; return; }
    var key = state.view.key;
    $('#save-status').textContent = 'saving…';
    var requests = todo.map(function (item) {
      var s = section(item);
      var body = { key: key, reviewer: state.reviewer, item: item, verdict: state.chosen[item], rationale: $('textarea', s).value, blind: !wasRevealed(key) };
      body.findings = JSON.parse(findingsFor(item));
      return api('/api/reviews', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(function (r) {
        var status = $('.status', s);
        if (r.status === 201) {
          state.saved[item] = { verdict: r.body.review.verdict, rationale: r.body.review.rationale, findings: JSON.stringify(r.body.review.findings || []) };
          status.className = 'status saved';
          status.textContent = 'saved ' + r.body.review.verdict + ' at ' + r.body.review.createdAt;
          return true;
        }
        status.className = 'status error';
        status.textContent = (r.body.error ? r.body.error.field + ': ' + r.body.error.message : 'failed (' + r.status + ')');
        return false;
      });
    });
    return Promise.all(requests).then(function (results) {
      var ok = results.filter(Boolean).length;
      $('#save-status').textContent = ok + ' of ' + results.length + ' verdict(s) saved';
      if (ok === results.length) localStorage.removeItem(draftKey());
      else saveDraft();
      return refreshQueue();
    });
  }

  function toggleHelp(show) { $('#help').hidden = show === undefined ? !$('#help').hidden : !show; }

  function askName() {
    $('#name-dialog').hidden = false;
    $('#name-input').value = state.reviewer;
    $('#name-input').focus();
  }

  $('#name-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var name = $('#name-input').value.trim();
    if (!name) return;
    state.reviewer = name;
    localStorage.setItem('crucible-review:reviewer', name);
    $('#name-dialog').hidden = true;
    $('#who').textContent = 'reviewer: ' + name;
    refreshQueue().then(load);
  });
  $('#who').addEventListener('click', askName);
  $('#help-button').addEventListener('click', function () { toggleHelp(); });
  $('#help').addEventListener('click', function () { toggleHelp(false); });
  $('#save').addEventListener('click', save);
  $$('.item').forEach(function (s) {
    $$('.choices button', s).forEach(function (b) { b.addEventListener('click', function () { setActive(s.dataset.item); choose(s.dataset.item, b.dataset.verdict); }); });
    $('textarea', s).addEventListener('input', saveDraft);
    $('textarea', s).addEventListener('focus', function () { setActive(s.dataset.item); });
  });

  document.addEventListener('keydown', function (ev) {
    if (!$('#name-dialog').hidden) return;
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); save(); return; }
    var typing = ev.target && (ev.target.tagName === 'TEXTAREA' || ev.target.tagName === 'INPUT');
    if (typing) { if (ev.key === 'Escape') ev.target.blur(); return; }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var k = ev.key;
    if (k === '?') { toggleHelp(); return; }
    if (k === 'Escape') { toggleHelp(false); return; }
    if (k === 'j') go(state.index + 1);
    else if (k === 'k') go(state.index - 1);
    else if (k === 'l' || k === 'h' || k === 'r') { setActive('integrity'); choose('integrity', { l: 'legit', h: 'heuristic', r: 'reward_hack' }[k]); }
    else if (k === 'p') setActive('patch_quality');
    else if (k === 'c') setActive('process_coherence');
    else if (k >= '1' && k <= '4') {
      var item = state.active === 'integrity' ? 'patch_quality' : state.active;
      setActive(item);
      choose(item, k);
    } else if (k === 'e') { ev.preventDefault(); $('textarea', section(state.active)).focus(); }
    else if (k === 'v') { state.unblind = !state.unblind; load(); }
    else return;
    ev.preventDefault();
  });

  if (!state.reviewer) askName();
  else { $('#who').textContent = 'reviewer: ' + state.reviewer; refreshQueue().then(load); }
})();
`;
