// The review page of `kansrijk serve`. Plain JavaScript, no framework, no network but this app's own API.
// Every text from a transcript goes into the page with textContent, never as HTML.
'use strict';

const TOKEN = new URLSearchParams(location.search).get('token') || '';

const TEXT = {
  nl: {
    overview: 'Overzicht', queue: 'Wachtrij', search: 'Zoeken', undo: 'Ongedaan maken (u)', coder: 'codeur',
    documents: 'Documenten', year: 'Jaar', type: 'Type', document: 'Document', read: 'Gelezen',
    reviewed: 'Beoordeeld', open: 'Open', own: 'Eigen', frequencies: 'Frequenties per jaar',
    freqNote: 'Beurten met de code (documenten waarin de code voorkomt, van het totaal): dezelfde getallen als kansrijk report --coder',
    code: 'Code', turn: 'beurt', interviewer: 'interviewer', seenTurn: 'gelezen', rule: 'regel', model: 'model', mine: 'eigen',
    accepted: 'geaccepteerd', rejected: 'afgewezen', accept: 'Accepteren (a)', reject: 'Afwijzen (r)',
    valence: 'Valentie omdraaien (v)', explain: 'Uitleg (e)', memo: 'Memo (m)', remove: 'Verwijderen', removeShort: 'wis',
    docRead: 'Document gelezen', docUnread: 'Document als ongelezen', docMemo: 'Memo bij het document',
    turnMemo: 'Memo bij beurt', codingMemo: 'Memo bij codering', codeMemo: 'Memo bij code', save: 'Opslaan',
    cancel: 'Annuleren', pickCode: 'Kies een code (typ om te filteren, Enter kiest)', addCoding: 'Codeer selectie (c)',
    selectFirst: 'Selecteer eerst woorden in een beurt van een respondent', noInterviewer: 'Interviewerbeurten worden niet gecodeerd',
    saved: 'Opgeslagen', undone: 'Ongedaan gemaakt', nothingToUndo: 'Niets om ongedaan te maken',
    stale: 'Het document is intussen opnieuw ingelezen; de pagina is herladen. Doe het nog eens.',
    offline: 'kansrijk serve draait niet meer. Start het opnieuw (make review) en open het adres dat het toont.',
    oldToken: 'Dit adres hoort bij een eerdere start van kansrijk serve. Open het adres dat kansrijk serve nu toont.',
    left: n => `Nog ${n} te beoordelen`, none: 'Niets meer te beoordelen met deze filters.', all: 'alle',
    inOrder: 'op volgorde', uncertain: 'onzekerste suggesties eerst',
    suggestion: s => `suggestie van het model: kans ${s.probability.toFixed(2)}, drempel ${s.threshold.toFixed(2)}; kenmerken: ${features(s)}`,
    suggestions: 'Suggesties van het model (tellen pas mee als iemand ze accepteert)',
    skip: 'Overslaan (n)', openDoc: 'Openen in transcript (o)', before: 'Daarvoor',
    searchPlaceholder: 'Zoek, bijv. tekort NEAR/6 personeel, "te weinig geld", financ*', hits: n => `${n} ${n === 1 ? 'treffer' : 'treffers'}`,
    codeAll: 'Codeer alle treffers…', confirmHits: (n, c) => `Deze ${n} treffers coderen als ${c}?`, confirm: 'Coderen',
    matches: 'Regels die pasten', noMatch: 'Geen regel paste.', excluded: 'uitgesloten door', because: 'valentie',
    markSeen: 'Beurt gelezen (s)', help: 'Toetsen',
    keys: [['j / k', 'volgende / vorige codering'], ['J / K', 'volgende / vorige beurt'], ['a', 'accepteren'],
      ['r', 'afwijzen'], ['v', 'valentie omdraaien'], ['e', 'uitleg'], ['m', 'memo bij codering (M: bij beurt)'],
      ['c', 'selectie coderen'], ['s', 'beurt gelezen'], ['u', 'ongedaan maken'], ['n', 'wachtrij: overslaan'],
      ['o', 'wachtrij: openen in transcript'], ['1 2 3', 'overzicht, wachtrij, zoeken'], ['?', 'deze hulp']],
  },
  en: {
    overview: 'Overview', queue: 'Queue', search: 'Search', undo: 'Undo (u)', coder: 'coder',
    documents: 'Documents', year: 'Year', type: 'Type', document: 'Document', read: 'Read',
    reviewed: 'Reviewed', open: 'Open', own: 'Own', frequencies: 'Frequencies per year',
    freqNote: 'Turns with the code (documents that mention it, of all): the same numbers as kansrijk report --coder',
    code: 'Code', turn: 'turn', interviewer: 'interviewer', seenTurn: 'read', rule: 'rule', model: 'model', mine: 'own',
    accepted: 'accepted', rejected: 'rejected', accept: 'Accept (a)', reject: 'Reject (r)',
    valence: 'Flip valence (v)', explain: 'Explain (e)', memo: 'Memo (m)', remove: 'Remove', removeShort: 'delete',
    docRead: 'Document read', docUnread: 'Mark document unread', docMemo: 'Memo on the document',
    turnMemo: 'Memo on turn', codingMemo: 'Memo on coding', codeMemo: 'Memo on code', save: 'Save',
    cancel: 'Cancel', pickCode: 'Pick a code (type to filter, Enter picks)', addCoding: 'Code the selection (c)',
    selectFirst: 'First select words in a respondent turn', noInterviewer: 'Interviewer turns are not coded',
    saved: 'Saved', undone: 'Undone', nothingToUndo: 'Nothing to undo',
    stale: 'The document was read in again meanwhile; the page reloaded it. Please do it again.',
    offline: 'kansrijk serve is not running. Start it again (make review) and open the address it prints.',
    oldToken: 'This address belongs to an earlier run of kansrijk serve. Open the address kansrijk serve prints now.',
    left: n => `${n} left to review`, none: 'Nothing left to review with these filters.', all: 'all',
    inOrder: 'in order', uncertain: 'most uncertain suggestions first',
    suggestion: s => `the model's suggestion: probability ${s.probability.toFixed(2)}, threshold ${s.threshold.toFixed(2)}; features: ${features(s)}`,
    suggestions: 'Model suggestions (they count only once someone accepts them)',
    skip: 'Skip (n)', openDoc: 'Open in transcript (o)', before: 'Before',
    searchPlaceholder: 'Search, e.g. tekort NEAR/6 personeel, "te weinig geld", financ*', hits: n => `${n} ${n === 1 ? 'hit' : 'hits'}`,
    codeAll: 'Code every hit…', confirmHits: (n, c) => `Code these ${n} hits as ${c}?`, confirm: 'Code them',
    matches: 'Rules that matched', noMatch: 'No rule matched.', excluded: 'excluded by', because: 'valence',
    markSeen: 'Turn read (s)', help: 'Keys',
    keys: [['j / k', 'next / previous coding'], ['J / K', 'next / previous turn'], ['a', 'accept'],
      ['r', 'reject'], ['v', 'flip valence'], ['e', 'explain'], ['m', 'memo on the coding (M: on the turn)'],
      ['c', 'code the selection'], ['s', 'turn read'], ['u', 'undo'], ['n', 'queue: skip'],
      ['o', 'queue: open in transcript'], ['1 2 3', 'overview, queue, search'], ['?', 'this help']],
  },
};

