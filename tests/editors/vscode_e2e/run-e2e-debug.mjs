// End-to-end debugging in a real VS Code: code-server driven by headless Chromium,
// with the Scenario Harness extension's .vsix and scenario-dap.
//
// It copies a project (tests/dap/shop) into a temporary workspace, opens a
// scenario file, sets a breakpoint on a YAML step and one in a Python
// operation as a user does (Go to Line, F9), starts the debugger from the
// scenario's "Debug scenario" code lens, and reads what VS Code shows at each
// stop: the Call Stack and the Variables views. Then it removes the
// breakpoints, continues to the end and reads the Debug Console. One JSON
// object on stdout (tests/editors/test_vscode_debug.py judges it):
//
//   {"lenses": [[titles of one line], ...],
//    "yamlStop": {"callStack": [...], "variables": [...]},
//    "pythonStop": {"callStack": [...], "variables": [...]},
//    "console": "...", "testStop": {...}, "testItem": "<its aria-label after the run>",
//    "timings": {...}, "screenshot": "..."}
//
// Last, it debugs one scenario from the Test Explorer ("Debug Test" on its
// item) with a breakpoint on one of its calls, and reads that stop and the
// item's state once the session has ended.
//
// Usage: node run-e2e-debug.mjs --vsix X.vsix --project DIR --scenario FILE --server-command JSON
//        --yaml-line N --python-file REL_PATH --python-line N --test-scenario NAME --test-line N [--tools DIR] [--screenshot PNG] [--timeout-s N] [--keep-temp]
// Progress goes to stderr; a failure prints {"error": ...} and exits 1.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CodeServerSession, driverOptions, elapsed, lensTitles, log, runCommand } from './codeServer.mjs';

const options = driverOptions({
  project: { type: 'string' },
  scenario: { type: 'string' },
  'yaml-line': { type: 'string' },
  'python-file': { type: 'string' },
  'python-line': { type: 'string' },
  'test-scenario': { type: 'string' },
  'test-line': { type: 'string' },
});

const session = CodeServerSession.forDriver(options);

/** Opens a file of the workspace by name (its tab when it has one, else Quick Open), and waits for its tab. */
async function open(page, name) {
  const tab = page.locator('.tab', { hasText: name }).first();
  if ((await tab.count()) > 0) {
    await tab.click();
    await page.locator('.tab.active', { hasText: name }).waitFor();
    return;
  }
  await page.keyboard.press('Control+P');
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
}

/** A breakpoint on `line` of the active editor, as a user sets one: Go to Line, then F9. */
async function toggleBreakpoint(page, line) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  await page.keyboard.press('F9');
}

/** The rows of a view's tree, as text, once they stop changing. */
async function rows(page, selector) {
  const read = () => page.locator(`${selector} .monaco-list-row`).evaluateAll((all) => all.map((row) => (row.textContent ?? '').replace(/\s+/g, ' ').trim()));
  let previous = '';
  let current = await read();
  for (let i = 0; i < 10 && JSON.stringify(current) !== previous; i++) {
    previous = JSON.stringify(current);
    await page.waitForTimeout(500);
    current = await read();
  }
  return current;
}

/** Expands every collapsed scope of the Variables view (one level: the scopes themselves). */
async function expandScopes(page) {
  const collapsed = page.locator('.debug-variables .monaco-list-row[aria-level="1"][aria-expanded="false"]');
  for (let i = 0; i < 5 && (await collapsed.count()) > 0; i++) {
    await collapsed.first().locator('.monaco-tl-twistie').click();
    await page.waitForTimeout(400);
  }
}

/** What the debug views show at a stop whose top frame's label contains `topFrame`. */
async function stop(page, topFrame) {
  await page.locator('.debug-call-stack .monaco-list-row', { hasText: topFrame }).first().waitFor();
  // The scopes come after the stack, then VS Code expands them (or not): wait for a variable, then expand the rest.
  await page.locator('.debug-variables .monaco-list-row[aria-level="1"]').first().waitFor();
  await page.waitForTimeout(1000);
  await expandScopes(page);
  // A scope may be empty (a call's params when it has none): give the variables a moment, not a deadline.
  await page.locator('.debug-variables .monaco-list-row[aria-level="2"]').first().waitFor({ timeout: 5000 }).catch(() => undefined);
  return { callStack: await rows(page, '.debug-call-stack'), variables: await rows(page, '.debug-variables') };
}

