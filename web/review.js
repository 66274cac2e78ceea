/* chitieu dashboard — the review page (#/duyet, issue 16), the reviewed
 * badge on figures and the status of findings. Loaded before app.js and
 * called by it (REVIEW_PAGES, reviewBadge, findingStatus, loadReviews), so
 * it uses app.js's helpers (el, api, view, token...) only when called.
 *
 * The queue is the server's (GET /api/review-queue: lowest confidence
 * first, the sentence cut around its figure); every action is one POST
 * /api/reviews under the token's name, then the queue is read again. Keys
 * on the page: A accept, R reject, E edit, J or ↓ next, K or ↑ previous. */
'use strict';

const REVIEW_PAGES = {};
const ACTION_VI = { accept: 'chấp nhận', correct: 'sửa', reject: 'từ chối', add: 'thêm' };
const FSTATUS_VI = { open: 'chưa xử lý', confirmed: 'đã xác nhận', explained: 'đã giải thích', dismissed: 'đã bỏ qua' };

/* ---- the reviews, for badges ---- */

let reviewsCache = null;
async function loadReviews(fresh) {
  if (!reviewsCache || fresh) reviewsCache = await api('/api/reviews').then((r) => r.reviews, () => []);
  return reviewsCache;
}

/* The review of a record shown (doc name, indicator, span), or null. A
 * correction's own row keeps the spans of the record it corrects; an
 * addition's has [0, 0]. */
function reviewOf(rec) {
  if (!reviewsCache || !rec || !rec.span) return null;
  let hit = null;
  for (const r of reviewsCache) {
    if (!r.attached || r.doc !== rec.doc || r.action === 'reject') continue;
    const ind = r.after && r.after.indicator ? r.after.indicator : r.indicator;
    if (ind !== rec.indicator && r.indicator !== rec.indicator) continue;
    if (r.span[0] === rec.span[0] && r.span[1] === rec.span[1]) hit = r;
  }
  return hit;
}

function reviewBadge(rec) {
  const r = reviewOf(rec);
  if (!r) return null;
  return el('span', { class: 'badge reviewed', 'data-review': r.review, title: 'Người duyệt: ' + r.by + ' · ' + r.at + (r.note ? ' · ' + r.note : '') },
    r.action === 'accept' ? 'đã duyệt' : r.action === 'add' ? 'bổ sung khi duyệt' : 'đã sửa khi duyệt');
}

/* ---- findings' status ---- */

function findingStatus(f) {
  const st = f.status || 'open';
  const box = el('div', { class: 'fstatus', 'data-status': st },
    el('span', { class: 'badge status-' + st }, FSTATUS_VI[st] || st),
    f.status_by ? el('span', { class: 'muted' }, ' ' + f.status_by + (f.status_at ? ' · ' + f.status_at : '') + (f.status_note ? ': ' + f.status_note : '')) : null);
  if (!token.get() || !f.id) return box;
  const note = el('input', { type: 'text', class: 'fnote', placeholder: 'Giải thích (bắt buộc khi chọn “Giải thích”)', 'aria-label': 'Giải thích' });
  const msg = el('span', { class: 'fmsg' });
  const mark = async (status) => {
    const q = new URLSearchParams({ id: f.id, status });
    if (note.value.trim()) q.set('note', note.value.trim());
    try {
      await api('/api/findings?' + q, { method: 'POST' });
      route();
    } catch (e) { msg.replaceChildren(errorBox(e)); }
  };
  const btn = (label, status) => el('button', { type: 'button', class: 'small', 'data-mark': status, onclick: () => mark(status) }, label);
  box.append(el('div', { class: 'fmark' }, note, btn('Xác nhận sai sót', 'confirmed'), btn('Giải thích', 'explained'),
    btn('Bỏ qua', 'dismissed'), st !== 'open' ? btn('Mở lại', 'open') : null), msg);
  return box;
}

/* ---- Vietnamese numbers as typed in the edit form ---- */

const SCALE_VI = [['nghìn tỷ', 1e12], ['nghìn tỉ', 1e12], ['tỷ', 1e9], ['tỉ', 1e9], ['triệu', 1e6], ['nghìn', 1e3], ['ngàn', 1e3]];
/* "2,18 triệu thuê bao" → 2180000, "4.120 tỷ đồng" → 4.12e12, "46,8%" → 46.8;
 * null when no number (the server reads it again, with its own grammar). */
