// dashboard.mjs — the dashboard in headless chromium: the overview lists
// sectors with values, an indicator page shows its chart and series, a
// document uploaded with a token is stored and its findings shown, the
// document page links a highlighted figure to its record and back, and
// the data-entry page checks typed figures and saves them under the
// token's name. Screenshots of each step go to $CT_SHOTS.
import { chromium } from 'playwright-core';

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
  check((await fixed.innerText()).includes('23.900.000'), 'Vietnamese number format on a tile');
  await page.screenshot({ path: shots + '/1-overview.png', fullPage: true });

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
} catch (e) {
  failures++;
  console.log('FAIL: ' + e.message);
  await page.screenshot({ path: shots + '/error.png', fullPage: true }).catch(() => {});
}
check(errors.length === 0, 'no errors in the page: ' + errors.join(' | '));
await browser.close();
if (failures) { console.log(failures + ' failure(s)'); process.exit(1); }
console.log('browser: all checks passed; screenshots in ' + shots);
