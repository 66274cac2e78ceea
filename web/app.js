/* chitieu dashboard — plain JavaScript, no framework, no build step.
 *
 * The pages are small and few; the API does the work (series, checks,
 * charts as SVG), so a framework would add weight without removing code.
 * Every string from the server reaches the page through textContent or
 * el(), never through innerHTML. Routes live in the URL hash:
 *   #/                      sectors, latest value and year-on-year change
 *   #/chi-tieu/CODE         indicator: chart, series, every source, findings
 *   #/van-ban               documents;  #/van-ban/ID[/OBS]  one document
 *   #/phat-hien             findings;   #/muc-tieu  targets
 *   #/tai-len               upload a text (token)
 *   #/nhap-lieu             data entry of a department (token)
 *   #/so-sanh?a=&b=&sector=&area=   two periods side by side, with the change
 *   #/bao-cao?period=&sector=&area= the Vietnamese report, its tables as XLSX
 *   #/duyet                          the review queue (token; web/review.js) */
'use strict';

const SECTORS = {
  sector: 'Toàn ngành', infosec: 'An toàn thông tin mạng', telecom: 'Viễn thông',
  postal: 'Bưu chính', ict: 'Công nghiệp ICT', esign: 'Chữ ký số, chứng thực điện tử',
  egov: 'Chính phủ số, dịch vụ công trực tuyến', digital: 'Kinh tế số',
};
const UNITS = {
  subscribers: 'thuê bao', incidents: 'cuộc', certificates: 'chứng thư số', addresses: 'địa chỉ', systems: 'hệ thống', services: 'dịch vụ',
  customers: 'khách hàng', enterprises: 'doanh nghiệp', households: 'hộ', items: 'bưu gửi',
  persons: 'người', points: 'điểm', procedures: 'thủ tục', products: 'sản phẩm',
  projects: 'dự án', teams: 'tổ', transactions: 'giao dịch', visits: 'lượt truy cập',
  websites: 'trang web', rank: 'hạng', ips: 'địa chỉ IP', per100: 'trên 100 dân',
};
const BASIS = { yoy: 'so với cùng kỳ', prev: 'so với kỳ trước', plan: 'kế hoạch' };
const SEVERITY = { major: 'nghiêm trọng', minor: 'nhỏ', info: 'lưu ý' };
const KIND = {
  arithmetic: 'Tính toán', ref_period: 'Kỳ so sánh', conflict: 'Mâu thuẫn giữa nguồn',
  stated_vs_stored: 'Tỷ lệ so với số đã lưu', parts: 'Thành phần và tổng', plan: 'Kế hoạch',
  cumulative: 'Lũy kế', plausibility: 'Số bất thường', points: 'Điểm phần trăm', self_conflict: 'Mâu thuẫn trong văn bản',
};
const STATUS = {
  achieved: 'đạt', 'on track': 'đúng tiến độ', 'at risk': 'có nguy cơ không đạt',
  missed: 'không đạt', 'no data': 'chưa có số liệu',
};

/* ---- small helpers ---- */

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat()) if (k != null && k !== false) e.append(k instanceof Node ? k : String(k));
  return e;
}

function fmtNum(x, dec) {
  if (x == null || isNaN(x)) return '—';
  const neg = x < 0;
  let s = dec == null ? String(+Math.abs(x).toFixed(2)) : Math.abs(x).toFixed(dec);
  if (s.includes('e')) s = Math.abs(x).toLocaleString('en-US', { useGrouping: false });
  let [i, f] = s.split('.');
  i = i.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return (neg ? '-' : '') + i + (f ? ',' + f : '');
}

function fmtValue(v, unit) {
  if (v == null) return '—';
  const u = (unit || '').split('|')[0];
  if (u === 'VND') {
    if (Math.abs(v) >= 1e9) return fmtNum(v / 1e9) + ' tỷ đồng';
    if (Math.abs(v) >= 1e6) return fmtNum(v / 1e6) + ' triệu đồng';
    return fmtNum(v) + ' đồng';
  }
  if (u === 'USD') {
    if (Math.abs(v) >= 1e9) return fmtNum(v / 1e9) + ' tỷ USD';
    if (Math.abs(v) >= 1e6) return fmtNum(v / 1e6) + ' triệu USD';
    return fmtNum(v) + ' USD';
  }
  if (u === 'percent') return fmtNum(v) + '%';
  if (u === 'rank') return 'hạng ' + fmtNum(v);
  if (u === 'per100') return fmtNum(v) + ' thuê bao/100 dân';
  const w = UNITS[u] ? ' ' + UNITS[u] : u ? ' ' + u : '';
  /* a count in millions as the reports write it ("23,9 triệu thuê bao"),
   * when that loses no digit: 3.641.002 stays whole */
  if (Math.abs(v) >= 1e6 && v % 1e4 === 0) return fmtNum(v / 1e6) + ' triệu' + w;
  return fmtNum(v) + w;
}

/* a figure's qualifier as the reports write it: "hơn 2.000", not "~2.000" */
const APPROX = { estimate: 'ước', about: 'khoảng', over: 'hơn', under: 'dưới' };
function fmtApproxValue(v, unit, approx) {
  const w = APPROX[approx];
  if (!w) return fmtValue(v, unit);
  return approx === 'estimate' ? fmtValue(v, unit) + ' (ước)' : w + ' ' + fmtValue(v, unit);
}

function fmtPct(p) {
  if (p == null) return '';
  return (p >= 0 ? '+' : '') + fmtNum(p, Math.abs(p) < 10 ? 2 : 1).replace(/,?0+$/, '') + '%';
}

/* contract notation → Vietnamese */
function fmtPeriod(p) {
  if (!p) return '—';
  let m;
  if ((m = /^(\d{4})$/.exec(p))) return 'năm ' + m[1];
  if ((m = /^(\d{4})-Q(\d)$/.exec(p))) return 'quý ' + m[2] + '/' + m[1];
  if ((m = /^(\d{4})-S(\d)$/.exec(p))) return (m[2] === '1' ? '6 tháng đầu năm ' : '6 tháng cuối năm ') + m[1];
  if ((m = /^(\d{4})-(\d{2})$/.exec(p))) return 'tháng ' + (+m[2]) + '/' + m[1];
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(p))) return 'ngày ' + (+m[3]) + '/' + (+m[2]) + '/' + m[1];
  if ((m = /^(\d{4})-01\/(\d{4})-(\d{2})$/.exec(p)) && m[1] === m[2]) return (+m[3]) + ' tháng đầu năm ' + m[1];
  if ((m = /^(\d{4})-(\d{2})\/(\d{4})-(\d{2})$/.exec(p))) return 'tháng ' + (+m[2]) + '/' + m[1] + ' – ' + (+m[4]) + '/' + m[3];
  return p;
}

function fmtDate(d) {
  if (!d) return '—';
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(d);
  return m ? (m[3] ? (+m[3]) + '/' : '') + (+m[2]) + '/' + m[1] : d;
}

const token = {
  get: () => sessionStorage.getItem('chitieu.token') || '',
  set: (t) => sessionStorage.setItem('chitieu.token', t.trim()),
};

async function api(path, opts) {
  const o = Object.assign({ headers: {} }, opts || {});
  if (token.get()) o.headers.Authorization = 'Bearer ' + token.get();
  const r = await fetch(path, o);
  const type = r.headers.get('Content-Type') || '';
  const body = type.startsWith('application/json') ? await r.json() : await r.text();
  if (!r.ok) {
    const msg = body && body.error ? body.error.message : String(body).slice(0, 200);
    const e = new Error(msg);
    e.status = r.status;
    e.body = body;
    throw e;
  }
  return body;
}