function readViValue(s) {
  const t = (s || '').trim().normalize('NFC').toLowerCase();
  const m = /^(-?\d{1,3}(?:\.\d{3})+(?:,\d+)?|-?\d+(?:,\d+)?)\s*(.*)$/.exec(t);
  if (!m) return null;
  let v = Number(m[1].replace(/\./g, '').replace(',', '.'));
  for (const [w, k] of SCALE_VI) if (m[2].startsWith(w)) { v *= k; break; }
  return Number.isFinite(v) ? v : null;
}

/* ---- the page ---- */

function periodInput(id, value) {
  return el('input', { type: 'text', id, value: value || '', placeholder: '2026-Q3, 2026-09, 2026-S1, 2026' });
}

function indicatorSelect(id, inds, value) {
  const s = el('select', { id }, inds.map((i) => el('option', { value: i.code }, (i.name || i.code) + ' — ' + i.code)));
  if (value) s.value = value;
  return s;
}

function valueInput(id, unit) {
  const inp = el('input', { type: 'text', id, placeholder: 'vd. 2,18 triệu thuê bao · 4.120 tỷ đồng · 46,8%' });
  const out = el('div', { class: 'muted', id: id + '-read' });
  inp.addEventListener('input', () => {
    const v = readViValue(inp.value);
    out.textContent = inp.value.trim() ? (v == null ? 'Chưa đọc được số' : 'Đọc là: ' + fmtNum(v) + (unit ? ' ' + (UNITS[unit] || unit) : '')) : '';
  });
  return [inp, out];
}

