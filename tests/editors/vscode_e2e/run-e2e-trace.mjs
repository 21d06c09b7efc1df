// End-to-end run of the step trace in a real VS Code: code-server driven by
// headless Chromium, with the Scenario Harness extension's .vsix.
//
// It copies a project (examples/checkout: Python missions and operations,
// a failing expectation whose value a Python operation wrote) into a
// temporary workspace, opens a scenario file, clicks the Trace lens of one
// call and reads the Trace view that opens beside it (its lines and its
// links), follows one link, then runs the tests from the Test Explorer and
// reads the call stack of a failed expectation's message and the run's
// output. One JSON object on stdout (tests/editors/test_vscode_trace.py
// judges it against the server's own answer and `scenario run`):
//
//   {"lensTitles": [...], "view": {"title", "lines": [...], "links": [...]},
//    "followed": {"link", "tab", "position"}, "stack": [aria-label of each frame],
//    "frameOpened": {"tab", "position"}, "output": [lines], "timings": {...}}
//
// Usage: node run-e2e-trace.mjs --vsix X.vsix --project DIR --scenario NAME --call N --follow TEXT
//        --server-command JSON [--tools DIR] [--screenshot PNG] [--timeout-s N] [--keep-temp]
// --call is the 0-based place, among the file's Trace lenses, of the one to click;
// --follow the text of the view's link to follow (a `path:line`).
// Progress goes to stderr; a failure prints {"error": ...} and exits 1.
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CodeServerSession, driverOptions, elapsed, log, runCommand, testRunShown } from './codeServer.mjs';

const options = driverOptions({
  project: { type: 'string' },
  scenario: { type: 'string' },
  call: { type: 'string' },
  follow: { type: 'string' },
});

const session = CodeServerSession.forDriver(options);

/** The lines an editor shows, top to bottom (the view's text, as far as it is on screen). */
function editorLines(editor) {
  return editor.locator('.view-lines .view-line').evaluateAll((lines) =>
    lines
      .map((line) => ({ top: line.getBoundingClientRect().top, text: (line.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd() }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text),
  );
}

await session.report(async (result) => {
  cpSync(options.project, session.workspace, { recursive: true, filter: (source) => !source.includes('__pycache__') });
  session.install(
    options.vsix,
    {
      'scenario.server.command': JSON.parse(options['server-command']),
      // The Test Results view writes a run's output into a terminal; drawn as DOM, its text can be read.
      'terminal.integrated.gpuAcceleration': 'off',
      'testing.automaticallyOpenPeekView': 'never',
      'testing.automaticallyOpenTestResults': 'neverOpen',
    },
    result.timings,
  );
  const page = await session.open(result.timings, { width: 1600, height: 1400 });
  result.timings.workbench_s = elapsed();
  log(`workbench up; opening ${options.scenario}`);
  await session.openFromExplorer(options.scenario);

  // The lenses come from the server: waiting for them waits for the server, the worker and the first check.
  const traceLenses = page.locator('.codelens-decoration a', { hasText: /^Trace/ });
  await traceLenses.first().waitFor();
  await page.waitForTimeout(1500);
  result.lensTitles = (await traceLenses.allTextContents()).map((t) => t.replace(/\u00a0/g, ' ').trim());
  result.timings.lenses_s = elapsed();
  log(`${result.lensTitles.length} Trace lenses; clicking number ${options.call}`);

  await traceLenses.nth(Number(options.call)).click();
  const viewTab = page.locator('.tab', { hasText: '(trace)' }).first();
  await viewTab.waitFor();
  const view = page.locator('.editor-group-container', { has: page.locator('.tab.active', { hasText: '(trace)' }) }).locator('.monaco-editor').first();
  await view.locator('.view-line', { hasText: 'Trace of scenario' }).waitFor();
  await view.locator('.detected-link').first().waitFor();
  await page.waitForTimeout(1000);
  result.view = {
    title: (await viewTab.getAttribute('aria-label')) ?? '',
    lines: await editorLines(view),
    links: (await view.locator('.detected-link').allTextContents()).map((t) => t.replace(/\u00a0/g, ' ')),
  };
  result.timings.view_s = elapsed();
  log('Trace view read');

  // The scenario file and its call's trace side by side, without the side bar: beside it, the trace's
  // long lines end past the view's right edge, and so may the link clicked below.
  await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  if (options.screenshot) {
    mkdirSync(dirname(resolve(options.screenshot)), { recursive: true });
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.mouse.move(300, 15); // off every button, so that no tooltip shows
    await page.waitForTimeout(1000);
    await page.screenshot({ path: resolve(options.screenshot) });
    result.screenshot = resolve(options.screenshot);
    await page.setViewportSize({ width: 1600, height: 1400 });
  }

  // A link opens its line.
  const link = view.locator('.detected-link', { hasText: options.follow }).first();
  const target = (await link.textContent()).replace(/\u00a0/g, ' ');
  await link.click({ modifiers: ['Control'] });
  const pyTab = page.locator('.tab.active', { hasText: '.py' }).first();
  await pyTab.waitFor();
  const selection = page.locator('[id="status.editor.selection"]');
  await selection.waitFor();
  await page.waitForTimeout(500);
  result.followed = { link: target, tab: (await pyTab.textContent()).trim(), position: ((await selection.textContent()) ?? '').trim() };
  log(`followed ${target}`);

  // The Test Explorer: run every test, then the failed expectation's message and its stack, and the run's output.
  await runCommand(page, 'Testing: Focus on Test Explorer View');
  await page.locator('.test-explorer .monaco-list-row').first().waitFor();
  await runCommand(page, 'Test: Run All Tests');
  await testRunShown(page);
  result.timings.run_s = elapsed();

  // Back in the scenario file, the failure's inline message opens the peek with its call stack.
  await page.locator('.tab', { hasText: options.scenario }).first().click();
  const scenarioEditor = page.locator('.editor-group-container', { has: page.locator('.tab.active', { hasText: options.scenario }) }).locator('.monaco-editor').first();
  const widget = scenarioEditor.locator('.test-error-content-widget', { hasText: /!=/ }).first();
  await widget.waitFor();
  await widget.click();
  // Each frame of the stack is a row whose aria-label is "<label>, line N in <path>", with an Open File action.
  const frames = page.locator('.test-output-call-stack-container .multiCallStackFrameContainer');
  await frames.nth(1).waitFor();
  await page.waitForTimeout(1500);
  result.stack = await frames.evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
  result.timings.stack_s = elapsed();
  log('call stack read');
  await frames.last().locator('.action-label[aria-label="Open File"]').click();
  await page.waitForFunction(() => /\.py$/.test(document.querySelector('.tab.active')?.textContent?.trim() ?? ''));
  await page.waitForTimeout(500);
  result.frameOpened = {
    tab: (await page.locator('.tab.active').first().textContent()).trim(),
    position: ((await page.locator('[id="status.editor.selection"]').textContent()) ?? '').trim(),
  };

  // The run's output, in the Test Results view's terminal (drawn as DOM: gpuAcceleration off).
  await runCommand(page, 'Test Results: Focus on Test Results View');
  await runCommand(page, 'View: Toggle Maximized Panel');
  await page.waitForTimeout(1000);
  await page.waitForFunction(() => [...document.querySelectorAll('.xterm-rows')].some((rows) => (rows.textContent ?? '').includes('Trace of scenario')));
  result.output = await page
    .locator('.xterm-rows', { hasText: 'Trace of scenario' })
    .first()
    .evaluate((rows) => [...rows.children].map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()));
  result.timings.output_s = elapsed();
}, options.screenshot);
