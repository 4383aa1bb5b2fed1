// The 承诺 page (#/commit): the demo project is committed as a rehearsal to the
// recorded quicknet round 1000; the two downloaded files are drawn and verified by
// the command line; the commitment survives a reload and locks the 计划 page;
// unlocking and committing again gives number 2 chained to number 1; a real draw
// too soon is refused with the margin; and the 抽取 page takes the project's
// commitment without any file.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, launch, openPage, screenshot, assertNoErrors, loadDemo, confirmYes } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const ROUND_1000_FILE = path.join(repoRoot, 'tests', 'fixtures', 'ceremony', 'round-1000.json');
const ROUND_1000 = readFileSync(ROUND_1000_FILE, 'utf8');

// drand's published quicknet parameters: round r is emitted at GENESIS + PERIOD × (r − 1).
const QUICKNET_GENESIS = 1692803367;
const QUICKNET_PERIOD = 3;
const roundAtOrAfter = (unix) => (unix <= QUICKNET_GENESIS ? 1 : Math.ceil((unix - QUICKNET_GENESIS) / QUICKNET_PERIOD) + 1);

/** Unix milliseconds as the date-time field takes them: China time (UTC+8), to the minute. */
const chinaField = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 16);
/** The Unix seconds a China-time field value names. */
const fieldUnix = (field) => Date.parse(`${field}:00+08:00`) / 1000;

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

async function restored(page) {
  await page.locator('[data-testid="save-status"]:not([data-state="restoring"])').waitFor();
}

async function go(page, id) {
  await page.getByTestId(`nav-${id}`).click();
  await page.getByTestId(`section-${id}`).waitFor();
}

async function download(page, testid, dir) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const saved = path.join(dir, file.suggestedFilename());
  await file.saveAs(saved);
  return saved;
}

function fairdraw(args) {
  const bin = path.join(process.env.CARGO_TARGET_DIR || path.join(repoRoot, 'target'), 'debug', 'fairdraw');
  return spawnSync(bin, args, { encoding: 'utf8', cwd: repoRoot });
}

async function commitRehearsal(page) {
  const rehearsal = page.getByTestId('commit-rehearsal');
  if (!(await rehearsal.isChecked())) await rehearsal.check();
  await page.getByTestId('commit-round-input').fill('1000');
  await page.locator('[data-testid="commit-round"][data-round="1000"]').waitFor();
  await page.getByTestId('commit-button').click();
  const hash = page.getByTestId('commitment-hash');
  await hash.waitFor();
  return (await hash.innerText()).trim();
}