let indicatorsCache = null;
const indicatorNames = {}; /* code → name, kept when the cache is dropped after a write */
async function indicators(fresh) {
  if (!indicatorsCache || fresh) indicatorsCache = (await api('/api/indicators')).indicators;
  for (const i of indicatorsCache) indicatorNames[i.code] = i.name;
  return indicatorsCache;
}

function docLink(docId, obsId, label) {
  return el('a', { href: '#/van-ban/' + docId + (obsId ? '/' + obsId : '') }, label);
}

function view(title, ...kids) {
  const app = document.getElementById('app');
  app.replaceChildren(el('h1', null, title), ...kids.flat(Infinity).filter((k) => k != null && k !== false));
  document.title = title + ' — chitieu';
}

/* What an HTTP status means to the person at the page; the server's own
 * (English) message follows as a detail for whoever reports the problem. */
const HTTP_VI = {
  400: 'Yêu cầu không hợp lệ', 401: 'Cần mã truy cập (token) hợp lệ', 403: 'Mã truy cập không có quyền này',
  404: 'Không tìm thấy', 405: 'Thao tác không được phép', 409: 'Trùng với dữ liệu đã có', 413: 'Tệp quá lớn',
  415: 'Định dạng tệp không được nhận', 422: 'Dữ liệu không đọc được', 429: 'Quá nhiều yêu cầu, xin thử lại sau',
  500: 'Lỗi máy chủ', 503: 'Máy chủ đang bận, xin thử lại sau',
};
function errorBox(e) {
  const vi = HTTP_VI[e.status] || (e.status ? 'Lỗi ' + e.status : 'Không kết nối được máy chủ');
  return el('div', { class: 'msg err', role: 'alert' }, el('strong', null, vi), e.message ? el('div', { class: 'detail' }, 'Chi tiết: ' + e.message) : null);
}

/* ---- findings ---- */

/* a quote of a record entered as data (a JSON line of the data-entry page
 * or an import) reads as a sentence, not as JSON */