await session.report(async (result) => {
  cpSync(options.project, session.workspace, { recursive: true, filter: (source) => !source.includes('__pycache__') });
  const serverCommand = { 'scenario.server.command': JSON.parse(options['server-command']) };
  session.install(options.vsix, serverCommand, result.timings);
  // In the workspace's settings too: code-server reloads the configuration when a debug session starts, and
  // then drops a machine-overridable setting of the user's settings (the extension host saw the server command
  // change to the default, and restarted the server with python3).
  mkdirSync(join(session.workspace, '.vscode'), { recursive: true });
  writeFileSync(join(session.workspace, '.vscode', 'settings.json'), JSON.stringify(serverCommand, null, 2));
  const page = await session.open(result.timings, { width: 1500, height: 1100 });
  result.timings.workbench_s = elapsed();
  await session.openFromExplorer(options.scenario);
  await page.locator('.codelens-decoration a', { hasText: 'Debug scenario' }).first().waitFor();
  result.lenses = await lensTitles(page);
  result.timings.lenses_s = elapsed();
  log('lenses shown; setting breakpoints');

  await toggleBreakpoint(page, options['yaml-line']);
  await open(page, options['python-file'].replace(/^.*\//, ''));
  await toggleBreakpoint(page, options['python-line']);
  await open(page, options.scenario);

  // The scenario's "Debug scenario" lens (the first scenario's).
  await page.locator('.codelens-decoration a', { hasText: 'Debug scenario' }).first().click();
  result.yamlStop = await stop(page, 'step sell');
  result.timings.yaml_stop_s = elapsed();
  log('stopped at the YAML step');
  if (options.screenshot) {
    mkdirSync(dirname(resolve(options.screenshot)), { recursive: true });
    await page.screenshot({ path: resolve(options.screenshot) });
    result.screenshot = resolve(options.screenshot);
  }

  await page.keyboard.press('F5'); // Continue
  result.pythonStop = await stop(page, 'reserve');
  result.timings.python_stop_s = elapsed();
  log('stopped in the Python operation');
  if (options.screenshot) await page.screenshot({ path: resolve(options.screenshot).replace(/\.png$/, '-python.png') });

  await runCommand(page, 'Remove All Breakpoints');
  await page.keyboard.press('F5');
  await page.locator('.repl .monaco-list-row', { hasText: 'scenario_hash' }).first().waitFor();
  await page.waitForTimeout(500);
  result.console = (await rows(page, '.repl')).join('\n');
  result.timings.console_s = elapsed();

  // The Test Explorer's Debug profile: "Debug Test" on a scenario's item stops at a breakpoint in it.
  await open(page, options.scenario);
  await toggleBreakpoint(page, options['test-line']);
  await runCommand(page, 'Testing: Focus on Test Explorer View');
  const suite = page.locator('.test-explorer .monaco-list-row', { hasText: options.scenario }).first();
  await suite.waitFor();
  if ((await suite.getAttribute('aria-expanded')) === 'false') await suite.locator('.monaco-tl-twistie').click();
  const item = page.locator('.test-explorer .monaco-list-row[aria-level="2"]', { hasText: options['test-scenario'] }).first();
  await item.waitFor();
  await item.click({ button: 'right' });
  const entry = page.locator('.monaco-menu .action-label', { hasText: 'Debug Test' }).first();
  await entry.waitFor();
  await page.waitForTimeout(500); // the menu takes a click only once it has settled
  await entry.click();
  await page.locator('.monaco-menu').first().waitFor({ state: 'hidden' });
  result.testStop = await stop(page, '(call 1)');
  log('stopped from the Test Explorer');
  await runCommand(page, 'Remove All Breakpoints');
  await page.keyboard.press('F5');
  await runCommand(page, 'Testing: Focus on Test Explorer View');
  const passed = page.locator('.test-explorer .monaco-list-row[aria-level="2"]', { hasText: options['test-scenario'] }).locator('.codicon-testing-passed-icon');
  await passed.first().waitFor();
  result.testItem = await item.getAttribute('aria-label');
}, options.screenshot);