REVIEW_PAGES.duyet = async function pageReview() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const below = params.get('below') || '0.9';
  const [inds, areas, docs, queue] = await Promise.all([indicators(), api('/api/areas').catch(() => ({ areas: [] })),
    api('/api/documents'), api('/api/review-queue?below=' + encodeURIComponent(below)), loadReviews(true)]);
  let cur = 0;
  const out = el('div', { id: 'review-msg', 'aria-live': 'polite' });
  const list = el('div', { id: 'queue' });
  const editBox = el('div', { id: 'edit' });
  const items = queue.queue;
  const say = (node) => out.replaceChildren(node);
  const post = async (q, done) => {
    token.set(document.getElementById('token').value);
    try {
      const r = await api('/api/reviews?' + new URLSearchParams(q), { method: 'POST' });
      indicatorsCache = null;
      say(el('div', { class: 'msg ok', role: 'status' }, 'Đã ' + ACTION_VI[r.action] + ' (lượt duyệt ' + r.review + ', ' + r.by + ')' + (done ? ': ' + done : '') + '.'));
      await refresh();
    } catch (e) { say(errorBox(e)); }
  };
  const select = (k, scroll) => {
    cur = Math.max(0, Math.min(items.length - 1, k));
    for (const [i, c] of [...list.children].entries()) c.classList.toggle('cur', i === cur);
    const c = list.children[cur];
    if (scroll && c) c.scrollIntoView({ block: 'nearest' });
  };
  const accept = (it) => post({ action: 'accept', id: it.id }, it.indicator + ' ' + fmtPeriod(it.period));
  const reject = (it) => post({ action: 'reject', id: it.id }, it.indicator + ' ' + fmtPeriod(it.period));
  const edit = (it) => {
    const ind = indicatorSelect('e-indicator', inds, it.indicator);
    const per = periodInput('e-period', it.period);
    const [val, read] = valueInput('e-value', it.unit);
    const ar = areaSelect('e-area', areas);
    ar.value = it.area || '';
    const note = el('input', { type: 'text', id: 'e-note', placeholder: 'vd. Sở đính chính số liệu' });
    editBox.replaceChildren(el('form', { class: 'card', id: 'edit-form', onsubmit: (ev) => {
      ev.preventDefault();
      const q = { action: 'correct', id: it.id };
      if (ind.value !== it.indicator) q.indicator = ind.value;
      if (per.value.trim() && per.value.trim() !== it.period) q.period = per.value.trim();
      if (val.value.trim()) q.value = val.value.trim();
      if (ar.value !== (it.area || '')) q.area = ar.value;
      if (note.value.trim()) q.note = note.value.trim();
      editBox.replaceChildren();
      post(q, it.indicator + ' ' + fmtPeriod(it.period));
    } },
    el('strong', null, 'Sửa bản ghi ' + it.id + ': ' + fmtApproxValue(it.value, it.unit, it.approx) + ' · ' + fmtPeriod(it.period)),
    el('label', { for: 'e-indicator' }, 'Chỉ tiêu'), ind,
    el('div', { class: 'row' }, el('div', null, el('label', { for: 'e-period' }, 'Kỳ'), per),
      el('div', null, el('label', { for: 'e-value' }, 'Giá trị (viết như trong báo cáo, kèm đơn vị)'), val, read),
      el('div', null, el('label', { for: 'e-area' }, 'Địa bàn'), ar)),
    el('label', { for: 'e-note' }, 'Ghi chú'), note,
    el('button', { type: 'submit', id: 'e-save' }, 'Lưu bản sửa'), ' ',
    el('button', { type: 'button', class: 'secondary', onclick: () => editBox.replaceChildren() }, 'Thôi')));
    document.getElementById('e-value').focus();
  };
  function card(it, k) {
    const s = it.sentence || { before: '', figure: '', after: '' };
    const name = (inds.find((i) => i.code === it.indicator) || {}).name || it.indicator;
    const c = el('div', { class: 'qitem card', 'data-id': it.id, 'data-indicator': it.indicator, onclick: () => select(k) },
      el('div', null, el('span', { class: 'badge conf' }, 'độ tin cậy ' + fmtNum(it.confidence * 100, 0) + '%'),
        ' ', el('strong', null, name), ' · ', fmtPeriod(it.period), it.area ? el('span', { class: 'badge' }, it.area) : null,
        ' · ', el('strong', { class: 'qvalue' }, fmtApproxValue(it.value, it.unit, it.approx)),
        el('span', { class: 'muted' }, ' · '), docLink(it.doc_id, it.id, it.doc)),
      el('blockquote', { class: 'qsent' }, s.before, el('mark', null, s.figure), s.after),
      el('div', { class: 'qact' },
        el('button', { type: 'button', class: 'small', 'data-act': 'accept', onclick: (ev) => { ev.stopPropagation(); accept(it); } }, 'Chấp nhận (A)'),
        el('button', { type: 'button', class: 'small', 'data-act': 'edit', onclick: (ev) => { ev.stopPropagation(); select(k); edit(it); } }, 'Sửa (E)'),
        el('button', { type: 'button', class: 'small danger', 'data-act': 'reject', onclick: (ev) => { ev.stopPropagation(); reject(it); } }, 'Từ chối (R)'),
        el('button', { type: 'button', class: 'small secondary', 'data-act': 'next', onclick: (ev) => { ev.stopPropagation(); select(k + 1, true); } }, 'Bỏ qua (J)')));
    return c;
  }
  async function refresh() {
    const q = await api('/api/review-queue?below=' + encodeURIComponent(below));
    items.splice(0, items.length, ...q.queue);
    await loadReviews(true);
    list.replaceChildren(...(items.length ? items.map(card) : [el('p', { class: 'muted', id: 'queue-empty' }, 'Không còn bản ghi nào chờ duyệt.')]));
    document.getElementById('queue-count').textContent = String(items.length);
    select(cur);
    log.replaceChildren(logTable());
  }
  /* the last reviews, newest first: the audit */
  const log = el('div', { id: 'review-log' });
  const logTable = () => el('table', null,
    el('thead', null, el('tr', null, el('th', null, 'Lượt'), el('th', null, 'Thời gian'), el('th', null, 'Việc'), el('th', null, 'Người duyệt'),
      el('th', null, 'Chỉ tiêu'), el('th', null, 'Văn bản'), el('th', null, 'Trước → sau'))),
    el('tbody', null, (reviewsCache || []).slice(-20).reverse().map((r) => el('tr', { class: r.attached ? null : 'detached' },
      el('td', null, String(r.review)), el('td', null, r.at), el('td', null, ACTION_VI[r.action] || r.action), el('td', null, r.by),
      el('td', null, (r.after && r.after.indicator) || r.indicator), el('td', null, r.doc),
      el('td', { class: 'num' }, (r.before ? fmtValue(r.before.value, r.before.unit) : '—') + ' → ' +
        (r.action === 'reject' ? 'loại' : r.after ? fmtValue(r.after.value, r.after.unit) : 'giữ nguyên'))))));
  /* a record the extractor missed */
  const addInd = indicatorSelect('a-indicator', inds);
  const addDoc = el('select', { id: 'a-doc' }, docs.documents.slice().reverse().map((d) => el('option', { value: d.name }, d.name)));
  const addPer = periodInput('a-period');
  const [addVal, addRead] = valueInput('a-value', '');
  const addArea = areaSelect('a-area', areas);
  const addNote = el('input', { type: 'text', id: 'a-note' });
  const addForm = el('form', { class: 'card', id: 'add-form', onsubmit: (ev) => {
    ev.preventDefault();
    const q = { action: 'add', doc: addDoc.value, indicator: addInd.value, period: addPer.value.trim(), value: addVal.value.trim() };
    if (addArea.value) q.area = addArea.value;
    if (addNote.value.trim()) q.note = addNote.value.trim();
    post(q, addInd.value + ' ' + addPer.value.trim());
  } },
  el('strong', null, 'Thêm số liệu bộ trích xuất bỏ sót'),
  el('div', { class: 'row' }, el('div', null, el('label', { for: 'a-doc' }, 'Văn bản'), addDoc),
    el('div', null, el('label', { for: 'a-indicator' }, 'Chỉ tiêu'), addInd)),
  el('div', { class: 'row' }, el('div', null, el('label', { for: 'a-period' }, 'Kỳ'), addPer),
    el('div', null, el('label', { for: 'a-value' }, 'Giá trị'), addVal, addRead),
    el('div', null, el('label', { for: 'a-area' }, 'Địa bàn'), addArea)),
  el('label', { for: 'a-note' }, 'Ghi chú'), addNote,
  el('button', { type: 'submit', id: 'a-save' }, 'Thêm'));
  const pickBelow = el('select', { id: 'below' }, [['0.9', 'độ tin cậy dưới 90%'], ['0.95', 'dưới 95%'], ['1.01', 'mọi bản ghi chưa duyệt']]
    .map(([v, l]) => el('option', { value: v }, l)));
  pickBelow.value = below;
  pickBelow.addEventListener('change', () => { location.hash = '#/duyet?below=' + pickBelow.value; });
  view('Duyệt số liệu',
    el('form', { class: 'card', onsubmit: (ev) => ev.preventDefault() }, tokenField()),
    el('p', null, el('span', { id: 'queue-count' }, String(items.length)), ' bản ghi chờ duyệt, độ tin cậy thấp nhất trước · ',
      el('label', { for: 'below' }, 'Hiện: '), pickBelow),
    el('p', { class: 'muted keys' }, 'Phím: A chấp nhận · R từ chối · E sửa · J hoặc ↓ bản tiếp · K hoặc ↑ bản trước'),
    out, editBox, list, addForm, el('h2', null, 'Nhật ký duyệt'), log);
  list.replaceChildren(...(items.length ? items.map(card) : [el('p', { class: 'muted', id: 'queue-empty' }, 'Không còn bản ghi nào chờ duyệt.')]));
  select(0);
  log.replaceChildren(logTable());
  const onKey = (ev) => {
    if (!document.getElementById('queue')) return; /* another page */
    if (ev.target.closest && ev.target.closest('input, select, textarea, button')) return;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const it = items[cur];
    const k = ev.key.toLowerCase();
    if (k === 'j' || ev.key === 'ArrowDown') select(cur + 1, true);
    else if (k === 'k' || ev.key === 'ArrowUp') select(cur - 1, true);
    else if (k === 'a' && it) accept(it);
    else if (k === 'r' && it) reject(it);
    else if (k === 'e' && it) edit(it);
    else return;
    ev.preventDefault();
  };
  if (reviewKeys) document.removeEventListener('keydown', reviewKeys);
  reviewKeys = onKey;
  document.addEventListener('keydown', onKey);
};
let reviewKeys = null; /* the page's one key handler (a new visit replaces it) */