function quoteText(q) {
  if (!/^\s*\{/.test(q)) return q;
  try {
    const r = JSON.parse(q);
    if (!r || !r.indicator) return q;
    return 'số liệu nhập: ' + (indicatorNames[r.indicator] || r.indicator) + ' ' + fmtPeriod(r.period) +
      (r.area ? ' (' + r.area + ')' : '') + ': ' + fmtApproxValue(r.value, r.unit, r.approx);
  } catch (e) { return q; }
}

function findingCard(f) {
  const docs = (f.docs || []).map((d, k) => el('div', null,
    el('span', { class: 'muted' }, d + ': '),
    f.quotes && f.quotes[k] ? el('blockquote', null, '«' + quoteText(f.quotes[k]) + '»') : null));
  return el('div', { class: 'finding ' + f.severity, 'data-kind': f.kind },
    el('div', null, el('strong', null, KIND[f.kind] || f.kind),
      el('span', { class: 'badge ' + f.severity }, SEVERITY[f.severity] || f.severity),
      ' ', el('a', { href: '#/chi-tieu/' + f.indicator }, f.indicator), ' · ', fmtPeriod(f.period)),
    el('div', null, f.message),
    f.explanation ? el('div', { class: 'muted' }, f.explanation) : null, docs,
    findingStatus(f)); /* its status, and the buttons to set it (review.js) */
}

/* ---- pages ---- */

async function pageHome() {
  const inds = await indicators(true);
  const bySector = {};
  for (const i of inds) (bySector[i.sector] = bySector[i.sector] || []).push(i);
  const parts = [];
  for (const [sec, list] of Object.entries(bySector)) {
    const withData = list.filter((i) => i.latest);
    if (!withData.length) continue;
    parts.push(el('h2', null, SECTORS[sec] || sec));
    parts.push(el('div', { class: 'grid' }, withData.map((i) => {
      const l = i.latest;
      const yoy = l.yoy;
      return el('a', { class: 'tile', href: '#/chi-tieu/' + i.code, 'data-code': i.code },
        el('div', { class: 'name' }, i.name || i.code),
        el('div', { class: 'value' }, fmtApproxValue(l.value, l.unit, l.approx)),
        el('div', { class: 'meta' }, fmtPeriod(l.period),
          yoy != null ? el('span', { class: yoy >= 0 ? 'up' : 'down' }, ' · ' + fmtPct(yoy) + ' so với cùng kỳ' + (l.yoy_stated ? '' : ' (tính)')) : null,
          l.conflict ? el('span', { class: 'badge conflict' }, 'mâu thuẫn') : null));
    })));
  }
  const empty = inds.filter((i) => !i.latest).length;
  /* find an indicator by name, code or alias, accents optional */
  const fold = (x) => (x || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  const search = el('input', { type: 'search', id: 'search', placeholder: 'Tìm chỉ tiêu theo tên hoặc tên gọi khác (vd. thuê bao, tấn công mạng)…', 'aria-label': 'Tìm chỉ tiêu' });
  search.addEventListener('input', () => {
    const q = fold(search.value.trim());
    for (const t of document.querySelectorAll('.tile')) {
      const i = inds.find((x) => x.code === t.dataset.code) || {};
      const hay = fold([i.name, i.code, ...(i.aliases || [])].join(' | '));
      t.hidden = q && !hay.includes(q);
    }
  });
  view('Chỉ tiêu ngành Thông tin và Truyền thông', search,
    parts.length ? parts : el('p', { class: 'muted' }, 'Chưa có số liệu. Tải văn bản lên hoặc dùng `chitieu ingest`.'),
    el('p', { class: 'muted' }, empty + ' chỉ tiêu trong danh mục chưa có số liệu.'));
}

/* The data behind the view: the series as CSV (for Excel: BOM, Vietnamese
 * headers), the chart as SVG, and as PNG drawn from the SVG in a canvas. */
function downloads(code, chartUrl) {
  const png = el('a', { href: '#', id: 'dl-png', download: code + '.png' }, 'Biểu đồ PNG');
  png.addEventListener('click', async (ev) => {
    if (png.dataset.ready) return;
    ev.preventDefault();
    const svg = await (await fetch(chartUrl)).text();
    const img = new Image();
    img.onload = () => {
      const c = document.createElement('canvas');
      c.width = (img.naturalWidth || 800) * 2; c.height = (img.naturalHeight || 400) * 2;
      const g = c.getContext('2d');
      g.fillStyle = '#fff'; g.fillRect(0, 0, c.width, c.height);
      g.drawImage(img, 0, 0, c.width, c.height);
      png.href = c.toDataURL('image/png');
      png.dataset.ready = '1';
      png.click();
    };
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
  });
  return el('p', { class: 'downloads' }, 'Tải về: ',
    el('a', { href: '/api/series/' + encodeURIComponent(code) + '?format=csv', id: 'dl-csv', download: code + '.csv' }, 'Chuỗi số liệu CSV'), ' · ',
    el('a', { href: '/api/series/' + encodeURIComponent(code) + '?format=xlsx', id: 'dl-xlsx', download: code + '.xlsx' }, 'Chuỗi số liệu XLSX'), ' · ',
    el('a', { href: chartUrl, id: 'dl-svg', download: code + '.svg' }, 'Biểu đồ SVG'), ' · ', png);
}

/* The areas' figures of one period side by side (a province view); the
 * period defaults to the latest that areas report. */
function provinceView(observations) {
  const byArea = observations.filter((o) => o.area);
  if (!byArea.length) return null;
  const periods = [...new Set(byArea.map((o) => o.period))].sort().reverse();
  const pick = el('select', { id: 'area-period' }, periods.map((p) => el('option', { value: p }, fmtPeriod(p))));
  const body = el('tbody');
  const fill = () => body.replaceChildren(...byArea.filter((o) => o.period === pick.value)
    .sort((a, b) => (b.value || 0) - (a.value || 0))
    .map((o) => el('tr', null, el('td', null, o.area), el('td', { class: 'num' }, fmtApproxValue(o.value, o.unit, o.approx)),
      el('td', null, docLink(o.doc_id, o.obs_id, o.doc)))));
  pick.addEventListener('change', fill);
  fill();
  return [el('h2', null, 'Theo địa bàn'), el('p', null, el('label', { for: 'area-period' }, 'Kỳ: '), pick),
    el('table', { id: 'areas' }, el('thead', null, el('tr', null, el('th', null, 'Địa bàn'), el('th', { class: 'num' }, 'Giá trị'), el('th', null, 'Văn bản'))), body)];
}

const MONTHS_VI = { 1: 'tháng', 3: 'quý', 6: '6 tháng', 12: 'năm' };
/* the number of months of a period in contract notation */
function periodMonths(p) {
  let m;
  if (/^\d{4}$/.test(p)) return 12;
  if (/^\d{4}-S\d$/.test(p)) return 6;
  if (/^\d{4}-Q\d$/.test(p)) return 3;
  if (/^\d{4}-\d{2}$/.test(p)) return 1;
  if ((m = /^(\d{4})-(\d{2})\/(\d{4})-(\d{2})$/.exec(p))) return (+m[3] - +m[1]) * 12 + (+m[4] - +m[2]) + 1;
  return 0;
}

async function pageIndicator(code) {
  const [inds, series, obs, fnd] = await Promise.all([
    indicators(), api('/api/series/' + encodeURIComponent(code)),
    api('/api/observations?indicator=' + encodeURIComponent(code)),
    api('/api/findings?indicator=' + encodeURIComponent(code)), loadReviews(true)]);
  const ind = inds.find((i) => i.code === code) || { code, name: code };
  /* the period length to chart (a flow mixes months, quarters, halves and
   * years; the default is the commonest, and a half-year figure would
   * otherwise never show): kept in the address, #/chi-tieu/CODE?months=6 */
  const months = new URLSearchParams(location.hash.split('?')[1] || '').get('months') || '';
  const chartUrl = '/api/chart/' + encodeURIComponent(code) + '.svg' + (months ? '?months=' + encodeURIComponent(months) : '');
  const lengths = [...new Set(series.rows.map((r) => periodMonths(r.period)).filter((m) => m))].sort((a, b) => a - b);
  const lenPick = el('select', { id: 'months' }, el('option', { value: '' }, 'tự động (kỳ phổ biến nhất)'),
    lengths.map((m) => el('option', { value: m }, MONTHS_VI[m] || m + ' tháng')));
  lenPick.value = months;
  lenPick.addEventListener('change', () => { location.hash = '#/chi-tieu/' + code + (lenPick.value ? '?months=' + lenPick.value : ''); });
  const rows = series.rows.slice().reverse();
  const seriesTable = el('table', { id: 'series' },
    el('thead', null, el('tr', null, el('th', null, 'Kỳ'), el('th', { class: 'num' }, 'Giá trị'),
      el('th', null, 'Nguồn được chọn'), el('th', { class: 'num' }, 'So với cùng kỳ (ghi)'),
      el('th', { class: 'num' }, 'So với cùng kỳ (tính)'), el('th', null, 'Giá trị khác'))),
    el('tbody', null, rows.map((r) => el('tr', { class: r.conflict ? 'conflict' : null },
      el('td', null, fmtPeriod(r.period), r.conflict ? el('span', { class: 'badge conflict' }, 'mâu thuẫn') : null),
      el('td', { class: 'num' }, fmtApproxValue(r.chosen.value, r.unit, r.chosen.approx)),
      el('td', null, r.chosen.doc, el('span', { class: 'muted' }, ' (' + fmtDate(r.chosen.published) + ')')),
      el('td', { class: 'num' }, fmtPct(r.stated_yoy)),
      el('td', { class: 'num' }, r.computed_yoy != null ? fmtPct(r.computed_yoy) : ''),
      el('td', null, r.others.map((o) => fmtValue(o.value, r.unit) + ' (' + o.doc + ')').join('; '))))));
  const sources = el('table', { id: 'sources' },
    el('thead', null, el('tr', null, el('th', null, 'Kỳ'), el('th', { class: 'num' }, 'Giá trị'),
      el('th', null, 'Vai trò'), el('th', null, 'Văn bản'), el('th', null, 'Ngày công bố'), el('th', null, 'Thay đổi'))),
    el('tbody', null, obs.observations.slice().reverse().map((o) => el('tr', null,
      el('td', null, fmtPeriod(o.period), o.area ? el('span', { class: 'badge' }, o.area) : null),
      el('td', { class: 'num' }, fmtApproxValue(o.value, o.unit, o.approx), reviewBadge(o)),
      el('td', null, o.role === 'baseline' ? 'số gốc được trích' : 'số báo cáo'),
      el('td', null, docLink(o.doc_id, o.obs_id, o.doc)),
      el('td', null, fmtDate(o.published)),
      el('td', null, (o.changes || []).map((c) => (BASIS[c.basis] || c.basis) + ' ' + fmtNum(c.pct) + '%').join('; '))))));
  view(ind.name || code,
    el('p', { class: 'muted' }, code + ' · ' + (series.measure === 'stock' ? 'số tại cuối kỳ' : 'số trong kỳ')),
    series.measure === 'stock' || lengths.length < 2 ? null
      : el('p', null, el('label', { for: 'months' }, 'Độ dài kỳ trên biểu đồ: '), lenPick),
    el('div', { class: 'chart' }, el('img', { src: chartUrl, alt: 'Biểu đồ ' + (ind.name || code) })),
    downloads(code, chartUrl),
    el('h2', null, 'Chuỗi số liệu'), rows.length ? seriesTable : el('p', { class: 'muted' }, 'Chưa có số liệu.'),
    provinceView(obs.observations),
    el('h2', null, 'Mọi nguồn theo kỳ (' + obs.count + ')'),
    el('p', { class: 'downloads' }, el('a', { id: 'dl-obs-csv', href: '/api/observations?format=csv&indicator=' + encodeURIComponent(code), download: code + '-nguon.csv' }, 'Tải bảng này (CSV)'),
      ' · ', el('a', { id: 'dl-obs-xlsx', href: '/api/observations?format=xlsx&indicator=' + encodeURIComponent(code), download: code + '-nguon.xlsx' }, 'XLSX')), sources,
    el('h2', null, 'Phát hiện (' + fnd.count + ')'),
    fnd.count ? fnd.findings.map(findingCard) : el('p', { class: 'muted' }, 'Không có phát hiện.'));
}

async function pageDocuments() {
  const d = await api('/api/documents');
  view('Văn bản (' + d.documents.length + ')', el('table', null,
    el('thead', null, el('tr', null, el('th', null, 'Văn bản'), el('th', null, 'Nguồn'),
      el('th', null, 'Ngày công bố'), el('th', { class: 'num' }, 'Số liệu'), el('th', { class: 'num' }, 'Mục tiêu'))),
    el('tbody', null, d.documents.slice().reverse().map((x) => el('tr', null,
      el('td', null, docLink(x.id, null, x.name)), el('td', null, x.source),
      el('td', null, fmtDate(x.published)), el('td', { class: 'num' }, x.observations),
      el('td', { class: 'num' }, x.targets))))));
}

/* The text with every record's value marked; byte spans → characters. */
function highlighted(text, records, onPick) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const cuts = new Set([0, bytes.length]);
  for (const r of records) {
    for (const s of [r.span, r.value_span]) if (s) { cuts.add(Math.max(0, Math.min(bytes.length, s[0]))); cuts.add(Math.max(0, Math.min(bytes.length, s[1]))); }
  }
  const pts = [...cuts].sort((a, b) => a - b);
  const box = el('div', { class: 'doctext', id: 'doctext' });
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i], b = pts[i + 1];
    const piece = dec.decode(bytes.subarray(a, b));
    const inVal = records.filter((r) => r.value_span && r.value_span[0] <= a && b <= r.value_span[1]);
    const inSent = records.filter((r) => r.span && r.span[0] <= a && b <= r.span[1]).map((r) => r.obs_id);
    let node;
    if (inVal.length) {
      node = el('mark', { 'data-obs': inVal.map((r) => r.obs_id).join(' '), title: inVal[0].indicator, tabindex: 0 }, piece);
      node.addEventListener('click', () => onPick(inVal[0].obs_id));
      node.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') onPick(inVal[0].obs_id); });
    } else node = el('span', null, piece);
    node.dataset.sent = inSent.join(' ');
    box.append(node);
  }
  return box;
}