const state = { lang: 'nl', codes: [], undo: [], view: null, doc: null, item: -1, turn: -1, queue: null, hits: null };
let T = TEXT.nl;

// ---- helpers ----------------------------------------------------------------------------------------------
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) if (child != null) node.append(child);
  return node;
}

function say(message, error = false) {
  const status = document.getElementById('status');
  status.textContent = message;
  status.className = error ? 'error' : '';
}

class Stale extends Error {}

async function api(path, body) {
  const options = { headers: { 'X-Kansrijk-Token': TOKEN } };
  if (body !== undefined) {
    options.method = 'POST';
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch (error) {
    throw new Error(T.offline);  // the server was stopped
  }
  const data = await response.json().catch(() => ({ error: response.statusText }));
  if (response.status === 409) throw new Stale(data.error);
  if (response.status === 401 || response.status === 403) throw new Error(T.oldToken);
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

// A write: stored before the page shows it as done; its undo requests go on the stack.
async function act(path, body) {
  try {
    const result = await api(path, body);
    if (result.undo) state.undo.push(result.undo);
    say(T.saved);
    return result;
  } catch (error) {
    if (error instanceof Stale) {
      say(T.stale, true);
      await route();
    } else {
      say(error.message, true);
    }
    return null;
  }
}

async function undo() {
  const steps = state.undo.pop();
  if (!steps) return say(T.nothingToUndo);
  try {
    for (const step of steps) await api(step.path, step.body);
    say(T.undone);
  } catch (error) {
    say(error.message, true);
  }
  await refresh();
}

const codePoints = s => Array.from(s).length;
function show(...nodes) { document.getElementById('main').replaceChildren(...nodes.filter(n => n != null)); }
function sliceCp(text, start, end) { return Array.from(text).slice(start, end).join(''); }
function code(id) { return state.codes.find(c => c.code === id) || { code: id, label: id, colour: '#888888' }; }
function swatch(colour) { const s = el('span', { class: 'swatch' }); s.style.backgroundColor = colour; return s; }

// ---- views ------------------------------------------------------------------------------------------------
async function showOverview() {
  const data = await api('/api/overview');
  state.codes = data.codes;
  state.documents = data.documents;
  const rows = data.documents.map(d => el('tr', { class: 'link', onclick: () => { location.hash = '#doc/' + encodeURIComponent(d.file); } },
    el('td', { text: String(d.year) }), el('td', { text: d.type }),
    el('td', {}, el('div', {}, el('a', { href: '#doc/' + encodeURIComponent(d.file), text: d.key })),  // Tab and Enter reach it
      el('div', { class: 'meta', text: d.file })),
    el('td', {}, progress(d.seen, d.turns), `${d.seen}/${d.turns}`),
    el('td', {}, progress(d.reviewed, d.items), `${d.reviewed}/${d.items}`),
    el('td', { class: 'num', text: String(d.open) }), el('td', { class: 'num', text: String(d.codings) })));
  const years = data.years;
  const freq = data.frequencies.map(f => el('tr', { class: f.category ? 'category' : '' },
    el('td', {}, f.category ? null : swatch(f.colour), f.label, f.category ? null : ' ',
      f.category ? null : el('button', { type: 'button', class: 'code-memo', title: `${T.codeMemo} ${f.label}`, text: '✎',
        onclick: () => memoDialog(`${T.codeMemo} ${f.label}`, data.code_memos[f.code] || '', text => act('/api/memo', { code: f.code, text })) })),
    ...years.map(y => {
      const cell = f.cells.find(c => c.year === y) || { turns: 0, documents: 0, of: 0 };
      return el('td', { class: 'num', text: `${cell.turns} (${cell.documents}/${cell.of})` });
    })));
  show(
    el('h1', { text: T.overview }), el('p', { class: 'meta', text: data.view }),
    el('h2', { text: T.documents }),
    el('table', { id: 'documents' }, el('thead', {}, el('tr', {}, ...[T.year, T.type, T.document, T.read, T.reviewed].map(h => el('th', { text: h })),
      el('th', { class: 'num', text: T.open }), el('th', { class: 'num', text: T.own }))), el('tbody', {}, rows)),
    el('h2', { text: T.frequencies }), el('p', { class: 'meta', text: T.freqNote }),
    el('table', { id: 'frequencies' }, el('thead', {}, el('tr', {}, el('th', { text: T.code }), ...years.map(y => el('th', { class: 'num', text: String(y) })))),
      el('tbody', {}, freq)));
}

function progress(done, total) {
  const bar = el('span', { class: 'bar' }, el('span'));
  bar.firstChild.style.width = total ? `${Math.round(100 * done / total)}%` : '0';
  return bar;
}

// The turn's text with its codings as <mark>s, split at every coding boundary (codings may overlap).
function markedText(turn) {
  const chars = Array.from(turn.text);
  const cuts = new Set([0, chars.length]);
  for (const c of turn.codings) { cuts.add(c.start); cuts.add(c.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const box = el('div', { class: 'text' });
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const piece = chars.slice(from, to).join('');
    const over = turn.codings.filter(c => c.start <= from && c.end >= to);
    if (!over.length) { box.append(piece); continue; }
    const shown = over.find(c => c.status !== 'rejected');
    const mark = el('mark', { text: piece, title: over.map(c => code(c.code).label + c.valence).join(', ') });
    if (shown) mark.style.backgroundColor = code(shown.code).colour + '40';
    else mark.className = 'rejected';
    box.append(mark);
  }
  return box;
}

// What the researcher decides on: a code the rules found on a turn (one review covers all its spans there), or
// one of their own codings.
function reviewItems(turn) {
  const items = [];
  for (const c of turn.codings) {
    const same = c.origin === 'rule' && items.find(i => i.origin === 'rule' && i.code === c.code);
    if (same) {
      same.spans.push({ start: c.start, end: c.end });
      if (!same.valence.includes(c.valence)) same.valence += '/' + c.valence;
    } else {
      items.push({ ...c, spans: [{ start: c.start, end: c.end }] });
    }
  }
  return items;
}

function chip(turn, coding, index) {
  const c = code(coding.code);
  const state_ = coding.origin !== 'manual' ? (coding.status === 'accepted' ? '✓ ' + T.accepted : coding.status === 'rejected' ? '✗ ' + T.rejected : T[coding.origin]) : T.mine;
  const node = el('span', { class: `chip ${coding.status} ${coding.origin}`, 'data-item': String(index), title: coding.spans.map(s => sliceCp(turn.text, s.start, s.end)).join(' … ') },
    el('span', { class: 'label', text: `${c.label} ${coding.valence}` }), el('span', { class: 'state meta', text: state_ }));
  node.style.borderLeftColor = c.colour;
  if (coding.origin !== 'manual') {  // the rules' or a model's: to review
    node.append(el('button', { type: 'button', title: T.accept, text: '✓', onclick: () => decide(turn, coding, 'accept') }),
      el('button', { type: 'button', title: T.reject, text: '✗', onclick: () => decide(turn, coding, 'reject') }),
      el('button', { type: 'button', title: T.explain, text: '?', onclick: () => explain(turn) }));
  } else {
    node.append(el('button', { type: 'button', title: T.remove, text: T.removeShort, onclick: () => removeCoding(coding) }));
  }
  node.append(el('button', { type: 'button', title: T.valence, text: '±', onclick: () => flipValence(turn, coding) }),
    el('button', { type: 'button', title: T.memo, text: '✎', onclick: () => codingMemo(turn, coding) }));
  return node;
}

async function showDocument(file, focusTurn) {
  const doc = await api('/api/document?file=' + encodeURIComponent(file));
  state.codes = doc.codes;
  state.doc = doc;
  state.items = [];
  const turns = doc.turns.map((turn, t) => {
    const chips = reviewItems(turn).map(coding => { state.items.push({ turn: t, coding }); return chip(turn, coding, state.items.length - 1); });
    const memos = [];
    if (turn.memo) memos.push(el('div', { class: 'memo', text: '✎ ' + turn.memo }));
    for (const [id, memo] of Object.entries(turn.coding_memos)) memos.push(el('div', { class: 'memo', text: `✎ ${code(id).label}: ${memo}` }));
    return el('div', { class: 'turn' + (turn.interviewer ? ' interviewer' : ''), id: 't' + turn.n, 'data-turn': String(t) },
      el('div', { class: 'num', text: String(turn.n) }),
      el('div', {}, el('div', { class: 'who', text: turn.speaker || '?' }),
        el('div', { class: 'time', text: turn.time + (turn.interviewer ? ' · ' + T.interviewer : '') }),
        el('div', { class: 'seen', text: turn.seen ? '✓ ' + T.seenTurn : '' })),
      el('div', {}, markedText(turn), el('div', { class: 'chips' }, chips), memos, el('div', { class: 'explain-slot' })));
  });
  show(
    el('h1', { text: `${doc.key} · ${doc.file}` }),
    el('p', { class: 'meta', text: `${doc.year} · ${doc.type}` }),
    el('div', { class: 'keys' }, ...keyHints()),
    el('div', { class: 'toolbar' },
      el('button', { type: 'button', id: 'add-coding', onclick: addFromSelection, text: T.addCoding }),
      el('button', { type: 'button', id: 'doc-seen', onclick: () => markDocument(!doc.seen), text: doc.seen ? T.docUnread : T.docRead }),
      el('button', { type: 'button', id: 'doc-memo', onclick: () => memoDialog(T.docMemo, doc.memo, text => act('/api/memo', { file: doc.file, version: doc.version, text })), text: T.docMemo })),
    doc.memo ? el('p', { class: 'memo', text: '✎ ' + doc.memo }) : null,
    el('div', { id: 'turns' }, turns));
  if (focusTurn) {
    const index = doc.turns.findIndex(t => t.n === focusTurn);
    if (index >= 0) { setTurn(index); document.getElementById('t' + focusTurn).scrollIntoView({ block: 'center' }); }
  } else if (state.item >= 0 && state.item < state.items.length) {
    setItem(state.item, false);
  }
}

function keyHints() {
  return T.keys.slice(0, 10).map(([k, what]) => el('span', {}, el('kbd', { text: k }), ' ' + what + '  '));
}

function setItem(index, scroll = true) {
  document.querySelectorAll('.chip.current, .turn.current').forEach(n => n.classList.remove('current'));
  if (!state.items.length) return;
  state.item = Math.max(0, Math.min(index, state.items.length - 1));
  const node = document.querySelector(`.chip[data-item="${state.item}"]`);
  node.classList.add('current');
  state.turn = state.items[state.item].turn;
  node.closest('.turn').classList.add('current');
  if (scroll) node.scrollIntoView({ block: 'center' });
}

function setTurn(index) {
  if (!state.doc) return;
  document.querySelectorAll('.chip.current, .turn.current').forEach(n => n.classList.remove('current'));
  state.turn = Math.max(0, Math.min(index, state.doc.turns.length - 1));
  const node = document.querySelector(`.turn[data-turn="${state.turn}"]`);
  node.classList.add('current');
  node.scrollIntoView({ block: 'center' });
  const first = state.items.findIndex(i => i.turn === state.turn);
  state.item = first;
  if (first >= 0) document.querySelector(`.chip[data-item="${first}"]`).classList.add('current');
}

const base = (doc, turn) => ({ file: doc.file, version: doc.version, turn: turn.n });

async function decide(turn, coding, decision) {
  const doc = state.doc;
  if (await act('/api/review', { ...base(doc, turn), code: coding.code, decision })) await refresh();
}

async function flipValence(turn, coding) {
  const doc = state.doc;
  const valence = coding.valence.startsWith('+') ? '-' : '+';
  if (await act('/api/valence', { ...base(doc, turn), code: coding.code, origin: coding.origin, id: coding.id, spans: coding.spans, valence })) await refresh();
}

async function removeCoding(coding) { if (await act('/api/coding/remove', { id: coding.id })) await refresh(); }

function codingMemo(turn, coding) {
  const doc = state.doc;
  memoDialog(`${T.codingMemo} ${code(coding.code).label}`, turn.coding_memos[coding.code] || '',
    text => act('/api/memo', { ...base(doc, turn), code: coding.code, text }));
}

function turnMemo(turn) {
  const doc = state.doc;
  memoDialog(`${T.turnMemo} ${turn.n}`, turn.memo, text => act('/api/memo', { ...base(doc, turn), text }));
}

async function markDocument(seen) { if (await act('/api/seen', { file: state.doc.file, version: state.doc.version, seen })) await refresh(); }
async function markTurn(turn) { if (await act('/api/seen', { ...base(state.doc, turn), seen: !turn.seen })) await refresh(); }

// The features that weighed most in a suggestion, as `kansrijk explain` prints them: "s:geld +0.42, c:tekort +0.30".
function features(s) { return s.features.map(f => `${f.feature} +${f.weight.toFixed(2)}`).join(', '); }

async function explain(turn) {
  const data = await api(`/api/explain?file=${encodeURIComponent(state.doc ? state.doc.file : state.queueItem.file)}&turn=${turn.n}`).catch(e => { say(e.message, true); return null; });
  if (!data) return;
  const slot = document.querySelector(`#t${turn.n} .explain-slot`) || document.querySelector('.explain-slot');
  slot.replaceChildren(el('div', { class: 'explain' }, el('strong', { text: `${T.matches} (${data.codebook})` }),
    data.matches.length ? el('ul', {}, data.matches.map(m => el('li', {},
      el('b', { text: `[${m.words}] ` }), `${code(m.code).label} ${m.valence} · ${T.rule} ${m.rule} · `,
      m.excluded_by ? `${T.excluded} '${m.excluded_by}'` : `${T.because}: ${m.reason}`))) : el('div', { text: T.noMatch }),
    data.suggestions.length ? el('strong', { text: T.suggestions }) : null,
    data.suggestions.length ? el('ul', { class: 'suggestions' }, data.suggestions.map(s => el('li', {},
      `${code(s.code).label} ${s.valence} · ${T.suggestion(s)} · ${T.because}: ${s.reason}`))) : null));
}

// The selected words of one respondent turn, in code points of its text (as the API counts).
function selection() {
  const sel = window.getSelection();
  if (!sel.rangeCount || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  const box = range.startContainer.parentElement && range.startContainer.parentElement.closest('.text');
  if (!box || !box.contains(range.endContainer)) return null;
  const turnNode = box.closest('.turn');
  const turn = state.doc.turns[Number(turnNode.dataset.turn)];
  const before = document.createRange();
  before.setStart(box, 0);
  before.setEnd(range.startContainer, range.startOffset);
  let start = codePoints(before.toString());
  const chosen = range.toString();
  let end = start + codePoints(chosen);
  start += codePoints(chosen) - codePoints(chosen.trimStart());  // a double click takes the space after a word
  end -= codePoints(chosen) - codePoints(chosen.trimEnd());
  return end > start ? { turn, start, end } : null;
}

function addFromSelection() {
  const chosen = selection();
  if (!chosen) return say(T.selectFirst, true);
  if (chosen.turn.interviewer) return say(T.noInterviewer, true);
  pickCode(async id => {
    if (await act('/api/coding', { ...base(state.doc, chosen.turn), code: id, start: chosen.start, end: chosen.end })) await refresh();
  });
}

// ---- dialogs ------------------------------------------------------------------------------------------------
function openModal(...content) {
  const modal = document.getElementById('modal');
  modal.firstElementChild.replaceChildren(...content);
  modal.hidden = false;
}
function closeModal() { document.getElementById('modal').hidden = true; }

function pickCode(then) {
  const input = el('input', { type: 'text', id: 'code-filter', autocomplete: 'off', 'aria-label': T.pickCode });
  const list = el('ul');
  let active = 0;
  let shown = [];
  const draw = () => {
    const q = input.value.toLowerCase();
    shown = state.codes.filter(c => (c.label + ' ' + c.code).toLowerCase().includes(q));
    active = Math.min(active, Math.max(0, shown.length - 1));
    list.replaceChildren(...shown.map((c, i) => el('li', { class: i === active ? 'active' : '', 'data-code': c.code, onclick: () => { closeModal(); then(c.code); } }, swatch(c.colour), c.label)));
  };
  input.addEventListener('input', () => { active = 0; draw(); });
  input.addEventListener('keydown', e => {
    if (e.key === 'ArrowDown') { active = Math.min(active + 1, shown.length - 1); draw(); e.preventDefault(); }
    else if (e.key === 'ArrowUp') { active = Math.max(active - 1, 0); draw(); e.preventDefault(); }
    else if (e.key === 'Enter' && shown[active]) { e.preventDefault(); closeModal(); then(shown[active].code); }
    else if (e.key === 'Escape') closeModal();
  });
  openModal(el('div', { class: 'picker' }, el('label', { for: 'code-filter', text: T.pickCode }), input, list));
  draw();
  input.focus();
}

function memoDialog(title, text, save) {
  const area = el('textarea', { id: 'memo-text' });
  area.value = text || '';
  const done = async () => { closeModal(); if (await save(area.value)) await refresh(); };
  area.addEventListener('keydown', e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) done(); if (e.key === 'Escape') closeModal(); });
  openModal(el('h2', { text: title }), area,
    el('div', { class: 'toolbar' }, el('button', { type: 'button', class: 'primary', id: 'memo-save', onclick: done, text: T.save + ' (Ctrl+Enter)' }),
      el('button', { type: 'button', onclick: closeModal, text: T.cancel })));
  area.focus();
}

// ---- queue ----------------------------------------------------------------------------------------------------
const queueFilter = { code: '', year: '', file: '', valence: '', order: '' };

async function showQueue() {
  if (!state.codes.length) state.codes = (await api('/api/overview')).codes;
  const params = new URLSearchParams(Object.entries(queueFilter).filter(([, v]) => v));
  const data = await api('/api/queue?' + params);
  state.queue = data;
  state.queueAt = Math.min(state.queueAt || 0, Math.max(0, data.items.length - 1));
  const select = (key, options) => {
    const s = el('select', { id: 'queue-' + key, onchange: () => { queueFilter[key] = s.value; state.queueAt = 0; showQueue(); } },
      el('option', { value: '', text: T.all }), options.map(([v, label]) => el('option', { value: v, text: label })));
    s.value = queueFilter[key];
    return s;
  };
  const years = [...new Set((state.years || []))];
  show(el('h1', { text: T.queue }),
    el('div', { class: 'toolbar' }, select('code', state.codes.map(c => [c.code, c.label])),
      select('year', years.map(y => [String(y), String(y)])),
      select('file', (state.documents || []).map(d => [d.file, `${d.key} · ${d.file}`])), select('valence', [['+', '+'], ['-', '−']]),
      queueOrder(),
      el('strong', { id: 'left', text: T.left(data.left) })),
    el('div', { class: 'keys' }, el('kbd', { text: 'a' }), ' ' + T.accept + '  ', el('kbd', { text: 'r' }), ' ' + T.reject + '  ',
      el('kbd', { text: 'n' }), ' ' + T.skip + '  ', el('kbd', { text: 'e' }), ' ' + T.explain + '  ', el('kbd', { text: 'o' }), ' ' + T.openDoc + '  ',
      el('kbd', { text: 'u' }), ' ' + T.undo),
    el('div', { id: 'queue-item' }));
  drawQueueItem();
}

// Document order, or the model's suggestions first, the most uncertain (probability nearest its threshold) first.
function queueOrder() {
  const s = el('select', { id: 'queue-order', onchange: () => { queueFilter.order = s.value; state.queueAt = 0; showQueue(); } },
    el('option', { value: '', text: T.inOrder }), el('option', { value: 'uncertain', text: T.uncertain }));
  s.value = queueFilter.order;
  return s;
}

function drawQueueItem() {
  const box = document.getElementById('queue-item');
  const item = state.queue.items[state.queueAt];
  state.queueItem = item;
  if (!item) { box.replaceChildren(el('p', { class: 'empty', text: T.none })); return; }
  const c = code(item.code);
  const turn = { n: item.turn, text: item.text, codings: item.spans.map(s => ({ ...s, code: item.code, status: '' })) };
  box.replaceChildren(el('div', { class: 'card' },
    el('p', {}, swatch(c.colour), el('strong', { text: `${c.label} ${item.spans[0].valence}` }), el('span', { class: 'meta', text: ` · ${item.file} · ${T.turn} ${item.turn} · ${item.year}` }),
      item.suggestion ? el('span', { class: 'meta', id: 'queue-suggestion', text: ' · ' + T.suggestion(item.suggestion) }) : null),
    item.before ? el('div', { class: 'context' }, el('div', { class: 'meta', text: `${T.before}: ${item.before.speaker || '?'}` }), item.before.text) : null,
    el('div', { class: 'turn current', id: 't' + item.turn }, el('div', { class: 'num', text: String(item.turn) }), el('div', { class: 'who', text: item.speaker || '?' }),
      el('div', {}, markedText(turn), el('div', { class: 'explain-slot' }))),
    el('div', { class: 'toolbar' },
      el('button', { type: 'button', class: 'primary', id: 'queue-accept', onclick: () => queueDecide('accept'), text: T.accept }),
      el('button', { type: 'button', id: 'queue-reject', onclick: () => queueDecide('reject'), text: T.reject }),
      el('button', { type: 'button', onclick: queueSkip, text: T.skip }),
      el('button', { type: 'button', onclick: () => { state.doc = null; explain(turn); }, text: T.explain }),
      el('button', { type: 'button', onclick: queueOpen, text: T.openDoc }))));
}

// A decision takes the item out here; the queue is asked again only when the page has worked through its part.
async function queueDecide(decision) {
  const item = state.queueItem;
  if (!item) return;
  if (!await act('/api/review', { file: item.file, version: item.version, turn: item.turn, code: item.code, decision })) return;
  state.queue.items.splice(state.queueAt, 1);
  state.queue.left--;
  if (!state.queue.items.length && state.queue.left > 0) return showQueue();
  state.queueAt = Math.min(state.queueAt, Math.max(0, state.queue.items.length - 1));
  document.getElementById('left').textContent = T.left(state.queue.left);
  drawQueueItem();
}
function queueSkip() { if (state.queue && state.queueAt + 1 < state.queue.items.length) { state.queueAt++; drawQueueItem(); } }
function queueOpen() { const item = state.queueItem; if (item) location.hash = `#doc/${encodeURIComponent(item.file)}/${item.turn}`; }

// ---- search ---------------------------------------------------------------------------------------------------
async function showSearch() {
  if (!state.codes.length) state.codes = (await api('/api/overview')).codes;
  const input = el('input', { type: 'search', id: 'search-input', placeholder: T.searchPlaceholder, 'aria-label': T.search });
  input.value = state.query || '';
  const results = el('div', { id: 'hits' });
  const run = async () => {
    state.query = input.value;
    if (!state.query.trim()) return;
    try {
      const data = await api('/api/search?q=' + encodeURIComponent(state.query));
      state.hits = data.hits;
      results.replaceChildren(el('p', { class: 'toolbar' }, el('strong', { text: T.hits(data.hits.length) }),
        data.hits.length ? el('button', { type: 'button', id: 'code-all', onclick: codeAllHits, text: T.codeAll }) : null),
      ...data.hits.map(h => el('div', { class: 'hit', onclick: () => { location.hash = `#doc/${encodeURIComponent(h.file)}/${h.turn}`; } },
        el('div', { class: 'meta', text: `${h.year} · ${h.file} · ${T.turn} ${h.turn} · ${h.speaker || '?'}${h.interviewer ? ' (' + T.interviewer + ')' : ''}` }),
        el('div', {}, h.left, el('b', { text: h.match }), h.right))));
      say('');
    } catch (error) { say(error.message, true); }
  };
  input.addEventListener('keydown', e => { if (e.key === 'Enter') run(); });
  show(el('h1', { text: T.search }), input, results);
  input.focus();
  if (state.query) run();
}

function codeAllHits() {
  const hits = (state.hits || []).filter(h => !h.interviewer);
  pickCode(id => {
    const list = el('ol', {}, hits.map(h => el('li', {}, el('span', { class: 'meta', text: `${h.file} #${h.turn}: ` }), h.left, el('b', { text: h.match }), h.right)));
    openModal(el('h2', { text: T.confirmHits(hits.length, code(id).label) }), list,
      el('div', { class: 'toolbar' },
        el('button', { type: 'button', class: 'primary', id: 'confirm-hits', text: T.confirm, onclick: async () => {
          closeModal();
          await act('/api/code-hits', { code: id, hits: hits.map(h => ({ file: h.file, version: h.version, turn: h.turn, start: h.start, end: h.end })) });
        } }),
        el('button', { type: 'button', onclick: closeModal, text: T.cancel })));
  });
}

// ---- routing and keys -------------------------------------------------------------------------------------------
async function route() {
  const hash = location.hash || '#overview';
  document.querySelectorAll('header nav a').forEach(a => a.classList.toggle('active', hash.startsWith(a.getAttribute('href'))));
  try {
    if (hash.startsWith('#doc/')) {
      const [file, turn] = hash.slice(5).split('/').map(decodeURIComponent);
      if (!state.doc || state.doc.file !== file) state.item = -1;
      state.view = 'doc';
      await showDocument(file, turn ? Number(turn) : 0);
    } else if (hash === '#queue') {
      state.view = 'queue'; state.doc = null; await showQueue();
    } else if (hash === '#search') {
      state.view = 'search'; state.doc = null; await showSearch();
    } else {
      state.view = 'overview'; state.doc = null; await showOverview();
    }
  } catch (error) {
    say(error.message, true);
  }
}

// Redraws the current view from the server, keeping the place.
async function refresh() {
  if (state.view === 'doc' && state.doc) {
    const [item, y] = [state.item, window.scrollY];
    await showDocument(state.doc.file, 0);
    if (item >= 0) setItem(item, false);
    window.scrollTo(0, y);
  } else {
    await route();
  }
}

function currentTurn() { return state.doc && state.turn >= 0 ? state.doc.turns[state.turn] : null; }
function currentItem() { return state.items && state.item >= 0 ? state.items[state.item] : null; }

document.addEventListener('keydown', e => {
  if (!document.getElementById('modal').hidden || e.ctrlKey && e.key !== 'z' || e.metaKey || e.altKey) return;
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName)) return;
  const key = e.key;
  if ((e.ctrlKey && key === 'z') || key === 'u') { e.preventDefault(); return undo(); }
  if (key === '?') return toggleHelp();
  if (key === 'Escape' && !document.getElementById('help').hidden) { document.getElementById('help').hidden = true; return; }
  if (key === '1') { location.hash = '#overview'; return; }
  if (key === '2') { location.hash = '#queue'; return; }
  if (key === '3') { location.hash = '#search'; return; }
  if (state.view === 'queue') {
    const actions = { a: () => queueDecide('accept'), r: () => queueDecide('reject'), n: queueSkip, o: queueOpen,
      e: () => state.queueItem && explain({ n: state.queueItem.turn }) };
    if (actions[key]) { e.preventDefault(); actions[key](); }
    return;
  }
  if (state.view !== 'doc' || !state.doc) return;
  const item = currentItem();
  const turnOf = i => state.doc.turns[i.turn];
  const actions = {
    j: () => setItem(state.item + 1), ArrowDown: () => setItem(state.item + 1),
    k: () => setItem(state.item - 1), ArrowUp: () => setItem(state.item - 1),
    J: () => setTurn(state.turn + 1), K: () => setTurn(state.turn - 1),
    a: () => item && item.coding.origin !== 'manual' && decide(turnOf(item), item.coding, 'accept'),
    r: () => item && item.coding.origin !== 'manual' && decide(turnOf(item), item.coding, 'reject'),
    v: () => item && flipValence(turnOf(item), item.coding),
    e: () => (item ? explain(turnOf(item)) : currentTurn() && explain(currentTurn())),
    m: () => item && codingMemo(turnOf(item), item.coding),
    M: () => currentTurn() && turnMemo(currentTurn()),
    c: addFromSelection,
    s: () => currentTurn() && markTurn(currentTurn()),
  };
  if (actions[key]) { e.preventDefault(); actions[key](); }
});

