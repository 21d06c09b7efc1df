// End-to-end run of the Scenario Harness extension in a real VS Code:
// code-server (VS Code in a browser) driven by headless Chromium.
//
// It installs the .vsix into a fresh profile, opens a copy of a scenario file
// in a temporary workspace, and reports what the page shows as one JSON object
// on stdout (tests/editors/test_vscode.py judges it against `scenario run`):
//
//   {"problems": {"errors", "warnings", "infos"}, "lenses": [[titles of one line], ...],
//    "statusBar": "...", "testMessages": [{line, text}], "testItems": [{label, description, state}],
//    "notifications": [...], "accept": {"title": {...}, "explorer": {...}},
//    "renameBoxBefore": "...", "renamed": {file: text},
//    "timings": {...}, "screenshot": "..."}
//
// With --accept-dir, the files of that folder (two scenario files with their
// __snapshots__) are copied into the workspace late in the run, and "Accept
// all in file" is run on title.scenario.yaml from the editor title and on
// explorer.scenario.yaml from the Test Explorer's context menu; "accept"
// reports the lenses before and after and the files on disk afterwards.
//
// With --libraries DIR, that folder (a mission library and scenario files
// importing it) is copied into the workspace too, and the run ends by
// renaming the library's mission `ship_order` from a call in
// checkout.scenario.yaml; "renamed" holds each of its files as saved after.
//
// Usage: node run-e2e.mjs --vsix X.vsix --scenario FILE --server-command JSON
//        [--accept-dir DIR] [--libraries DIR] [--tools DIR] [--screenshot PNG] [--timeout-s N] [--keep-temp]
// Progress goes to stderr; a failure prints {"error": ...} and exits 1.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CodeServerSession, driverOptions, elapsed, lensTitles, log, runCommand, settled, testRunShown, testStatesShown, TIME_SCALE, until } from './codeServer.mjs';

const options = driverOptions({
  scenario: { type: 'string' },
  libraries: { type: 'string' },
  'accept-dir': { type: 'string' },
});

/** What `read()` gives once it is no longer `before` (a file the server or the editor writes). */
async function changed(page, what, read, before) {
  try {
    const { now } = await until(() => {
      const now = read();
      return now !== before && { now };
    }, what);
    return now;
  } catch (error) {
    // What the editor said instead ("nothing to accept", an error) tells why.
    const notifications = await page.locator('.notification-toast .notification-list-item-message').allTextContents();
    throw new Error(`${error.message}; notifications shown: ${JSON.stringify(notifications.map((t) => t.trim()))}`);
  }
}

const readOrNull = (path) => (existsSync(path) ? readFileSync(path, 'utf8') : null);

/** Waits until the lenses of the verdict and of "Accept snapshot" are both shown (one answer of the server holds both). */
async function verdictAndAcceptLenses(page) {
  await page.waitForFunction(() => {
    const titles = [...document.querySelectorAll('.codelens-decoration a')].map((a) => a.textContent.replace(/\u00a0/g, ' ').trim());
    return titles.some((t) => /^[✓✗] \d+\/\d+ passed/.test(t)) && titles.includes('Accept snapshot');
  });
}