function recordPanel(r, docId) {
  if (!r) return el('div', { class: 'card muted' }, 'Bấm vào một con số được tô màu để xem bản ghi của nó.');
  const row = (k, v) => [el('dt', null, k), el('dd', null, v)];
  return el('div', { class: 'card rec', id: 'record', 'data-obs': r.obs_id },
    el('strong', null, r.type === 'target' ? 'Mục tiêu' : r.role === 'baseline' ? 'Số gốc được trích' : 'Số liệu'),
    el('dl', null,
      row('Chỉ tiêu', el('a', { href: '#/chi-tieu/' + r.indicator }, r.indicator)),
      row('Kỳ', fmtPeriod(r.period)),
      r.type === 'target'
        ? row('Mục tiêu', [r.min != null ? '≥ ' + fmtValue(r.min, r.unit) : '', r.max != null ? ' ≤ ' + fmtValue(r.max, r.unit) : ''].join(''))
        : row('Giá trị', [fmtApproxValue(r.value, r.unit, r.approx), reviewBadge(r)]),
      r.area ? row('Địa bàn', r.area) : null,
      (r.changes || []).length ? row('Thay đổi', r.changes.map((c) => (BASIS[c.basis] || c.basis) + ' ' + fmtNum(c.pct) + '%' + (c.ref_period ? ' (so với ' + fmtPeriod(c.ref_period) + ')' : '')).join('; ')) : null,
      row('Vị trí (byte)', r.span ? r.span[0] + '–' + r.span[1] : '—'),
      row('Liên kết', el('a', { href: '#/van-ban/' + docId + '/' + r.obs_id }, 'câu gốc của bản ghi này'))));
}

async function pageDocument(id, obsId) {
  const [d] = await Promise.all([api('/api/documents/' + encodeURIComponent(id)), loadReviews(true)]);
  const recs = d.records;
  const panel = el('div', { class: 'panel' });
  const pick = (oid, scroll) => {
    const r = recs.find((x) => String(x.obs_id) === String(oid));
    panel.replaceChildren(recordPanel(r, d.id));
    for (const m of document.querySelectorAll('#doctext mark')) m.classList.toggle('on', m.dataset.obs.split(' ').includes(String(oid)));
    let first = null;
    for (const s of document.querySelectorAll('#doctext [data-sent]')) {
      const on = s.dataset.sent.split(' ').includes(String(oid));
      s.classList.toggle('sent', on && s.tagName !== 'MARK');
      if (on && !first) first = s;
    }
    if (scroll && first) first.scrollIntoView({ block: 'center' });
    if (r && location.hash !== '#/van-ban/' + d.id + '/' + oid) history.replaceState(null, '', '#/van-ban/' + d.id + '/' + oid);
  };
  const findings = await api('/api/findings?doc=' + d.id).catch(() => ({ findings: [], count: 0 }));
  view(d.name,
    el('p', { class: 'muted' }, 'Nguồn: ' + d.source + ' · công bố ' + fmtDate(d.published) + ' · ' + recs.length + ' bản ghi'),
    el('div', { class: 'doc' }, highlighted(d.text, recs, (oid) => pick(oid, false)), panel),
    el('h2', null, 'Phát hiện liên quan (' + findings.count + ')'),
    findings.count ? findings.findings.map(findingCard) : el('p', { class: 'muted' }, 'Không có phát hiện.'));
  panel.replaceChildren(recordPanel(null));
  if (obsId) pick(obsId, true);
}

/* #/phat-hien lists the findings not dismissed; #/phat-hien/STATUS those of
 * one status (FSTATUS_VI, review.js), the dismissed ones included */
async function pageFindings(status) {
  const want = FSTATUS_VI[status] ? status : '';
  const f = await api('/api/findings' + (want ? '?status=' + want : ''));
  const order = { major: 0, minor: 1, info: 2 };
  const list = f.findings.slice().sort((a, b) => order[a.severity] - order[b.severity]);
  const pick = el('select', { id: 'findings-status', 'aria-label': 'Trạng thái',
    onchange: () => { location.hash = '#/phat-hien' + (pick.value ? '/' + pick.value : ''); } },
  el('option', { value: '' }, 'trừ phát hiện đã bỏ qua'),
  ...Object.keys(FSTATUS_VI).map((k) => el('option', { value: k }, FSTATUS_VI[k])));
  pick.value = want;
  view('Phát hiện (' + f.count + ')',
    el('p', { class: 'muted' }, 'Tỷ lệ tăng trưởng tính lại, kỳ so sánh, mâu thuẫn giữa các nguồn, thành phần và tổng, kế hoạch.'),
    el('p', null, el('label', null, 'Trạng thái: ', pick)),
    list.length ? list.map(findingCard) : el('p', { class: 'muted' }, 'Không có phát hiện.'));
}

function targetGoal(x, unit) {
  const v = (n) => x.kind === 'growth' ? fmtNum(n) + '%' : fmtValue(n, unit);
  const pre = x.kind === 'growth' ? 'tăng ' : '';
  if (x.min != null && x.max != null && x.min !== x.max) return pre + v(x.min) + ' – ' + v(x.max);
  if (x.min != null && x.max != null) return pre + v(x.min);
  return pre + (x.min != null ? 'tối thiểu ' + v(x.min) : 'tối đa ' + v(x.max));
}

async function pageTargets() {
  /* judged as of a month the reader picks (a past report's own month),
   * kept in the address: #/muc-tieu?as_of=2025-06 */
  const asOf = new URLSearchParams(location.hash.split('?')[1] || '').get('as_of') || '';
  const [t, inds] = await Promise.all([api('/api/targets' + (asOf ? '?as_of=' + encodeURIComponent(asOf) : '')), indicators()]);
  const byCode = Object.fromEntries(inds.map((i) => [i.code, i]));
  const pick = el('input', { type: 'month', id: 'as-of', value: t.as_of || asOf });
  pick.addEventListener('change', () => { location.hash = '#/muc-tieu' + (pick.value ? '?as_of=' + pick.value : ''); });
  const control = el('p', null, el('label', { for: 'as-of' }, 'Đánh giá tính đến tháng '), pick);
  view('Mục tiêu (tính đến ' + fmtPeriod(t.as_of) + ')', control, el('table', { id: 'targets' },
    el('thead', null, el('tr', null, el('th', null, 'Chỉ tiêu'), el('th', null, 'Kỳ'), el('th', null, 'Mục tiêu'),
      el('th', null, 'Thực hiện'), el('th', null, 'Trạng thái'), el('th', null, 'Căn cứ'))),
    el('tbody', null, t.targets.map((x) => el('tr', null,
      el('td', null, el('a', { href: '#/chi-tieu/' + x.indicator }, (byCode[x.indicator] || {}).name || x.indicator)),
      el('td', null, fmtPeriod(x.period)),
      el('td', null, targetGoal(x, (byCode[x.indicator] || {}).unit)),
      el('td', null, x.actual ? fmtValue(x.actual.value, (byCode[x.indicator] || {}).unit) + ' (' + fmtPeriod(x.actual.period) + ')' : '—'),
      el('td', { class: 'status-' + x.status.replace(' ', '-') }, STATUS[x.status] || x.status),
      el('td', { class: 'muted' }, x.why))))));
}

