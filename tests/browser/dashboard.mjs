// dashboard.mjs — the dashboard in headless chromium: the overview lists
// sectors with values, an indicator page shows its chart and series, a
// document uploaded with a token is stored and its findings shown, the
// document page links a highlighted figure to its record and back, and
// the data-entry page checks typed figures and saves them under the
// token's name. Screenshots of each step go to $CT_SHOTS.
import { chromium } from 'playwright-core';
import fs from 'node:fs';

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
  const pw = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth, getComputedStyle(document.querySelector('#sources')).overflowX]);
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