describe('commit', () => {
  test('rehearsal commitment, files for the CLI, lock, recommit, hand-off', { timeout: TEST_TIMEOUT * 2 }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await restored(page);
    await loadDemo(page);
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();

    await go(page, 'commit');
    await page.locator('[data-testid="commit-readiness"][data-ready="true"]').waitFor();

    // A real draw ten minutes ahead: the round is shown, and refused for the margin.
    const soon = chinaField(Date.now() + 10 * 60 * 1000);
    await page.getByTestId('commit-at').fill(soon);
    const soonRound = roundAtOrAfter(fieldUnix(soon));
    await page.locator(`[data-testid="commit-round"][data-round="${soonRound}"]`).waitFor();
    assert.match(await page.getByTestId('commit-lead').innerText(), /60 分钟/);
    await page.getByTestId('commit-button').click();
    const refused = page.getByTestId('commit-error');
    await refused.waitFor();
    assert.match(await refused.innerText(), /60 分钟/);
    assert.equal(await page.getByTestId('commitment-hash').count(), 0);
    await screenshot(page, 'commit-1-too-soon');

    // A day ahead is accepted as far as the round goes: first round at or after 09:00.
    const later = '2030-01-01T09:00';
    await page.getByTestId('commit-at').fill(later);
    const laterRound = roundAtOrAfter(fieldUnix(later));
    const shown = page.locator(`[data-testid="commit-round"][data-round="${laterRound}"]`);
    await shown.waitFor();
    assert.match(await shown.innerText(), /2030-01-01 09:00:0[0-2]/);
    assert.equal(await page.getByTestId('commit-lead').count(), 0);
    assert.equal(await page.getByTestId('commit-error').count(), 0);

    // The rehearsal on the recorded round 1000 (emitted 2023-08-23 23:59:24 China time).
    await page.getByTestId('commit-rehearsal').check();
    await page.getByTestId('rehearsal-banner').first().waitFor();
    await page.getByTestId('commit-round-input').fill('1000');
    assert.match(await page.locator('[data-testid="commit-round"][data-round="1000"]').innerText(), /2023-08-23 23:59:24/);
    await screenshot(page, 'commit-2-form');
    const first = await commitRehearsal(page);
    assert.match(first, /^[0-9a-f]{64}$/);

    const notice = page.getByTestId('commit-notice');
    assert.equal(await notice.getAttribute('data-rehearsal'), 'true');
    const noticeText = await notice.innerText();
    for (const part of [first, '2026001', '1000', '2023-08-23 23:59:24', '演练']) assert.ok(noticeText.includes(part), `notice shows ${part}`);
    assert.ok((await page.getByTestId('notice-task').count()) >= 1);
    // An official notice: the period and items of each task, 落款 and date, and no
    // instruction to the operator.
    assert.match(await page.getByTestId('notice-task-terms').first().innerText(), /检查时间：\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}；检查事项：/);
    assert.match(await page.getByTestId('notice-signature').innerText(), /应急管理局/);
    assert.ok(await page.getByTestId('notice-signature').getByTestId('notice-seal').isVisible(), 'space for the seal beside the 落款');
    assert.match(await page.getByTestId('notice-date').inputValue(), /^\d{4}-\d{2}-\d{2}$/);
    for (const word of ['fairdraw publish', 'draws/', 'commitment.json']) assert.ok(!noticeText.includes(word), `no "${word}" in the notice`);
    await page.getByTestId('notice-number').fill('秦开应急〔2026〕1号');
    // Served from this computer, the page prints no QR code until the public site is known.
    assert.equal(await page.getByTestId('commit-qr').count(), 0);
    await page.getByTestId('notice-no-site').waitFor();
    await page.getByTestId('publish-site').fill('https://yjj.example.gov.cn/fairdraw/');
    await page.getByTestId('publish-site').press('Enter');
    await page.getByTestId('commit-qr').waitFor();
    assert.match(await page.getByTestId('commit-qr').getAttribute('src'), /^data:image\/svg\+xml,/);
    assert.equal(await page.getByTestId('commit-link').innerText(), `https://yjj.example.gov.cn/fairdraw/index.html#/publication?c=${first}`);
    const entries = page.getByTestId('chain-entry');
    assert.equal(await entries.count(), 1);
    assert.equal(await entries.first().getAttribute('data-status'), 'current');
    await screenshot(page, 'commit-3-committed');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'commit-4-notice-print');
    await page.emulateMedia({ media: 'screen' });

    // The two files, drawn and verified by the command line as its own.
    const dir = mkdtempSync(path.join(tmpdir(), 'fairdraw-commit-'));
    const folder = path.join(dir, 'commit');
    mkdirSync(folder);
    const commitmentFile = await download(page, 'download-commitment', folder);
    const inputsFile = await download(page, 'download-inputs', folder);
    // Named with the plan number, the sequence and the hash, as published; the
    // command line finds them in their folder by these names.
    assert.equal(path.basename(commitmentFile), `2026001-1-${first.slice(0, 8)}-rehearsal-commitment.json`);
    assert.equal(path.basename(inputsFile), `2026001-1-${first.slice(0, 8)}-rehearsal-inputs.json`);
    const commitmentText = readFileSync(commitmentFile, 'utf8');
    const commitment = JSON.parse(commitmentText);
    assert.equal(commitment.commitment, first);

    // A witness: the request downloads; a reply from a TSA under no pinned root (made
    // here with openssl) is refused with the reason, and nothing is kept.
    const request = await download(page, 'witness-request', dir);
    assert.equal(path.basename(request), `2026001-1-${first.slice(0, 8)}-rehearsal-commitment.tsq`);
    assert.ok(readFileSync(request).length > 40, 'a DER TimeStampReq');
    const tsa = path.join(dir, 'tsa');
    mkdirSync(tsa);
    const ssl = (args) => execFileSync('openssl', args, { cwd: tsa, stdio: 'pipe' });
    ssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-out', 'root.crt', '-days', '2', '-subj', '/CN=e2e root']);
    ssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'tsa.key']);
    ssl(['req', '-new', '-key', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=e2e TSA']);
    writeFileSync(path.join(tsa, 'ext.cnf'), 'extendedKeyUsage=critical,timeStamping\n');
    ssl(['x509', '-req', '-in', 'tsa.csr', '-CA', 'root.crt', '-CAkey', 'root.key', '-CAcreateserial', '-out', 'tsa.crt', '-days', '1', '-extfile', 'ext.cnf']);
    writeFileSync(path.join(tsa, 'tsa.cnf'), '[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = ./serial\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\ness_cert_id_alg = sha256\n');
    writeFileSync(path.join(tsa, 'serial'), '01\n');
    ssl(['ts', '-reply', '-queryfile', request, '-config', 'tsa.cnf', '-inkey', 'tsa.key', '-signer', 'tsa.crt', '-out', 'reply.tsr']);
    await page.getByTestId('witness-reply').setInputFiles(path.join(tsa, 'reply.tsr'));
    const witnessStatus = page.getByTestId('witness-status');
    await witnessStatus.waitFor();
    assert.equal(await witnessStatus.getAttribute('data-state'), 'refused');
    assert.ok((await witnessStatus.innerText()).includes('根证书'), await witnessStatus.innerText());
    assert.equal(await page.getByTestId('witness').getAttribute('data-count'), '0');
    assert.equal(commitment.sequence, 1);
    assert.equal(commitment.previous, '');
    assert.equal(commitment.rehearsal, true);
    assert.equal(commitment.beacon.round, 1000);
    assert.equal(commitment.beacon.chain, 'quicknet');
    // The command line writes commitment.json indented by two spaces, inputs.json compact.
    assert.equal(commitmentText, JSON.stringify(commitment, null, 2));
    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
    assert.equal(inputs.directories.enterprises.length, 2000);
    assert.match(inputs.salt, /^[0-9a-f]{32}$/);

    execFileSync('cargo', ['build', '--quiet', '--bin', 'fairdraw'], { cwd: repoRoot, stdio: 'inherit' });
    const bundle = path.join(dir, 'bundle.json');
    const drawn = fairdraw(['draw', folder, '--beacon-file', ROUND_1000_FILE, '--out', bundle]);
    assert.equal(drawn.status, 0, `fairdraw draw failed:\n${drawn.stdout}\n${drawn.stderr}`);
    const verified = fairdraw(['verify', bundle]);
    assert.equal(verified.status, 0, `fairdraw verify failed:\n${verified.stdout}\n${verified.stderr}`);
    assert.match(verified.stdout, /REHEARSAL/);
    assert.equal(JSON.parse(readFileSync(bundle, 'utf8')).commitment.commitment, first);

    // A reload keeps the commitment and the lock.
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
    await page.reload({ waitUntil: 'load' });
    await page.getByTestId('commitment-hash').waitFor();
    assert.equal((await page.getByTestId('commitment-hash').innerText()).trim(), first);
    assert.equal(await page.getByTestId('commit-button').count(), 0);

    // The 计划 page is locked: a notice, and every editor disabled.
    await go(page, 'plan');
    await page.getByTestId('plan-locked').waitFor();
    assert.match(await page.getByTestId('plan-locked').innerText(), /锁定/);
    assert.equal(await page.getByTestId('plan-name').isDisabled(), true);
    assert.equal(await page.getByTestId('import-enterprises').isDisabled(), true);
    await screenshot(page, 'commit-5-plan-locked');

    // Unlock, change the plan, commit again: rehearsal number 2, naming number 1; the
    // department's real chain has not been touched by the rehearsal.
    await go(page, 'commit');
    await page.getByTestId('commit-unlock').click();
    await confirmYes(page);
    await page.locator('[data-testid="chain-entry"][data-status="withdrawn"]').waitFor();
    const next = page.getByTestId('commit-next');
    const rehearsalBox = page.getByTestId('commit-rehearsal');
    if (await rehearsalBox.isChecked()) await rehearsalBox.uncheck();
    await page.locator('[data-testid="commit-next"][data-sequence="1"][data-previous=""]').waitFor();
    await rehearsalBox.check();
    await page.locator('[data-testid="commit-next"][data-sequence="2"]').waitFor();
    assert.equal(await next.getAttribute('data-previous'), first);
    await go(page, 'plan');
    assert.equal(await page.getByTestId('plan-locked').count(), 0);
    const name = page.getByTestId('plan-name');
    await name.fill('2026年重新承诺的抽查计划');
    await name.press('Enter');
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
    await go(page, 'commit');
    const second = await commitRehearsal(page);
    assert.notEqual(second, first);
    assert.equal(await page.getByTestId('notice-sequence').innerText(), '2');
    assert.match(await page.getByTestId('commit-notice').innerText(), /2026年重新承诺的抽查计划/);
    assert.equal(await entries.count(), 2);
    assert.equal(await entries.nth(0).getAttribute('data-status'), 'superseded');
    assert.equal(await entries.nth(1).getAttribute('data-status'), 'current');
    assert.equal(await entries.nth(1).getAttribute('data-sequence'), '2');
    assert.equal(await entries.nth(1).getAttribute('data-previous'), first);
    await screenshot(page, 'commit-6-second');

    // The ceremony takes the project's commitment directly.
    await go(page, 'draw');
    await page.getByTestId('ceremony-use-project').click();
    await page.getByTestId('ceremony-countdown').waitFor();
    assert.ok(await page.getByTestId('rehearsal-banner').first().isVisible());
    await page.getByTestId('ceremony-paste').fill(ROUND_1000);
    await page.getByTestId('ceremony-paste-submit').click();
    await page.locator('[data-testid="beacon-status"][data-state="verified"]').waitFor();
    assert.match(await page.getByTestId('ceremony-seed').innerText(), new RegExp(second));
    await page.getByTestId('ceremony-draw').click();
    await page.getByTestId('reveal-item').first().waitFor();
    await screenshot(page, 'commit-7-handed-to-ceremony');

    // The page and its notice in English.
    await go(page, 'commit');
    await page.getByTestId('lang-switch').click();
    await page.locator('[data-testid="app-ready"][data-lang="en"]').waitFor();
    assert.match(await page.getByTestId('commit-notice').innerText(), /Notice of commitment \(rehearsal/);
    await screenshot(page, 'commit-8-english');

    assertNoErrors(problems, 'the commit flow');
    await context.close();
  });

  test("a department's earlier commitment, loaded or typed, sets the first number", { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await restored(page);
    await loadDemo(page);
    await go(page, 'commit');
    const next = page.getByTestId('commit-next');
    assert.equal(await next.getAttribute('data-sequence'), '1');

    // A commitment written by the command line for the same department.
    const earlier = path.join(repoRoot, 'tests', 'fixtures', 'ceremony', 'commitment.json');
    const earlierHash = JSON.parse(readFileSync(earlier, 'utf8')).commitment;
    await page.getByTestId('commit-previous-file').setInputFiles(earlier);
    await page.locator(`[data-testid="commit-next"][data-sequence="2"][data-previous="${earlierHash}"]`).waitFor();

    // A changed file is refused, and the chain start stays.
    const changed = readFileSync(earlier, 'utf8').replace('"sequence": 1', '"sequence": 7');
    await page.getByTestId('commit-previous-file').setInputFiles({ name: 'commitment.json', mimeType: 'application/json', buffer: Buffer.from(changed) });
    assert.match(await page.getByTestId('commit-error').innerText(), /改动/);
    assert.equal(await next.getAttribute('data-sequence'), '2');

    // Typed: number 5 needs the previous hash; with it, it is set.
    await page.getByTestId('commit-sequence').fill('5');
    await page.getByTestId('commit-previous').fill('');
    await page.getByTestId('commit-start-set').click();
    assert.match(await page.getByTestId('commit-error').innerText(), /哈希/);
    await page.getByTestId('commit-sequence').fill('5');
    await page.getByTestId('commit-previous').fill(earlierHash);
    await page.getByTestId('commit-start-set').click();
    await page.locator('[data-testid="commit-next"][data-sequence="5"]').waitFor();

    // A rehearsal is numbered apart from the department's real chain.
    await page.getByTestId('commit-rehearsal').check();
    await page.locator('[data-testid="commit-next"][data-sequence="1"][data-previous=""]').waitFor();
    await page.getByTestId('commit-rehearsal').uncheck();
    await page.locator('[data-testid="commit-next"][data-sequence="5"]').waitFor();

    // The demo's invented firms never enter the department's real chain.
    const later = '2030-01-01T09:00';
    await page.getByTestId('commit-at').fill(later);
    await page.locator(`[data-testid="commit-round"][data-round="${roundAtOrAfter(fieldUnix(later))}"]`).waitFor();
    await page.getByTestId('commit-button').click();
    await page.getByTestId('commit-error').waitFor();
    assert.match(await page.getByTestId('commit-error').innerText(), /演示数据/);
    assert.equal(await page.getByTestId('commitment-hash').count(), 0);
    await screenshot(page, 'commit-9-demo-refused');

    // As a rehearsal it is committed, numbered apart: 1, after nothing.
    await commitRehearsal(page);
    assert.equal(await page.getByTestId('notice-sequence').innerText(), '1');
    const entry = page.getByTestId('chain-entry');
    assert.equal(await entry.getAttribute('data-previous'), '');
    assertNoErrors(problems, 'the commit page');
    await context.close();
  });

  test('the commitment is made in the import worker, or on the page where none can start', { timeout: TEST_TIMEOUT * 2 }, async () => {
    for (const refuse of [false, true]) {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
      let asked = 0;
      await context.route('**/import-worker.js', (route) => { asked += 1; return refuse ? route.fulfill({ status: 404, body: '' }) : route.continue(); });
      const { page, problems } = await openPage(browser, '#/plan', { context });
      await restored(page);
      await loadDemo(page);
      await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
      await go(page, 'commit');
      await page.locator('[data-testid="commit-readiness"][data-ready="true"]').waitFor();
      const workers = [];
      page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
      const hash = await commitRehearsal(page);
      assert.match(hash, /^[0-9a-f]{64}$/);
      assert.equal(await page.getByTestId('commit-button').count(), 0, 'the project is locked to it');
      if (refuse) {
        assert.equal(asked, 1, 'the worker was asked for once, and refused');
        assertNoErrors({ ...problems, errors: problems.errors.filter((e) => !/import-worker\.js|404/.test(e)) }, 'the commit page without its worker');
      } else {
        assert.ok(workers.some((p) => p.endsWith('/import-worker.js')), `made in the import worker (workers: ${workers.join(', ')})`);
        assertNoErrors(problems, 'the commit page');
      }
      // Kept in the draft like a commitment made on the page.
      await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
      await page.reload();
      await restored(page);
      await go(page, 'commit');
      assert.equal((await page.getByTestId('commitment-hash').innerText()).trim(), hash);
      await context.close();
    }
  });
});