function tokenField() {
  const inp = el('input', { type: 'password', id: 'token', autocomplete: 'off', placeholder: 'ct_…', value: token.get() });
  inp.addEventListener('change', () => token.set(inp.value));
  return [el('label', { for: 'token' }, 'Mã truy cập (token)'), inp,
    el('div', { class: 'muted' }, 'Do quản trị viên cấp bằng `chitieu token create`; chỉ lưu trong phiên trình duyệt này.')];
}

function recordsTable(recs, docId) {
  return el('table', { class: 'records' },
    el('thead', null, el('tr', null, el('th', null, 'Chỉ tiêu'), el('th', null, 'Kỳ'), el('th', { class: 'num' }, 'Giá trị'), el('th', null, ''))),
    el('tbody', null, recs.map((r) => el('tr', null,
      el('td', null, el('a', { href: '#/chi-tieu/' + r.indicator }, r.indicator)),
      el('td', null, fmtPeriod(r.period)),
      el('td', { class: 'num' }, r.type === 'target' ? 'mục tiêu' : fmtValue(r.value, r.unit)),
      el('td', null, docId && r.obs_id ? docLink(docId, r.obs_id, 'câu gốc') : '')))));
}

/* the gazetteer as a select: "" is the whole country */
function areaSelect(id, areas) {
  return el('select', { id }, el('option', { value: '' }, 'Toàn quốc'),
    ['city', 'province', 'ministry', 'agency'].map((k) => el('optgroup', { label: k === 'city' ? 'Thành phố trực thuộc trung ương' : k === 'province' ? 'Tỉnh' : k === 'ministry' ? 'Bộ, ngành' : 'Cơ quan' },
      areas.areas.filter((a) => a.kind === k).map((a) => el('option', { value: a.name }, a.name)))));
}

async function pageUpload() {
  const areas = await api('/api/areas').catch(() => ({ areas: [] }));
  const area = areaSelect('upload-area', areas);
  const name = el('input', { type: 'text', id: 'name', placeholder: 'bao-cao-quy-3-2026' });
  const pub = el('input', { type: 'date', id: 'published' });
  const file = el('input', { type: 'file', id: 'file', accept: '.txt,.htm,.html,.pdf,.docx,text/plain' });
  const text = el('textarea', { id: 'text', placeholder: 'Dán nội dung văn bản báo cáo…' });
  const out = el('div', { id: 'result' });
  file.addEventListener('change', async () => {
    if (!file.files[0]) return;
    /* the bytes go as they are: the server detects the format and the
     * encoding (TCVN3, VNI, PDF, DOCX...); decoding here as UTF-8 would
     * store a legacy file garbled */
    text.value = '';
    text.placeholder = 'Tệp ' + file.files[0].name + ' sẽ được gửi nguyên vẹn; máy chủ nhận dạng định dạng và bảng mã.';
    if (!name.value) name.value = file.files[0].name.replace(/\.[^.]*$/, '');
  });
  const submit = async (ev) => {
    ev.preventDefault();
    token.set(document.getElementById('token').value);
    out.replaceChildren(el('p', { class: 'muted' }, 'Đang xử lý…'));
    try {
      const f = file.files[0];
      const q = new URLSearchParams();
      if (name.value) q.set('name', name.value);
      if (pub.value) q.set('published', pub.value);
      if (area.value) q.set('area', area.value);
      const r = f && !text.value
        ? await api('/api/documents?' + q, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: f })
        : await api('/api/documents', {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ text: text.value, name: name.value || undefined, published: pub.value || undefined, area: area.value || undefined }),
        });
      const d = r.document;
      out.replaceChildren(...[
        el('div', { class: 'msg ok', role: 'status' }, r.stored ? 'Đã lưu văn bản ' : 'Văn bản đã có trong cơ sở dữ liệu: ',
          docLink(d.id, null, d.name), ' — ' + d.records.length + ' bản ghi, ' + r.findings.length + ' phát hiện.'),
        el('h2', null, 'Phát hiện (' + r.findings.length + ')'),
        r.findings.length ? r.findings.map(findingCard) : el('p', { class: 'muted' }, 'Không có phát hiện.'),
        el('h2', null, 'Bản ghi trích được (' + d.records.length + ')'), recordsTable(d.records, d.id)].flat());
      indicatorsCache = null;
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  view('Tải văn bản lên', el('form', { class: 'card', id: 'upload', onsubmit: submit },
    tokenField(),
    el('div', { class: 'row' }, el('div', null, el('label', { for: 'name' }, 'Tên văn bản'), name),
      el('div', null, el('label', { for: 'published' }, 'Ngày công bố'), pub),
      el('div', null, el('label', { for: 'upload-area' }, 'Địa bàn của văn bản'), area)),
    el('label', { for: 'file' }, 'Tệp văn bản (.txt mọi bảng mã, .html, .pdf, .docx)'), file,
    el('label', { for: 'text' }, 'hoặc nội dung'), text,
    el('button', { type: 'submit', id: 'send' }, 'Trích xuất và lưu')), out);
}

/* ---- data entry ---- */

function periodKey(year, kind, n) {
  if (kind === 'year') return String(year);
  if (kind === 'quarter') return year + '-Q' + n;
  if (kind === 'half') return year + '-S' + n;
  return year + '-' + String(n).padStart(2, '0');
}
function previousPeriod(p) {
  let m;
  if ((m = /^(\d{4})$/.exec(p))) return String(+m[1] - 1);
  if ((m = /^(\d{4})-Q(\d)$/.exec(p))) return +m[2] > 1 ? m[1] + '-Q' + (+m[2] - 1) : (+m[1] - 1) + '-Q4';
  if ((m = /^(\d{4})-S(\d)$/.exec(p))) return m[2] === '2' ? m[1] + '-S1' : (+m[1] - 1) + '-S2';
  if ((m = /^(\d{4})-(\d{2})$/.exec(p))) return +m[2] > 1 ? m[1] + '-' + String(+m[2] - 1).padStart(2, '0') : (+m[1] - 1) + '-12';
  return null;
}
function lastYear(p) { return p.replace(/^(\d{4})/, (y) => String(+y - 1)); }
/* the last month of a period ("2025-Q1" → "2025-03"): where a stock is read */
function endMonth(p) {
  let m;
  const mm = (y, k) => y + '-' + String(k).padStart(2, '0');
  if (!p) return null;
  if ((m = /\/(\d{4})-(\d{2})$/.exec(p))) return mm(m[1], +m[2]);
  if ((m = /^(\d{4})$/.exec(p))) return mm(m[1], 12);
  if ((m = /^(\d{4})-Q(\d)$/.exec(p))) return mm(m[1], 3 * m[2]);
  if ((m = /^(\d{4})-S(\d)$/.exec(p))) return mm(m[1], 6 * m[2]);
  if ((m = /^(\d{4})-(\d{2})/.exec(p))) return mm(m[1], +m[2]);
  return null;
}
/* Vietnamese number as typed: 1.234,5 */
function parseVi(s) {
  s = s.trim().replace(/\s/g, '');
  if (!s) return null;
  if (!/^-?[\d.]*(,\d+)?$/.test(s)) return NaN;
  return Number(s.replace(/\./g, '').replace(',', '.'));
}
function entryScale(unit) {
  const u = (unit || '').split('|')[0];
  return u === 'VND' ? [1e9, 'tỷ đồng'] : u === 'USD' ? [1e6, 'triệu USD'] : u === 'percent' ? [1, '%'] : [1, UNITS[u] || u];
}
/* the scales a figure may be typed in: as the reports write it (22,1 triệu thuê bao) */
function entryScales(unit) {
  const u = (unit || '').split('|')[0];
  if (u === 'VND') return [[1e9, 'tỷ đồng'], [1e12, 'nghìn tỷ đồng'], [1e6, 'triệu đồng']];
  if (u === 'USD') return [[1e6, 'triệu USD'], [1e9, 'tỷ USD'], [1, 'USD']];
  if (u === 'percent' || u === 'per100' || u === 'rank' || u === 'Mbps') return [[1, entryScale(unit)[1]]];
  const w = UNITS[u] || u;
  return [[1, w], [1e3, 'nghìn ' + w], [1e6, 'triệu ' + w]];
}
function isCount(unit) {
  const u = (unit || '').split('|')[0];
  return !['VND', 'USD', 'percent', 'per100', 'rank', 'Mbps'].includes(u);
}