/** "Accept all in file" from the editor title (title.scenario.yaml) and from the Test Explorer (explorer.scenario.yaml). */
async function acceptAllInFile(page, workspace, acceptDir) {
  const accept = {};
  cpSync(acceptDir, workspace, { recursive: true });
  const file = (name) => join(workspace, name);
  const snapshot = (name) => join(workspace, '__snapshots__', `${name}.json`);

  // The editor title: open the file, wait for the server's verdict, click the title action.
  // (The Explorer's activity icon would close the view when it is open already.)
  await runCommand(page, 'View: Show Explorer');
  const row = page.locator('.explorer-folders-view .monaco-list-row[aria-label^="title.scenario.yaml"]');
  await row.waitFor();
  await row.click();
  await page.locator('.tab.active', { hasText: 'title.scenario.yaml' }).waitFor();
  await verdictAndAcceptLenses(page);
  const title = { lensesBefore: await lensTitles(page) };
  const snapshotBefore = readOrNull(snapshot('title.scenario.yaml'));
  const textBefore = readOrNull(file('title.scenario.yaml'));
  const action = page.locator('.editor-actions .action-label[aria-label^="Accept all in file"]').first();
  await action.waitFor();
  title.titleAction = await action.getAttribute('aria-label');
  await action.click();
  title.snapshot = await changed(page, 'the snapshot of title.scenario.yaml to be written', () => readOrNull(snapshot('title.scenario.yaml')), snapshotBefore);
  title.text = await changed(page, 'title.scenario.yaml to be saved', () => readOrNull(file('title.scenario.yaml')), textBefore);
  await page.waitForFunction(
    () => ![...document.querySelectorAll('.codelens-decoration a')].some((a) => a.textContent.includes('Accept snapshot')),
  );
  await page.locator('.codelens-decoration a', { hasText: /^✓ \d+\/\d+ passed$/ }).first().waitFor();
  title.lensesAfter = await lensTitles(page);
  accept.title = title;

  // The Test Explorer: right-click the file's item, pick the menu entry; the file is not open.
  // (The Testing icon's badge of failed tests takes the click: open the view by its command.)
  await runCommand(page, 'Testing: Focus on Test Explorer View');
  const item = page.locator('.test-explorer .monaco-list-row', { hasText: 'explorer.scenario.yaml' }).first();
  await item.waitFor();
  const explorer = {};
  const explorerSnapshotBefore = readOrNull(snapshot('explorer.scenario.yaml'));
  const explorerTextBefore = readOrNull(file('explorer.scenario.yaml'));
  await item.click({ button: 'right' });
  const entry = page.locator('.monaco-menu .action-item', { hasText: 'Accept all in file' }).first();
  await entry.waitFor();
  explorer.menu = (await page.locator('.monaco-menu .action-label').allTextContents()).map((t) => t.trim()).filter(Boolean);
  // A context menu takes a click only once a timer after it opened has run (VS Code's guard
  // against the opening right-click's own mouse-up), which a busy machine delays: a click
  // before then is lost. Point at the entry, and once the menu shows it focused, press Enter.
  await entry.hover();
  await page.locator('.monaco-menu .action-item.focused', { hasText: 'Accept all in file' }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-menu').waitFor({ state: 'hidden' });
  explorer.snapshot = await changed(
    page, 'the snapshot of explorer.scenario.yaml to be written', () => readOrNull(snapshot('explorer.scenario.yaml')), explorerSnapshotBefore,
  );
  explorer.text = await changed(page, 'explorer.scenario.yaml to be saved', () => readOrNull(file('explorer.scenario.yaml')), explorerTextBefore);
  accept.explorer = explorer;
  return accept;
}

const session = CodeServerSession.forDriver(options);
const workspace = session.workspace;

await session.report(async (result) => {
  const fileName = basename(options.scenario);
  copyFileSync(options.scenario, join(workspace, fileName));
  if (options.libraries) cpSync(options.libraries, workspace, { recursive: true });
  session.install(options.vsix, { 'scenario.server.command': JSON.parse(options['server-command']) }, result.timings);
  // Tall enough that every line of the example, and so every code lens, is rendered at once.
  const page = await session.open(result.timings);
  result.timings.workbench_s = elapsed();
  log('workbench up; opening the scenario file');
  await session.openFromExplorer(fileName);

  // The lenses come from the server: waiting for them waits for activation,
  // the server's start and its first check.
  await page.locator('.codelens-decoration a', { hasText: 'Run scenario' }).first().waitFor();
  result.timings.lenses_s = elapsed();
  log('code lenses shown');

  // The problems status item reads "Errors: N, Warnings: N(, Infos: N)".
  const problemsItem = page.locator('[id="status.problems"]');
  await page.waitForFunction(() => {
    const item = document.getElementById('status.problems');
    return item && /Errors: [1-9]/.test(item.getAttribute('aria-label') ?? item.textContent ?? '');
  });
  // Let the check settle: the lens texts and counts must be stable for a second.
  await settled(page, async () => [await problemsItem.getAttribute('aria-label'), await page.locator('.codelens-decoration').allTextContents()]);
  const problemsLabel = (await problemsItem.getAttribute('aria-label')) ?? '';
  const count = (name) => Number(new RegExp(`${name}: (\\d+)`).exec(problemsLabel)?.[1] ?? 0);
  result.problems = { label: problemsLabel, errors: count('Errors'), warnings: count('Warnings'), infos: count('Infos') };

  result.lenses = await lensTitles(page);

  // The status-bar item runs the suite when clicked and then shows the counts.
  const status = page.locator('.statusbar-item', { hasText: 'Scenario' }).first();
  await status.waitFor();
  result.statusBarBefore = (await status.textContent())?.trim();
  await status.click();
  const runStatus = page.locator('.statusbar-item', { hasText: /\d+ passed/ }).first();
  await runStatus.waitFor();
  result.statusBar = (await runStatus.textContent())?.trim();
  result.timings.run_s = elapsed();

  // The run's failure messages, drawn by the Test Explorer at their locations: one per failed expectation.
  const failed = Number(/(\d+) failed/.exec(result.statusBar)?.[1] ?? 0);
  await page.waitForFunction(
    (n) => document.querySelectorAll('.test-error-content-widget .content').length >= n,
    Math.max(failed, 1),
  );
  // Each message is placed at its line once the editor lays its widget out: read them when every one is
  // shown and where they are has not changed for a moment (a widget not laid out yet sits at the top).
  const readMessages = () =>
    page.evaluate(() => {
      const numbers = [...document.querySelectorAll('.margin-view-overlays .line-numbers')];
      return [...document.querySelectorAll('.test-error-content-widget')].map((widget) => {
        const content = widget.querySelector('.content');
        const box = content?.getBoundingClientRect();
        const nearest = numbers
          .map((n) => ({ distance: Math.abs(n.getBoundingClientRect().top - (box?.top ?? 0)), line: Number(n.textContent) }))
          .sort((a, b) => a.distance - b.distance)[0];
        const laidOut = getComputedStyle(widget).visibility !== 'hidden' && (box?.height ?? 0) > 0;
        return { line: nearest?.line, text: content?.textContent?.trim() ?? '', laidOut };
      });
    });
  const messages = await settled(page, readMessages, { pauseMs: 250, ready: (all) => all.every((m) => m.laidOut) });
  result.testMessages = messages.map(({ line, text }) => ({ line, text }));

  // The Test Explorer: one item per suite, scenario and expectation, with the run's states.
  await page.locator('.activitybar [aria-label^="Testing"]').first().click();
  const rowSelector = '.test-explorer .monaco-list-row';
  const testRows = page.locator(rowSelector);
  await testRows.first().waitFor();
  // Expand every item; each click shows the item's children as new rows.
  for (;;) {
    const collapsed = page.locator(`${rowSelector}[aria-expanded="false"]`);
    if ((await collapsed.count()) === 0) break;
    const shown = await testRows.count();
    await collapsed.first().locator('.monaco-tl-twistie').click();
    await page.waitForFunction(([selector, n]) => document.querySelectorAll(selector).length > n, [rowSelector, shown]);
  }
  // Run the tests from the Test Explorer itself, on cleared results, until every item has its state again.
  await runCommand(page, 'Test: Clear All Results');
  await until(async () => (await testStatesShown(page)) === 0, 'the Test Explorer to clear its results');
  result.testStatesAfterClear = await testStatesShown(page);
  await runCommand(page, 'Test: Run All Tests');
  await testRunShown(page);
  result.timings.test_explorer_run_s = elapsed();

  result.testItems = await testRows.evaluateAll((rows) =>
    rows.map((row) => ({
      label: row.querySelector('.label')?.firstChild?.textContent?.trim(),
      description: row.querySelector('.test-label-description')?.textContent?.trim(),
      // The row's aria-label ends with the state the Test Explorer shows: "(Failed)".
      state: /\((\w+)\)$/.exec(row.getAttribute('aria-label') ?? '')?.[1],
    })),
  );

  if (options.screenshot) {
    await page.locator('.activitybar [aria-label^="Explorer"]').first().click();
    mkdirSync(dirname(resolve(options.screenshot)), { recursive: true });
    await page.setViewportSize({ width: 1400, height: 1150 });
    // Centre the scenarios and expectations, where lenses and findings are densest.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type('47');
    await page.keyboard.press('Enter');
    await page.locator('.margin-view-overlays .line-numbers', { hasText: /^47$/ }).waitFor();
    await page.screenshot({ path: resolve(options.screenshot) });
    result.screenshot = resolve(options.screenshot);
  }
  if (options['accept-dir']) {
    log('accepting all in two files');
    result.accept = await acceptAllInFile(page, workspace, resolve(options['accept-dir']));
    result.timings.accept_s = elapsed();
  }
  if (options.libraries) {
    // Rename a library's mission from a call in a scenario file, as a user
    // does: F2 on the name, type the new one, Enter; then save everything.
    await page.keyboard.press('Control+P');
    await page.keyboard.type('checkout.scenario.yaml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'checkout.scenario.yaml' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'checkout.scenario.yaml' }).waitFor();
    // Its lenses mean the server has checked it (and indexed the workspace on start).
    const activeEditor = page.locator('.editor-group-container.active .monaco-editor').first();
    await activeEditor.locator('.codelens-decoration a', { hasText: 'Run scenario' }).first().waitFor();
    await activeEditor.locator('.view-lines').click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type('5:18'); // `    missions: [ship_order]`, inside the name
    await page.keyboard.press('Enter');
    await page.keyboard.press('F2');
    const renameInput = page.locator('.monaco-editor.rename-box .rename-input');
    await renameInput.waitFor();
    result.renameBoxBefore = await renameInput.inputValue();
    await renameInput.fill('dispatch_order');
    await renameInput.press('Enter');
    await page.locator('.monaco-editor.rename-box').waitFor({ state: 'hidden' });
    // The server's edit reaches every file at once; the open one shows it first.
    await activeEditor.locator('.view-lines', { hasText: 'dispatch_order' }).waitFor();
    const names = ['lib/shipping.missions.yaml', 'checkout.scenario.yaml', 'returns.scenario.yaml'];
    const saved = () => Object.fromEntries(names.map((name) => [name, readFileSync(join(workspace, name), 'utf8')]));
    result.renamed = await until(async () => {
      // Save All again while a file the edit changed is not yet saved.
      if (!Object.values(saved()).every((text) => text.includes('dispatch_order'))) await runCommand(page, 'File: Save All');
      const now = saved();
      return Object.values(now).every((text) => text.includes('dispatch_order')) ? now : null;
    }, 'the renamed files to be saved');
    result.timings.rename_s = elapsed();
    log('renamed a library mission');
  }
  // A server that cannot start: a workspace setting points at a missing
  // program. The extension restarts on the change and says once what to do.
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(
    join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'scenario.server.command': ['/nonexistent/python3', '-m', 'scenario_lsp'] }),
  );
  const failure = page.locator('.notification-toast', { hasText: 'did not start' });
  await failure.first().waitFor();
  // A second notification about it would come soon after the first: give it the time to show.
  await page.waitForTimeout(2000 * TIME_SCALE);
  result.notifications = (await page.locator('.notification-toast .notification-list-item-message').allTextContents()).map(
    (text) => text.trim(),
  );
  result.timings.start_failure_s = elapsed();
}, options.screenshot);
