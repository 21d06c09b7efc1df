// End-to-end run of a project's Python missions in a real VS Code: code-server
// driven by headless Chromium, with the Scenario Harness extension's .vsix.
//
// It copies a project (a pyproject.toml naming its mission modules, the
// modules, its scenario files) into a temporary workspace, opens one scenario
// file, and reads what VS Code shows: the Problems panel and the code lenses.
// Then it fixes a Python file on disk, as another editor or `git checkout`
// would, waits until the Problems panel no longer shows `--gone`, and reads
// them again. One JSON object on stdout (tests/editors/test_vscode_python.py
// judges it against `scenario run`):
//
//   {"before": {"problems": {...}, "markers": [{label, text}], "lenses": [[titles of one line], ...]},
//    "after": {...the same...}, "timings": {...}}
//
// Usage: node run-e2e-python.mjs --vsix X.vsix --project DIR --scenario NAME --server-command JSON
//        --replace REL_PATH --with FILE --gone TEXT [--tools DIR] [--timeout-s N] [--keep-temp]
// Progress goes to stderr; a failure prints {"error": ...} and exits 1.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeServerSession, driverOptions, elapsed, lensTitles, log, settled, until } from './codeServer.mjs';

const options = driverOptions({
  project: { type: 'string' },
  scenario: { type: 'string' },
  replace: { type: 'string' },
  with: { type: 'string' },
  gone: { type: 'string' },
});

const session = CodeServerSession.forDriver(options);

/** The Problems panel's rows (each problem, and each related place under it) and the lenses, once they stop changing. */
async function shown(page) {
  const rows = page.locator('.markers-panel .monaco-list-row');
  const read = async () => ({
    problems: (await page.locator('[id="status.problems"]').getAttribute('aria-label')) ?? '',
    markers: await rows.evaluateAll((all) => all.map((row) => ({ label: row.getAttribute('aria-label') ?? '', text: row.textContent ?? '' }))),
    lenses: await lensTitles(page),
  });
  return settled(page, read);
}

await session.report(async (result) => {
  cpSync(options.project, session.workspace, { recursive: true, filter: (source) => !source.includes('__pycache__') });
  session.install(options.vsix, { 'scenario.server.command': JSON.parse(options['server-command']) }, result.timings);
  const page = await session.open(result.timings);
  result.timings.workbench_s = elapsed();
  log(`workbench up; opening ${options.scenario}`);
  await session.openFromExplorer(options.scenario);

  // The lenses come from the server: waiting for them waits for activation,
  // the server's start, the mission worker's and the first check.
  await page.locator('.codelens-decoration a', { hasText: 'Run scenario' }).first().waitFor();
  await page.keyboard.press('Control+Shift+M'); // View: Problems
  await page.locator('.markers-panel .monaco-list-row', { hasText: options.gone }).first().waitFor();
  result.before = await shown(page);
  result.timings.before_s = elapsed();
  log(`problems shown; replacing ${options.replace} on disk`);

  writeFileSync(join(session.workspace, options.replace), readFileSync(options.with));
  await page.waitForFunction(
    (gone) => ![...document.querySelectorAll('.markers-panel .monaco-list-row')].some((row) => (row.textContent ?? '').includes(gone)),
    options.gone,
  );
  result.timings.gone_s = elapsed();
  // The lenses come with a refresh of their own, after the problems: wait until they change too.
  const lensesBefore = JSON.stringify(result.before.lenses);
  await until(async () => JSON.stringify(await lensTitles(page)) !== lensesBefore, 'the code lenses to change after the fix');
  result.after = await shown(page);
  log('the problem is gone');
  if (options.screenshot) {
    await page.screenshot({ path: options.screenshot });
    result.screenshot = options.screenshot;
  }
}, options.screenshot);