async function pageEntry() {
  const [inds, areas] = await Promise.all([indicators(), api('/api/areas')]);
  const withUnit = inds.filter((i) => i.unit);
  const area = el('select', { id: 'area' }, el('option', { value: '' }, 'Toàn quốc'),
    ['city', 'province', 'ministry', 'agency'].map((k) => el('optgroup', { label: k === 'city' ? 'Thành phố trực thuộc trung ương' : k === 'province' ? 'Tỉnh' : k === 'ministry' ? 'Bộ, ngành' : 'Cơ quan' },
      areas.areas.filter((a) => a.kind === k).map((a) => el('option', { value: a.name }, a.name)))));
  const now = new Date();
  const year = el('select', { id: 'year' }, [0, 1, 2, 3, 4].map((k) => el('option', { value: now.getFullYear() - k }, now.getFullYear() - k)));
  const kind = el('select', { id: 'kind' }, el('option', { value: 'quarter' }, 'Quý'), el('option', { value: 'month' }, 'Tháng'),
    el('option', { value: 'half' }, '6 tháng'), el('option', { value: 'year' }, 'Năm'));
  const num = el('select', { id: 'num' });
  const fillNum = () => {
    const n = { quarter: 4, month: 12, half: 2, year: 1 }[kind.value];
    num.replaceChildren(...Array.from({ length: n }, (_, k) => el('option', { value: k + 1 }, kind.value === 'half' ? (k ? 'cuối năm' : 'đầu năm') : kind.value === 'year' ? '—' : k + 1)));
  };
  fillNum();
  kind.addEventListener('change', () => { fillNum(); changed(); });
  const sector = el('select', { id: 'sector' }, Object.entries(SECTORS).map(([k, v]) => el('option', { value: k }, v)));
  sector.value = 'telecom';
  const tbody = el('tbody');
  const checks = el('div', { id: 'checks' });
  const out = el('div', { id: 'result' });
  const seriesCache = {};
  const period = () => periodKey(year.value, kind.value, num.value);

  async function seriesOf(code) {
    const k = code + '|' + area.value;
    if (!seriesCache[k]) seriesCache[k] = api('/api/series/' + code + (area.value ? '?area=' + encodeURIComponent(area.value) : '')).catch(() => ({ rows: [] }));
    return seriesCache[k];
  }

  function rowsTyped() {
    const out = [];
    for (const tr of tbody.children) {
      const inp = tr.querySelector('input');
      const v = parseVi(inp.value);
      if (v == null) continue;
      const sc = tr.querySelector('select.scale');
      out.push({ code: tr.dataset.code, unit: tr.dataset.unit.split('|')[0], typed: v, value: Math.round(v * (sc ? +sc.value : entryScale(tr.dataset.unit)[0]) * 1e6) / 1e6, tr });
    }
    return out;
  }

  /* a second entry of the same area and period is a new version of it
   * (nhap-lieu-da-nang-2026-05-lan-2), never a twin of the first's name */
  let takenNames = new Set();
  const loadNames = () => api('/api/documents').then((d) => { takenNames = new Set((d.documents || []).map((x) => x.name)); }, () => {});
  await loadNames();
  function entryDocName() {
    const base = 'nhap-lieu-' + (area.value || 'toan-quoc').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase() + '-' + period();
    let name = base;
    for (let k = 2; takenNames.has(name); k++) name = base + '-lan-' + k;
    return name;
  }
  function jsonl(rows) {
    const p = period();
    const doc = entryDocName();
    const today = new Date().toISOString().slice(0, 10);
    return rows.map((r) => JSON.stringify({ type: 'observation', doc, indicator: r.code, period: p, value: r.value, unit: r.unit, area: area.value || null, published: today })).join('\n') + '\n';
  }

  /* checks in the page: plausible range, change against the last period and the same period a year before, parts against their whole */
  async function localChecks(rows, my) {
    const p = period();
    for (const tr of tbody.children) if (!rows.some((r) => r.tr === tr)) tr.querySelector('.check').textContent = '';
    for (const r of rows) {
      const cell = r.tr.querySelector('.check');
      const notes = [];
      let level = 'ok';
      if (isNaN(r.typed)) { notes.push('không phải số (viết 1.234,5)'); level = 'err'; }
      else if (r.value < 0) { notes.push('số âm'); level = 'err'; }
      else if (r.unit === 'percent' && r.value > 100) { notes.push('tỷ lệ quá 100%'); level = 'err'; }
      else if (isCount(r.unit) && !Number.isInteger(r.value)) {
        /* "22,1" thuê bao: a count has no fraction; the scale is missing */
        notes.push('số đếm không có phần lẻ: ' + fmtNum(r.typed) + ' ' + (UNITS[r.unit] || r.unit) + '? chọn đơn vị nghìn hoặc triệu');
        level = 'warn';
      } else {
        const s = await seriesOf(r.code);
        for (const [label, ref] of [['kỳ trước', previousPeriod(p)], ['cùng kỳ', lastYear(p)]]) {
          /* a stock's rows are its end months: a quarter typed is compared
           * with the level at the end of the quarter before */
          const row = (s.rows || []).find((x) => x.period === ref || (s.measure === 'stock' && ref && endMonth(x.period) === endMonth(ref)));
          if (!row || !row.chosen.value) continue;
          const ch = (r.value / row.chosen.value - 1) * 100;
          notes.push(label + ' ' + fmtValue(row.chosen.value, row.unit) + ' → ' + fmtPct(ch));
          if (Math.abs(ch) > 50 && level === 'ok') level = 'warn';
          if ((r.value / row.chosen.value > 100 || r.value / row.chosen.value < 0.01) && r.value > 0) notes.push('gấp hay kém hàng trăm lần: kiểm tra đơn vị');
        }
        if (!notes.length) notes.push('chưa có số kỳ trước để so sánh');
      }
      if (my !== seq) return [];
      cell.className = 'check ' + (level === 'err' ? 'down' : level === 'warn' ? 'status-at-risk' : 'muted');
      cell.textContent = notes.join('; ') + (level === 'warn' ? ' — thay đổi lớn, kiểm tra lại' : '');
    }
    const msgs = [];
    for (const whole of inds.filter((i) => i.parts && i.parts.length)) {
      const w = rows.find((r) => r.code === whole.code);
      const ps = whole.parts.map((c) => rows.find((r) => r.code === c));
      if (!w || ps.some((x) => !x)) continue;
      const sum = ps.reduce((a, x) => a + x.value, 0);
      if (Math.abs(sum - w.value) > Math.max(1, w.value * 0.0005)) msgs.push(el('div', { class: 'msg warn' }, 'Tổng các thành phần của ' + whole.code + ' là ' + fmtValue(sum, w.unit) + ', khác tổng đã nhập ' + fmtValue(w.value, w.unit) + '.'));
    }
    return msgs;
  }

  let timer = null, seq = 0, lastFindings = [];
  function changed() {
    clearTimeout(timer);
    timer = setTimeout(runChecks, 350);
  }
  async function runChecks() {
    const my = ++seq;
    const rows = rowsTyped();
    const local = await localChecks(rows, my);
    const good = rows.filter((r) => !isNaN(r.typed));
    let server = [];
    if (good.length && token.get()) {
      try {
        const r = await api('/api/import?dry_run=1&format=jsonl', { method: 'POST', headers: { 'Content-Type': 'application/x-ndjson' }, body: jsonl(good) });
        lastFindings = r.findings;
        server = r.findings.map(findingCard);
      } catch (e) { server = [errorBox(e)]; }
    } else if (good.length) server = [el('p', { class: 'muted' }, 'Nhập mã truy cập để đối chiếu với cơ sở dữ liệu.')];
    if (my !== seq) return;
    checks.replaceChildren(el('h2', null, 'Kiểm tra'), ...local, ...server,
      ...(!local.length && !server.length ? [el('p', { class: 'muted' }, good.length ? 'Không có phát hiện.' : 'Gõ số liệu để kiểm tra.')] : []));
  }

  function fillRows() {
    tbody.replaceChildren(...withUnit.filter((i) => i.sector === sector.value).map((i) => {
      const [, label] = entryScale(i.unit);
      const inp = el('input', { type: 'text', inputmode: 'decimal', 'aria-label': i.name || i.code, 'data-code': i.code });
      inp.addEventListener('input', changed);
      /* Enter moves to the next figure; it never saves half a table */
      inp.addEventListener('keydown', (ev) => {
        if (ev.key !== 'Enter') return;
        ev.preventDefault();
        const all = [...tbody.querySelectorAll('input')];
        const next = all[all.indexOf(inp) + 1];
        if (next) next.focus();
      });
      const scales = entryScales(i.unit);
      const unitCell = scales.length > 1
        ? el('select', { class: 'scale', 'data-code': i.code, 'aria-label': 'Đơn vị của ' + (i.name || i.code) }, scales.map(([f, w]) => el('option', { value: f }, w)))
        : label;
      if (unitCell instanceof Node) unitCell.addEventListener('change', changed);
      return el('tr', { 'data-code': i.code, 'data-unit': i.unit },
        el('td', null, i.name || i.code, el('div', { class: 'muted' }, i.code)),
        el('td', null, inp), el('td', null, unitCell), el('td', { class: 'check muted' }, ''));
    }));
  }
  fillRows();
  sector.addEventListener('change', () => { fillRows(); changed(); });
  /* figures typed for one area and period are not figures of another:
   * changing either clears them instead of carrying them over */
  const clearTyped = () => {
    let n = 0;
    for (const inp of tbody.querySelectorAll('input')) { if (inp.value) n++; inp.value = ''; }
    if (n) out.replaceChildren(el('div', { class: 'msg warn', id: 'cleared' }, 'Đã xoá ' + n + ' số đã gõ vì địa bàn hoặc kỳ đã đổi.'));
  };
  for (const s of [area, year, num]) s.addEventListener('change', () => { clearTyped(); changed(); });
  kind.addEventListener('change', clearTyped);

  const save = async (ev) => {
    if (ev) ev.preventDefault();
    token.set(document.getElementById('token').value);
    const rows = rowsTyped().filter((r) => !isNaN(r.typed));
    if (!rows.length) { out.replaceChildren(el('div', { class: 'msg err' }, 'Chưa nhập số liệu nào.')); return; }
    const major = lastFindings.filter((f) => f.severity === 'major').length;
    if (major && !window.confirm('Có ' + major + ' phát hiện nghiêm trọng. Vẫn lưu các số liệu này?')) {
      out.replaceChildren(el('div', { class: 'msg warn' }, 'Chưa lưu: xem lại các phát hiện nghiêm trọng.'));
      return;
    }
    try {
      const r = await api('/api/import?format=jsonl', { method: 'POST', headers: { 'Content-Type': 'application/x-ndjson' }, body: jsonl(rows) });
      out.replaceChildren(el('div', { class: 'msg ok', role: 'status' },
        r.documents ? 'Đã lưu ' + r.records + ' số liệu' : 'Các số liệu này đã được lưu trước đó',
        r.doc_ids.length ? [' — ', docLink(r.doc_ids[0], null, 'xem văn bản nhập liệu')] : null, '.'),
        ...r.findings.map(findingCard));
      for (const k in seriesCache) delete seriesCache[k];
      await loadNames();
      indicatorsCache = null;
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  view('Nhập số liệu', el('form', { class: 'card entry', id: 'entry', onsubmit: (ev) => ev.preventDefault() },
    tokenField(),
    el('div', { class: 'row' },
      el('div', null, el('label', { for: 'area' }, 'Địa bàn / cơ quan'), area),
      el('div', null, el('label', { for: 'year' }, 'Năm'), year),
      el('div', null, el('label', { for: 'kind' }, 'Loại kỳ'), kind),
      el('div', null, el('label', { for: 'num' }, 'Kỳ'), num),
      el('div', null, el('label', { for: 'sector' }, 'Lĩnh vực'), sector)),
    el('table', null, el('thead', null, el('tr', null, el('th', null, 'Chỉ tiêu'), el('th', null, 'Giá trị'), el('th', null, 'Đơn vị'), el('th', null, 'Kiểm tra'))), tbody),
    el('button', { type: 'button', id: 'save', onclick: save }, 'Lưu số liệu')), checks, out);
}

/* ---- two periods side by side, and the report (issue 17) ---- */

/* the page's filters kept in the address (#/so-sanh?a=2025-Q1&b=2026-Q1&sector=telecom&area=...) */
function hashArgs() { return new URLSearchParams(location.hash.split('?')[1] || ''); }
function setHashArgs(page, args) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(args)) if (v) q.set(k, v);
  location.hash = page + (q.toString() ? '?' + q.toString() : '');
}
function sectorSelect(id, value) {
  const s = el('select', { id }, el('option', { value: '' }, 'Tất cả lĩnh vực'),
    Object.entries(SECTORS).map(([k, v]) => el('option', { value: k }, v)));
  s.value = value || '';
  return s;
}
function periodSelect(id, periods, value) {
  const s = el('select', { id }, periods.map((p) => el('option', { value: p }, fmtPeriod(p))));
  if (value && !periods.includes(value)) s.prepend(el('option', { value }, fmtPeriod(value)));
  s.value = value || periods[0] || '';
  return s;
}
/* a change with its sign, in the indicator's unit; a percentage's in points */
function fmtChange(d, unit) {
  if (d == null) return '';
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  if (unit === 'percent') return sign + fmtNum(Math.abs(d)) + ' điểm %';
  return sign + fmtValue(Math.abs(d), unit);
}