function toggleHelp() {
  const help = document.getElementById('help');
  help.replaceChildren(el('h2', { text: T.help }), el('table', {}, T.keys.map(([k, what]) => el('tr', {}, el('td', {}, el('kbd', { text: k })), el('td', { text: what })))));
  help.hidden = !help.hidden;
}

async function start() {
  const overview = await api('/api/overview').catch(e => { say(e.message, true); return null; });
  if (overview) {
    state.lang = overview.lang === 'en' ? 'en' : 'nl';
    state.years = overview.years;
    state.documents = overview.documents;
    state.codes = overview.codes;
    document.getElementById('coder').textContent = `${TEXT[state.lang].coder}: ${overview.coder}`;
  }
  T = TEXT[state.lang];
  document.documentElement.lang = state.lang;
  document.getElementById('nav-overview').textContent = '1 ' + T.overview;
  document.getElementById('nav-queue').textContent = '2 ' + T.queue;
  document.getElementById('nav-search').textContent = '3 ' + T.search;
  document.getElementById('undo').textContent = T.undo;
  document.getElementById('undo').addEventListener('click', undo);
  document.getElementById('help-button').addEventListener('click', toggleHelp);
  document.getElementById('modal').addEventListener('click', e => { if (e.target.id === 'modal') closeModal(); });
  window.addEventListener('hashchange', route);
  await route();
}

start();
