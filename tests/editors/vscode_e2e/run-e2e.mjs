// End-to-end run of the Scenario Harness extension in a real VS Code:
// code-server (VS Code in a browser) driven by headless Chromium.
//
// It installs the .vsix into a fresh profile, opens a copy of a scenario file
// in a temporary workspace, and reports what the page shows as one JSON object
// on stdout (tests/editors/test_vscode.py judges it against `scenario run`):
//
//   {"problems": {"errors", "warnings", "infos"}, "lenses": [[titles of one line], ...],
//    "statusBar": "...", "testMessages": [{line, text}], "testItems": [{label, description, state}],
//    "notifications": [...],
//    "timings": {...}, "screenshot": "..."}
//
// Usage: node run-e2e.mjs --vsix X.vsix --scenario FILE --server-command JSON
//        [--tools DIR] [--screenshot PNG] [--timeout-s N] [--keep-temp]
// Progress goes to stderr; a failure prints {"error": ...} and exits 1.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CodeServerSession, DEFAULT_TOOLS, elapsed, lensTitles, log, runCommand } from './codeServer.mjs';

const { values: options } = parseArgs({
  options: {
    vsix: { type: 'string' },
    scenario: { type: 'string' },
    'server-command': { type: 'string' },
    tools: { type: 'string', default: DEFAULT_TOOLS },
    screenshot: { type: 'string' },
    'timeout-s': { type: 'string', default: '120' },
    'keep-temp': { type: 'boolean', default: false },
  },
});

const session = new CodeServerSession({
  tools: options.tools,
  timeoutMs: Number(options['timeout-s']) * 1000,
  keepTemp: options['keep-temp'],
});
const workspace = session.workspace;
let page;
const result = { timings: {} };

try {
  const fileName = basename(options.scenario);
  copyFileSync(options.scenario, join(workspace, fileName));
  session.install(options.vsix, { 'scenario.server.command': JSON.parse(options['server-command']) }, result.timings);
  // Tall enough that every line of the example, and so every code lens, is rendered at once.
  page = await session.open(result.timings);
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
  let previous = '';
  for (let i = 0; i < 20; i++) {
    const snapshot = JSON.stringify([
      await problemsItem.getAttribute('aria-label'),
      await page.locator('.codelens-decoration').allTextContents(),
    ]);
    if (snapshot === previous) break;
    previous = snapshot;
    await page.waitForTimeout(1000);
  }
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

  // The run's failure messages, drawn by the Test Explorer at their locations.
  await page.locator('.test-error-content-widget .content').first().waitFor();
  await page.waitForTimeout(1000);
  result.testMessages = await page.evaluate(() => {
    const numbers = [...document.querySelectorAll('.margin-view-overlays .line-numbers')];
    return [...document.querySelectorAll('.test-error-content-widget .content')].map((content) => {
      const top = content.getBoundingClientRect().top;
      const nearest = numbers
        .map((n) => ({ distance: Math.abs(n.getBoundingClientRect().top - top), line: Number(n.textContent) }))
        .sort((a, b) => a.distance - b.distance)[0];
      return { line: nearest?.line, text: content.textContent.trim() };
    });
  });

  // The Test Explorer: one item per suite, scenario and expectation, with the run's states.
  await page.locator('.activitybar [aria-label^="Testing"]').first().click();
  const testRows = page.locator('.test-explorer .monaco-list-row');
  await testRows.first().waitFor();
  for (let i = 0; i < 10; i++) {
    const collapsed = page.locator('.test-explorer .monaco-list-row[aria-expanded="false"]');
    if ((await collapsed.count()) === 0) break;
    await collapsed.first().locator('.monaco-tl-twistie').click();
    await page.waitForTimeout(300);
  }
  // Run the tests from the Test Explorer itself, on cleared results.
  const stateIcons = '.test-explorer .computed-state:is(.codicon-testing-passed-icon, .codicon-testing-failed-icon, .codicon-testing-error-icon)';
  await runCommand(page, 'Test: Clear All Results');
  await page.waitForFunction((selector) => document.querySelectorAll(selector).length === 0, stateIcons);
  result.testStatesAfterClear = await page.locator(stateIcons).count();
  await runCommand(page, 'Test: Run All Tests');
  await page.waitForFunction((selector) => document.querySelectorAll(selector).length > 0, stateIcons);
  await page.waitForTimeout(1000);
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
    await page.waitForTimeout(800);
    await page.screenshot({ path: resolve(options.screenshot) });
    result.screenshot = resolve(options.screenshot);
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
  await page.waitForTimeout(2000);
  result.notifications = (await page.locator('.notification-toast .notification-list-item-message').allTextContents()).map(
    (text) => text.trim(),
  );
  result.timings.start_failure_s = elapsed();

  result.timings.total_s = elapsed();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} catch (error) {
  await session.describeFailure(result, error, options.screenshot);
  result.timings.total_s = elapsed();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exitCode = 1;
} finally {
  await session.close();
}