/* PX-Web style: the sector's indicators in two periods side by side, with
 * the change, for the country or an area; the same table as CSV and XLSX */
async function pageCompare() {
  const q = hashArgs();
  const args = { a: q.get('a') || '', b: q.get('b') || '', sector: q.get('sector') || '', area: q.get('area') || '' };
  const qs = new URLSearchParams(Object.entries(args).filter(([, v]) => v)).toString();
  const [c, areas] = await Promise.all([api('/api/compare' + (qs ? '?' + qs : '')), api('/api/areas').catch(() => ({ areas: [] }))]);
  if (!c.b) { view('So sánh hai kỳ', el('p', { class: 'muted' }, 'Chưa có số liệu để so sánh' + (args.area ? ' của ' + args.area : '') + '.')); return; }
  const pa = periodSelect('cmp-a', c.periods, c.a), pb = periodSelect('cmp-b', c.periods, c.b);
  const sec = sectorSelect('cmp-sector', args.sector), area = areaSelect('cmp-area', areas);
  area.value = args.area;
  const go = () => setHashArgs('#/so-sanh', { a: pa.value, b: pb.value, sector: sec.value, area: area.value });
  for (const x of [pa, pb, sec, area]) x.addEventListener('change', go);
  const cur = new URLSearchParams({ a: c.a, b: c.b });
  if (args.sector) cur.set('sector', args.sector);
  if (args.area) cur.set('area', args.area);
  const name = 'so-sanh-' + c.a + '-' + c.b;
  const body = c.rows.map((r) => el('tr', { 'data-code': r.indicator },
    el('td', null, el('a', { href: '#/chi-tieu/' + r.indicator }, r.name || r.indicator),
      el('div', { class: 'muted' }, SECTORS[r.sector] || r.sector)),
    el('td', { class: 'num' }, r.a ? fmtApproxValue(r.a.value, r.unit, r.a.approx) : '—',
      r.a && r.a.conflict ? el('span', { class: 'badge conflict' }, 'mâu thuẫn') : null),
    el('td', { class: 'num' }, r.b ? fmtApproxValue(r.b.value, r.unit, r.b.approx) : '—',
      r.b && r.b.conflict ? el('span', { class: 'badge conflict' }, 'mâu thuẫn') : null),
    el('td', { class: 'num ' + (r.change > 0 ? 'up' : r.change < 0 ? 'down' : '') }, fmtChange(r.change, r.unit)),
    el('td', { class: 'num' }, fmtPct(r.change_pct))));
  view('So sánh hai kỳ',
    el('div', { class: 'row filters' },
      el('div', null, el('label', { for: 'cmp-sector' }, 'Lĩnh vực'), sec),
      el('div', null, el('label', { for: 'cmp-a' }, 'Kỳ gốc'), pa),
      el('div', null, el('label', { for: 'cmp-b' }, 'Kỳ so sánh'), pb),
      el('div', null, el('label', { for: 'cmp-area' }, 'Địa bàn'), area)),
    el('p', { class: 'muted' }, 'Một dòng mỗi chỉ tiêu có số liệu ở một trong hai kỳ; số tại cuối kỳ được so theo tháng cuối kỳ. ',
      c.area ? 'Số liệu của ' + c.area + '.' : 'Số liệu toàn quốc.'),
    el('p', { class: 'downloads' }, 'Tải bảng này: ',
      el('a', { id: 'dl-cmp-csv', href: '/api/compare?format=csv&' + cur, download: name + '.csv' }, 'CSV'), ' · ',
      el('a', { id: 'dl-cmp-xlsx', href: '/api/compare?format=xlsx&' + cur, download: name + '.xlsx' }, 'XLSX')),
    c.rows.length ? el('table', { id: 'compare' },
      el('thead', null, el('tr', null, el('th', null, 'Chỉ tiêu'), el('th', { class: 'num' }, fmtPeriod(c.a)),
        el('th', { class: 'num' }, fmtPeriod(c.b)), el('th', { class: 'num' }, 'Thay đổi'), el('th', { class: 'num' }, 'Thay đổi (%)'))),
      el('tbody', null, body))
      : el('p', { class: 'muted' }, 'Không có chỉ tiêu nào có số liệu ở hai kỳ này.'));
}

