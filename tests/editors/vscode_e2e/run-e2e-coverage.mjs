// End-to-end run of "Run with Coverage" in a real VS Code: code-server driven
// by headless Chromium, with the Scenario Harness extension's .vsix.
//
// It copies a project (Python missions, a mission library, a scenario file)
// into a temporary workspace, opens the library, runs "Test: Run All Tests
// with Coverage" and reads what VS Code shows: the coverage percentages in
// the Explorer, and per line of the library and of the Python module the
// gutter's covered or not, the inline counts and the faded (Unnecessary)
// text; then the Python module's covered lines filtered to each scenario
// ("Test: Filter Coverage by Test"). One JSON object on stdout
// (tests/editors/test_vscode_coverage.py judges it against `scenario run
// --coverage`):
//
//   {"explorer": {"<row label>": "50%", ...},
//    "files": {"<name>": {"lines": {"<line>": {"gutter": "hit|miss", "count": "2x", "faded": "text"}}}},
//    "byTest": {"<test label>": [covered lines of the Python module]}, "timings": {...}}
//
// Usage: node run-e2e-coverage.mjs --vsix X.vsix --project DIR --server-command JSON
//        --library REL_PATH --module REL_PATH --tests NAME,NAME [--tools DIR] [--screenshot PNG] [--timeout-s N]
// Progress goes to stderr; a failure prints {"error": ...} and exits 1.
import { cpSync } from 'node:fs';
import { CodeServerSession, driverOptions, elapsed, log, runCommand } from './codeServer.mjs';

const options = driverOptions({
  project: { type: 'string' },
  library: { type: 'string' },
  module: { type: 'string' },
  tests: { type: 'string' },
});

const session = CodeServerSession.forDriver(options);

/** Opens a file by its path in the workspace, folders expanded from the Explorer, as a user clicks them. */
async function openFile(page, path) {
  const parts = path.split('/');
  for (const folder of parts.slice(0, -1)) {
    const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${folder}"]`).first();
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  }
  await session.openFromExplorer(parts.at(-1));
  await page.locator(`.tab.active[aria-label^="${parts.at(-1)}"]`).first().waitFor();
}

/** Per line of the editor in view: the gutter's coverage, the inline count and the faded text (once they stop changing). */
async function editorLines(page) {
  const read = () =>
    page.evaluate(() => {
      const editor = [...document.querySelectorAll('.part.editor .monaco-editor')].find((e) => e.getBoundingClientRect().height > 0);
      const lines = {};
      if (!editor) return lines;
      const top = (element) => Math.round(element.getBoundingClientRect().top);
      const numbers = new Map();
      for (const number of editor.querySelectorAll('.margin .line-numbers')) {
        const line = Number(number.textContent);
        numbers.set(top(number), line);
        const gutter = number.classList.contains('coverage-deco-hit') ? 'hit' : number.classList.contains('coverage-deco-miss') ? 'miss' : undefined;
        if (gutter) lines[line] = { ...(lines[line] ?? {}), gutter };
      }
      for (const view of editor.querySelectorAll('.view-lines .view-line')) {
        const line = numbers.get(top(view));
        if (line === undefined) continue;
        const count = view.querySelector('.coverage-deco-inline-count');
        const faded = [...view.querySelectorAll('.squiggly-inline-unnecessary')].map((span) => span.textContent.replace(/\u00a0/g, ' ')).join('');
        if (count) lines[line] = { ...(lines[line] ?? {}), count: count.textContent };
        if (faded.trim()) lines[line] = { ...(lines[line] ?? {}), faded: faded.trim() };
      }
      return lines;
    });
  let previous = '';
  let current = await read();
  for (let i = 0; i < 10 && JSON.stringify(current) !== previous; i++) {
    previous = JSON.stringify(current);
    await page.waitForTimeout(700);
    current = await read();
  }
  return current;
}

/** The Explorer's coverage percentage of each row that shows one. */
function explorerCoverage(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('.explorer-folders-view .monaco-list-row')]
        .map((row) => [row.getAttribute('aria-label'), row.querySelector('.test-coverage-bars')?.textContent ?? null])
        .filter(([, shown]) => shown !== null),
    ),
  );
}

await session.report(async (result) => {
  result.files = {};
  result.byTest = {};
  cpSync(options.project, session.workspace, { recursive: true, filter: (source) => !source.includes('__pycache__') });
  session.install(options.vsix, { 'scenario.server.command': JSON.parse(options['server-command']) }, result.timings);
  const page = await session.open(result.timings, { width: 1500, height: 900 });
  result.timings.workbench_s = elapsed();
  log(`workbench up; opening ${options.library}`);
  await openFile(page, options.library);
  // The unused mission's hint comes from the server once it has indexed the workspace.
  await page.locator('.squiggly-inline-unnecessary').first().waitFor();
  result.timings.server_s = elapsed();

  await runCommand(page, 'Test: Run All Tests with Coverage');
  await page.locator('.coverage-deco-gutter').first().waitFor();
  result.timings.coverage_s = elapsed();
  log('coverage shown');
  await runCommand(page, 'Test: Toggle Inline Coverage');
  await page.locator('.coverage-deco-inline-count').first().waitFor();
  await openFile(page, options.module);
  result.files[options.module] = { lines: await editorLines(page) };
  await openFile(page, options.library);
  result.files[options.library] = { lines: await editorLines(page) };
  result.explorer = await explorerCoverage(page);
  if (options.screenshot) {
    await page.screenshot({ path: options.screenshot });
    result.screenshot = options.screenshot;
  }

  await openFile(page, options.module);
  for (const test of options.tests.split(',')) {
    // The command asks which test, in a second quick pick: its rows read "a_few stock.scenario.yaml".
    await page.keyboard.press('F1');
    await page.keyboard.type('Test: Filter Coverage by Test');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Test: Filter Coverage by Test' }).first().click();
    await page.locator('.quick-input-widget input[placeholder^="Pick a test"]').waitFor();
    const pick = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${test}$`) }) }).first();
    await pick.waitFor();
    await pick.click();
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.waitForTimeout(1000);
    const lines = await editorLines(page);
    result.byTest[test] = Object.entries(lines)
      .filter(([, shown]) => shown.gutter === 'hit')
      .map(([line]) => Number(line));
  }
}, options.screenshot);
