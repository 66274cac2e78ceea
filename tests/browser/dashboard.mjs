// dashboard.mjs — the dashboard in headless chromium: the overview lists
// sectors with values, an indicator page shows its chart and series, a
// document uploaded with a token is stored and its findings shown, the
// document page links a highlighted figure to its record and back, and
// the data-entry page checks typed figures and saves them under the
// token's name. Screenshots of each step go to $CT_SHOTS.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import { workbook } from './xlsx.mjs';

const url = process.env.CT_URL, tok = process.env.CT_TOKEN, shots = process.env.CT_SHOTS;
let failures = 0;
function check(cond, what) {
  if (!cond) { failures++; console.log('FAIL: ' + what); }
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
const ready = (h) => page.waitForFunction((x) => document.body.dataset.ready === x, h, { timeout: 15000 });

try {
  // overview
  await page.goto(url);
  await ready('/');
  const tiles = await page.locator('.tile').count();
  check(tiles >= 5, 'overview shows indicator tiles (' + tiles + ')');
  const fixed = page.locator('.tile[data-code="telecom.fixed_bb_subs"]');
  check((await fixed.innerText()).includes('23,9 triệu thuê bao'), 'a count in millions as the reports write it: ' + await fixed.innerText());
  check((await page.locator('.tile[data-code="esign.public_certs_active"]').innerText()).includes('3.641.002'), 'a count that is not round keeps every digit');
  await page.screenshot({ path: shots + '/1-overview.png', fullPage: true });
  // find an indicator by an alias, without accents
  await page.fill('#search', 'bang rong co dinh');
  check(await fixed.isVisible(), 'search by alias keeps the broadband tile');
  check(!(await page.locator('.tile[data-code="infosec.attacks"]').isVisible()), 'search hides the other tiles');
  await page.fill('#search', '');

  // a series
  await fixed.click();
  await ready('/chi-tieu/telecom.fixed_bb_subs');
  // the image loads after the page is ready: wait for it (a broken image never gets a width)
  const loaded = await page.waitForFunction(() => { const i = document.querySelector('.chart img'); return i && i.complete && i.naturalWidth > 0; }, null, { timeout: 10000 }).then(() => true, () => false);
  check(loaded, 'chart image loaded');
  const rows = await page.locator('#series tbody tr').count();
  check(rows >= 1, 'series table has rows (' + rows + ')');
  check((await page.locator('#sources').innerText()).includes('bao-cao-thang-5-2025'), 'sources name their document');
  await page.screenshot({ path: shots + '/2-series.png', fullPage: true });

  // the data behind the view: the series as CSV for Excel, the chart as SVG and PNG
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('#dl-csv')]);
  const csv = fs.readFileSync(await csvDl.path());
  check(csv[0] === 0xef && csv[1] === 0xbb && csv[2] === 0xbf, 'CSV download starts with a BOM');
  const csvText = csv.toString('utf8');
  check(csvText.includes('Kỳ,Mã kỳ,Giá trị,Đơn vị') && csvText.includes('thuê bao'), 'CSV has Vietnamese headers and units');
  fs.writeFileSync(shots + '/series.csv', csv);
  const [xlsxDl] = await Promise.all([page.waitForEvent('download'), page.click('#dl-xlsx')]);
  fs.copyFileSync(await xlsxDl.path(), shots + '/series.xlsx');
  const wbS = workbook(shots + '/series.xlsx');
  check(wbS.sheets.join() === 'Chuỗi số liệu' && wbS.strings.includes('thuê bao') && wbS.strings.includes('Số liệu như ghi'),
    'the series downloads as XLSX with a Vietnamese sheet, headers and unit: ' + JSON.stringify(wbS).slice(0, 200));
  const [svgDl] = await Promise.all([page.waitForEvent('download'), page.click('#dl-svg')]);
  const svg = fs.readFileSync(await svgDl.path(), 'utf8');
  check(svg.includes('<svg'), 'chart downloads as SVG');
  const [pngDl] = await Promise.all([page.waitForEvent('download'), page.click('#dl-png')]);
  const png = fs.readFileSync(await pngDl.path());
  check(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'chart downloads as PNG');
  fs.writeFileSync(shots + '/chart.png', png);
  const [obsDl] = await Promise.all([page.waitForEvent('download'), page.click('#dl-obs-csv')]);
  const obsCsv = fs.readFileSync(await obsDl.path(), 'utf8');
  check(obsCsv.includes('Địa bàn,Giá trị,Đơn vị') && obsCsv.includes('bao-cao-thang-5-2025'), 'the sources table downloads as CSV');
  const [obsX] = await Promise.all([page.waitForEvent('download'), page.click('#dl-obs-xlsx')]);
  fs.copyFileSync(await obsX.path(), shots + '/sources.xlsx');
  const wbO = workbook(shots + '/sources.xlsx');
  check(wbO.sheets.join() === 'Số liệu theo nguồn' && wbO.strings.includes('Toàn quốc') && wbO.strings.includes('bao-cao-thang-5-2025'),
    'the sources table downloads as XLSX: ' + JSON.stringify(wbO).slice(0, 200));
  // qualifiers are words on the page, not "~"
  check(!(await page.locator('#sources').innerText()).includes('~'), 'no "~" for a qualifier in the sources table');

  // upload a document with a token: stored, its findings shown
  await page.click('nav a[data-nav="upload"]');
  await ready('/tai-len');
  await page.fill('#token', tok);
  await page.fill('#name', 'bao-cao-da-nang-q3-2026');
  await page.fill('#published', '2026-10-12');
  await page.fill('#text',
    'Trong quý 3/2026, hệ thống giám sát ghi nhận 2.150 cuộc tấn công mạng gây ra sự cố, ' +
    'tăng 25% so với cùng kỳ năm 2024 (1.720 cuộc).\n\n' +
    'Số thuê bao băng rộng cố định tính đến tháng 5/2025 là 24.100.000 thuê bao.');
  await page.click('#send');
  await page.waitForSelector('#result .msg', { timeout: 15000 });
  const msg = await page.locator('#result .msg').innerText();
  check(msg.includes('Đã lưu văn bản'), 'upload stored: ' + msg);
  const kinds = await page.locator('#result .finding').evaluateAll((n) => n.map((x) => x.dataset.kind));
  check(kinds.includes('ref_period'), 'wrong reference year found: ' + kinds);
  check(kinds.includes('conflict'), 'conflict with the stored May figure found: ' + kinds);
  await page.screenshot({ path: shots + '/3-upload-findings.png', fullPage: true });

  // its document page: a figure links to its record, the record back to its sentence
  await page.click('#result .msg a');
  await page.waitForSelector('#doctext mark');
  const marks = await page.locator('#doctext mark').count();
  check(marks >= 3, 'figures highlighted in the text (' + marks + ')');
  await page.locator('#doctext mark', { hasText: '2.150' }).click();
  const rec = await page.locator('#record').innerText();
  check(rec.includes('infosec.attacks') && rec.includes('quý 3/2026'), 'clicked figure shows its record');
  const obs = await page.locator('#record').getAttribute('data-obs');
  check(page.url().endsWith('/' + obs), 'the record has its own address');
  await page.reload();
  await page.waitForSelector('#doctext mark.on');
  check((await page.locator('#doctext mark.on').innerText()).includes('2.150'), 'a record address opens on its sentence');
  await page.screenshot({ path: shots + '/4-document.png', fullPage: true });

  // findings page lists them
  await page.click('nav a[data-nav="findings"]');
  await ready('/phat-hien');
  check(await page.locator('.finding').count() >= 2, 'findings page lists findings');
  await page.screenshot({ path: shots + '/5-findings.png', fullPage: true });

  // data entry: a typed figure is checked, then saved under the token's name
  await page.click('nav a[data-nav="entry"]');
  await ready('/nhap-lieu');
  await page.selectOption('#area', 'Đà Nẵng');
  await page.selectOption('#year', '2026');
  await page.selectOption('#kind', 'month');
  await page.selectOption('#num', '5');
  await page.selectOption('#sector', 'telecom');
  const fb = 'input[data-code="telecom.fixed_bb_subs"]', fbCheck = 'tr[data-code="telecom.fixed_bb_subs"] .check';
  // "22,1" subscribers is implausible: the scale is missing
  await page.fill(fb, '22,1');
  await page.waitForFunction((c) => document.querySelector(c).textContent.includes('không có phần lẻ'), fbCheck);
  // Enter moves on, it does not save
  await page.press(fb, 'Enter');
  await page.waitForTimeout(600);
  check(await page.locator('#result .msg.ok').count() === 0, 'Enter in a figure does not save');
  // a typed figure is not carried to another period
  await page.selectOption('#num', '4');
  check((await page.inputValue(fb)) === '', 'changing the period clears the typed figures');
  check(await page.locator('#cleared').count() === 1, 'the page says the figures were cleared');
  await page.selectOption('#num', '5');
  // with the scale "triệu thuê bao", 22,1 is 22.100.000 and plausible
  await page.selectOption('select.scale[data-code="telecom.fixed_bb_subs"]', { label: 'triệu thuê bao' });
  await page.fill(fb, '22,1');
  await page.waitForFunction((c) => { const t = document.querySelector(c).textContent; return t && !t.includes('không có phần lẻ'); }, fbCheck);
  await page.selectOption('select.scale[data-code="telecom.fixed_bb_subs"]', { label: 'thuê bao' });
  await page.fill('input[data-code="telecom.fixed_bb_subs"]', '-5');
  await page.waitForFunction(() => document.querySelector('tr[data-code="telecom.fixed_bb_subs"] .check').textContent.includes('số âm'));
  await page.fill('input[data-code="telecom.fixed_bb_subs"]', '612.400');
  await page.waitForFunction(() => /chưa có số|kỳ trước|cùng kỳ/.test(document.querySelector('tr[data-code="telecom.fixed_bb_subs"] .check').textContent));
  await page.waitForFunction(() => document.querySelector('#checks h2'));
  await page.click('#save');
  await page.waitForSelector('#result .msg', { timeout: 15000 });
  check((await page.locator('#result .msg').innerText()).includes('Đã lưu 1 số liệu'), 'entry saved');
  await page.screenshot({ path: shots + '/6-entry.png', fullPage: true });
  const obsApi = await (await fetch(url + 'api/observations?indicator=telecom.fixed_bb_subs&area=' + encodeURIComponent('Đà Nẵng'))).json();
  check(obsApi.count === 1 && obsApi.observations[0].value === 612400 && obsApi.observations[0].period === '2026-05', 'entered figure stored with its area and period');
  const docs = await (await fetch(url + 'api/documents')).json();
  check(docs.documents.some((d) => d.source === 'token:Sở TT&TT Đà Nẵng' && d.name.startsWith('nhap-lieu-da-nang')), 'entry source is the token name');
  // saving with a major finding asks first: refused, nothing is stored; confirmed, it is
  await page.fill(fb, '990.000');
  await page.waitForSelector('#checks .finding.major', { timeout: 15000 });
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await page.click('#save');
  await page.waitForSelector('#result .msg.warn', { timeout: 15000 });
  check(asked.includes('nghiêm trọng'), 'saving with a major finding asks first: "' + asked + '"');
  const quote = await page.locator('#checks .finding.major blockquote').first().innerText();
  check(!quote.includes('{"') && quote.includes('Số thuê bao băng rộng cố định tháng 5/2026 (Đà Nẵng): 612.400 thuê bao'),
    'an entered figure is quoted as a sentence with its indicator\'s name, not JSON: ' + quote);
  const still = await (await fetch(url + 'api/observations?indicator=telecom.fixed_bb_subs&area=' + encodeURIComponent('Đà Nẵng'))).json();
  check(still.count === 1, 'a refused save stores nothing (' + still.count + ')');
  await page.screenshot({ path: shots + '/6b-entry-asks.png', fullPage: true });
  page.once('dialog', (d) => d.accept());
  await page.click('#save');
  await page.waitForSelector('#result .msg.ok', { timeout: 15000 });
  const after = await (await fetch(url + 'api/observations?indicator=telecom.fixed_bb_subs&area=' + encodeURIComponent('Đà Nẵng'))).json();
  check(after.observations.some((o) => o.value === 990000), 'a confirmed save stores the figure');
  const names = (await (await fetch(url + 'api/documents')).json()).documents.map((d) => d.name).filter((n) => n.startsWith('nhap-lieu-da-nang-2026-05'));
  check(names.length === 2 && names.includes('nhap-lieu-da-nang-2026-05-lan-2'), 'a second entry of the period is a new version, not a twin: ' + names);

  // a province report of our own, sent as a file: its bytes as they are
  await page.click('nav a[data-nav="upload"]');
  await ready('/tai-len');
  await page.fill('#token', tok);
  await page.fill('#name', '');
  await page.selectOption('#upload-area', 'Quảng Trị');
  await page.setInputFiles('#file', { name: 'bao-cao-quang-tri-6-thang-2026.txt', mimeType: 'text/plain',
    buffer: Buffer.from('Báo cáo của Sở Khoa học và Công nghệ tỉnh Quảng Trị.\n\n' +
      'Sáu tháng đầu năm 2026, doanh thu dịch vụ viễn thông trên địa bàn tỉnh Quảng Trị ước đạt 1.240 tỷ đồng, ' +
      'tăng 6,5% so với cùng kỳ năm 2025.\n\nTrong quý 2/2026, các đơn vị trên địa bàn ghi nhận hơn 30 cuộc tấn công mạng.\n', 'utf8') });
  check((await page.inputValue('#name')) === 'bao-cao-quang-tri-6-thang-2026', 'file name becomes the document name');
  await page.click('#send');
  await page.waitForSelector('#result .msg', { timeout: 15000 });
  check((await page.locator('#result .msg').innerText()).includes('Đã lưu văn bản'), 'province report file stored');
  await page.screenshot({ path: shots + '/7-province-upload.png', fullPage: true });
  // the province view of an indicator lists the areas' figures of a period
  await page.goto(url + '#/chi-tieu/telecom.revenue');
  await ready('/chi-tieu/telecom.revenue');
  check((await page.locator('#areas').innerText()).includes('Quảng Trị'), 'province view lists Quảng Trị');
  check((await page.locator('#areas').innerText()).includes('1.240 tỷ đồng'), 'province view shows its figure');
  await page.screenshot({ path: shots + '/7b-province-view.png', fullPage: true });

  // two periods side by side, filtered by sector, period and area; the table as CSV and XLSX
  for (const [name, pub, text] of [
    ['so-lieu-quy-1-2024', '2024-04-08', 'Doanh thu dịch vụ viễn thông quý 1/2024 đạt 33.100 tỷ đồng.\n\nSố thuê bao băng rộng cố định tính đến hết quý 1/2024 đạt 22,4 triệu thuê bao.\n\nSố cuộc tấn công mạng gây ra sự cố quý 1/2024 là 1.420 cuộc.\n'],
    ['so-lieu-quy-1-2025', '2025-04-09', 'Doanh thu dịch vụ viễn thông quý 1/2025 đạt 34.900 tỷ đồng.\n\nSố thuê bao băng rộng cố định tính đến hết quý 1/2025 đạt 23,6 triệu thuê bao.\n\nSố cuộc tấn công mạng gây ra sự cố quý 1/2025 là 1.310 cuộc.\n']]) {
    const r = await fetch(url + 'api/documents?name=' + name + '&published=' + pub, { method: 'POST', body: text,
      headers: { Authorization: 'Bearer ' + tok, 'Content-Type': 'text/plain; charset=utf-8' } });
    check(r.status === 201, 'stored ' + name + ' (' + r.status + ')');
  }
  await page.click('nav a[data-nav="compare"]');
  await ready('/so-sanh');
  check((await page.locator('h1').innerText()) === 'So sánh hai kỳ', 'the compare page opens');
  await page.selectOption('#cmp-sector', 'telecom');
  await page.waitForFunction(() => location.hash.includes('sector=telecom') && document.getElementById('cmp-sector').value === 'telecom');
  const offered = await page.locator('#cmp-a option').evaluateAll((n) => n.map((x) => x.value));
  check(offered.includes('2024-Q1') && offered.includes('2025-Q1'), 'the periods with figures are offered: ' + offered.slice(0, 8));
  await page.selectOption('#cmp-a', '2024-Q1');
  await page.waitForFunction(() => location.hash.includes('a=2024-Q1') && document.getElementById('cmp-a').value === '2024-Q1');
  await page.selectOption('#cmp-b', '2025-Q1');
  await page.waitForFunction(() => location.hash.includes('b=2025-Q1') && document.querySelector('#compare thead') &&
    document.querySelector('#compare thead').innerText.includes('quý 1/2025'));
  const codesT = await page.locator('#compare tbody tr').evaluateAll((n) => n.map((x) => x.dataset.code));
  check(codesT.length === 2 && codesT.every((c) => c.startsWith('telecom.')), 'the sector filter keeps telecom only: ' + codesT);
  const head = await page.locator('#compare thead').innerText();
  check(head.includes('quý 1/2024') && head.includes('quý 1/2025') && head.includes('Thay đổi'), 'the table heads name both periods: ' + head);
  const rvRow = await page.locator('#compare tr[data-code="telecom.revenue"]').innerText();
  check(rvRow.includes('33.100 tỷ đồng') && rvRow.includes('34.900 tỷ đồng') && rvRow.includes('+1.800 tỷ đồng') && rvRow.includes('+5,4%'),
    'a row: both values, the change and its percent: ' + rvRow);
  const bbRow = await page.locator('#compare tr[data-code="telecom.fixed_bb_subs"]').innerText();
  check(bbRow.includes('22,4 triệu thuê bao') && bbRow.includes('+1,2 triệu thuê bao'), 'a stock compared at the quarters\' end: ' + bbRow);
  await page.screenshot({ path: shots + '/12-compare.png', fullPage: true });
  const [cmpCsv] = await Promise.all([page.waitForEvent('download'), page.click('#dl-cmp-csv')]);
  const cmpText = fs.readFileSync(await cmpCsv.path(), 'utf8');
  check(cmpText.includes('quý 1/2024,quý 1/2025,Thay đổi') && cmpText.includes('+1.800 tỷ đồng'), 'compare downloads as CSV: ' + cmpText.slice(0, 160));
  const [cmpX] = await Promise.all([page.waitForEvent('download'), page.click('#dl-cmp-xlsx')]);
  fs.copyFileSync(await cmpX.path(), shots + '/compare.xlsx');
  const wbC = workbook(shots + '/compare.xlsx');
  check(wbC.sheets.join() === 'So sánh hai kỳ' && wbC.strings.includes('quý 1/2025') && wbC.strings.includes('thuê bao'), 'compare downloads as XLSX: ' + wbC.sheets);
  // data entry of a stock for a quarter: compared with the level at the end of the quarter before
  await page.click('nav a[data-nav="entry"]');
  await ready('/nhap-lieu');
  await page.selectOption('#area', '');
  await page.selectOption('#year', '2025');
  await page.selectOption('#kind', 'quarter');
  await page.selectOption('#num', '2');
  await page.selectOption('#sector', 'telecom');
  await page.fill('input[data-code="telecom.fixed_bb_subs"]', '24.000.000');
  await page.waitForFunction(() => /kỳ trước|chưa có số/.test(document.querySelector('tr[data-code="telecom.fixed_bb_subs"] .check').textContent));
  const stockCheck = await page.locator('tr[data-code="telecom.fixed_bb_subs"] .check').innerText();
  check(stockCheck.includes('kỳ trước 23,6 triệu thuê bao'), 'a stock typed for quý 2/2025 is compared with the end of quý 1/2025: ' + stockCheck);
  await page.fill('input[data-code="telecom.fixed_bb_subs"]', '');
  // an area: its own figures only
  await page.goto(url + '#/so-sanh?a=2025-S1&b=2026-S1&area=' + encodeURIComponent('Quảng Trị'));
  await page.waitForFunction(() => document.getElementById('cmp-area') && document.getElementById('cmp-area').value === 'Quảng Trị');
  const qt = await page.locator('#compare').innerText().catch(() => '');
  check(qt.includes('1.240 tỷ đồng') && (await page.inputValue('#cmp-area')) === 'Quảng Trị', 'the area filter shows Quảng Trị\'s figure: ' + qt.slice(0, 200));

  // the report of a period and of a province, its tables as XLSX
  await page.click('nav a[data-nav="report"]');
  await ready('/bao-cao');
  const frame = page.frameLocator('#report');
  await frame.locator('h1').waitFor({ timeout: 15000 });
  check((await frame.locator('h1').innerText()).startsWith('Báo cáo số liệu ngành Thông tin và Truyền thông'), 'the report shows in its frame');
  await page.screenshot({ path: shots + '/13-report.png', fullPage: true });
  const [repX] = await Promise.all([page.waitForEvent('download'), page.click('#dl-rep-xlsx')]);
  fs.copyFileSync(await repX.path(), shots + '/report.xlsx');
  const wbR = workbook(shots + '/report.xlsx');
  check(wbR.sheets.join() === 'Bảng số liệu,Nguồn số liệu' && wbR.strings.includes('Lĩnh vực'), 'the report\'s tables download as XLSX: ' + wbR.sheets);
  const [repC] = await Promise.all([page.waitForEvent('download'), page.click('#dl-rep-csv')]);
  const repCsv = fs.readFileSync(await repC.path(), 'utf8');
  check(repCsv.startsWith('\ufeffLĩnh vực,Chỉ tiêu,') && repCsv.includes('So với kỳ trước (%)'), 'the report\'s tables download as CSV: ' + repCsv.slice(0, 120));
  await page.goto(url + '#/bao-cao?period=2026-S1&area=' + encodeURIComponent('Quảng Trị'));
  await page.waitForFunction(() => document.getElementById('rep-area') && document.getElementById('rep-area').value === 'Quảng Trị');
  await frame.locator('h1').waitFor({ timeout: 15000 });
  const prov = await frame.locator('body').innerText();
  check(prov.includes('của Quảng Trị') && prov.includes('1.240 tỷ đồng'), 'a province report: ' + prov.slice(0, 200));
  await page.screenshot({ path: shots + '/14-province-report.png', fullPage: true });
  await page.goto(url + '#/bao-cao?period=2019-Q1');
  await page.waitForSelector('.msg.warn', { timeout: 15000 });
  check((await page.locator('.msg.warn').innerText().catch(() => '')).includes('Không có số liệu của quý 1/2019'), 'a report of a period without figures says so');
  await page.waitForTimeout(500); // the browser logs the failed fetch, maybe after the page is drawn
  errors.splice(0, errors.length, ...errors.filter((x) => !/404/.test(x)));

  // targets: by name, in Vietnamese units
  await page.click('nav a[data-nav="targets"]');
  await ready('/muc-tieu');
  const tg = await page.locator('#targets').innerText();
  check(tg.includes('tỷ đồng') && !/\d{1,3}(\.\d{3}){4}/.test(tg), 'targets in Vietnamese units and scale: ' + tg.slice(0, 300));
  check(!tg.includes('infosec.revenue'), 'targets by name, not code');
  await page.screenshot({ path: shots + '/8-targets.png', fullPage: true });
  // judged as of a month the reader picks, kept in the address
  await page.goto(url + '#/muc-tieu?as_of=2025-06');
  await ready('/muc-tieu');
  // the same page again: ready is already set, so wait for the new heading (a run read the old one)
  await page.waitForFunction(() => (document.querySelector('h1') || {}).textContent.includes('tháng 6/2025'), null, { timeout: 15000 }).catch(() => {});
  check((await page.locator('h1').innerText()).includes('tháng 6/2025'), 'targets judged as of the month picked');
  check((await page.inputValue('#as-of')) === '2025-06', 'the as-of control shows the month');

  // an error from the API reads in Vietnamese
  await page.goto(url + '#/chi-tieu/khong.co');
  await page.waitForSelector('.msg.err', { timeout: 15000 });
  check((await page.locator('.msg.err').innerText()).includes('Không tìm thấy'), 'a 404 says "Không tìm thấy"');
  errors.splice(0, errors.length, ...errors.filter((x) => !/404/.test(x))); // the browser logs the failed fetch
  await page.screenshot({ path: shots + '/9-error.png', fullPage: true });

  // paper: no navigation bar
  await page.goto(url + '#/chi-tieu/telecom.fixed_bb_subs');
  await ready('/chi-tieu/telecom.fixed_bb_subs');
  await page.emulateMedia({ media: 'print' });
  check(!(await page.locator('header').isVisible()), 'print hides the navigation bar');
  await page.pdf({ path: shots + '/10-print.pdf', format: 'A4' }).catch(() => {});
  await page.emulateMedia({ media: 'screen' });

  // a phone: tables scroll inside themselves
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  const pw = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth, getComputedStyle(document.querySelector('#sources')).overflowX,
    ...[...document.querySelectorAll('body *')].map((e) => [e, e.getBoundingClientRect().right]).sort((x, y) => y[1] - x[1]).slice(0, 6)
      .map(([e, r]) => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(r))]);
  check(pw[0] <= pw[1] + 1 && pw[2] === 'auto', 'on a phone the page does not scroll sideways, the table does: ' + pw);
  await page.screenshot({ path: shots + '/11-phone.png', fullPage: true });
} catch (e) {
  failures++;
  console.log('FAIL: ' + e.message);
  await page.screenshot({ path: shots + '/error.png', fullPage: true }).catch(() => {});
}
check(errors.length === 0, 'no errors in the page: ' + errors.join(' | '));
await browser.close();
if (failures) { console.log(failures + ' failure(s)'); process.exit(1); }
console.log('browser: all checks passed; screenshots in ' + shots);