/* the Vietnamese report of a period (a sector, an area), as the server
 * writes it, in a frame; its tables as XLSX, the report as HTML and text */
async function pageReport() {
  const q = hashArgs();
  const args = { period: q.get('period') || '', sector: q.get('sector') || '', area: q.get('area') || '' };
  const [c, areas] = await Promise.all([api('/api/compare' + (args.area ? '?area=' + encodeURIComponent(args.area) : '')),
    api('/api/areas').catch(() => ({ areas: [] }))]);
  const period = args.period || c.b;
  if (!period) { view('Báo cáo', el('p', { class: 'muted' }, 'Chưa có số liệu để lập báo cáo' + (args.area ? ' của ' + args.area : '') + '.')); return; }
  const per = periodSelect('rep-period', c.periods, period), sec = sectorSelect('rep-sector', args.sector);
  const area = areaSelect('rep-area', areas);
  area.value = args.area;
  const go = () => setHashArgs('#/bao-cao', { period: per.value, sector: sec.value, area: area.value });
  for (const x of [per, sec, area]) x.addEventListener('change', go);
  const cur = new URLSearchParams({ period });
  if (args.sector) cur.set('sector', args.sector);
  if (args.area) cur.set('area', args.area);
  const name = 'bao-cao-' + period + (args.area ? '-' + args.area : '');
  let shown;
  try {
    /* the server's own HTML document, shown in a sandboxed frame of its
     * own (no scripts, its styles kept apart from the page's): the server
     * forbids framing its responses, so the frame gets the text */
    const html = await api('/api/report?format=html&' + cur);
    shown = el('iframe', { id: 'report', title: 'Báo cáo', sandbox: 'allow-same-origin', srcdoc: html });
  } catch (e) {
    shown = e.status === 404 ? el('p', { class: 'msg warn' }, 'Không có số liệu của ' + fmtPeriod(period) + (args.area ? ' cho ' + args.area : '') + '.') : errorBox(e);
  }
  view('Báo cáo ' + fmtPeriod(period) + (args.area ? ' — ' + args.area : ''),
    el('div', { class: 'row filters' },
      el('div', null, el('label', { for: 'rep-period' }, 'Kỳ báo cáo'), per),
      el('div', null, el('label', { for: 'rep-sector' }, 'Lĩnh vực'), sec),
      el('div', null, el('label', { for: 'rep-area' }, 'Địa bàn'), area)),
    el('p', { class: 'downloads' }, 'Tải về: ',
      el('a', { id: 'dl-rep-xlsx', href: '/api/report?format=xlsx&' + cur, download: name + '.xlsx' }, 'Bảng số liệu XLSX'), ' · ',
      el('a', { id: 'dl-rep-csv', href: '/api/report?format=csv&' + cur, download: name + '.csv' }, 'CSV'), ' · ',
      el('a', { id: 'dl-rep-html', href: '/api/report?format=html&' + cur, download: name + '.html' }, 'Báo cáo HTML (in ra A4)'), ' · ',
      el('a', { id: 'dl-rep-md', href: '/api/report?format=md&' + cur, download: name + '.md' }, 'Markdown')),
    shown);
}

/* ---- router ---- */

async function route() {
  const h = decodeURIComponent(location.hash.replace(/^#/, '').split('?')[0]) || '/';
  const parts = h.split('/').filter(Boolean);
  const navKey = { 'chi-tieu': 'home', 'van-ban': 'docs', 'phat-hien': 'findings', 'muc-tieu': 'targets', 'tai-len': 'upload', 'nhap-lieu': 'entry', 'so-sanh': 'compare', 'bao-cao': 'report', duyet: 'review' }[parts[0]] || 'home';
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('on', a.dataset.nav === navKey);
  try {
    if (!parts.length) await pageHome();
    else if (parts[0] === 'chi-tieu' && parts[1]) await pageIndicator(parts[1]);
    else if (parts[0] === 'van-ban' && parts[1]) await pageDocument(parts[1], parts[2]);
    else if (parts[0] === 'van-ban') await pageDocuments();
    else if (parts[0] === 'phat-hien') await pageFindings(parts[1]);
    else if (parts[0] === 'muc-tieu') await pageTargets();
    else if (parts[0] === 'tai-len') await pageUpload();
    else if (parts[0] === 'nhap-lieu') await pageEntry();
    else if (parts[0] === 'so-sanh') await pageCompare();
    else if (parts[0] === 'bao-cao') await pageReport();
    else if (REVIEW_PAGES[parts[0]]) await REVIEW_PAGES[parts[0]](parts.slice(1)); /* review.js */
    else view('Không tìm thấy trang', el('p', null, el('a', { href: '#/' }, 'Về trang chủ')));
  } catch (e) {
    view('Không tải được dữ liệu', errorBox(e));
  }
  document.body.dataset.ready = h;
}

window.addEventListener('hashchange', route);
route();
