// End-to-end run of workspace trust in a real VS Code: code-server driven by
// headless Chromium, with the Scenario Harness extension's .vsix.
//
// It copies a project with Python missions into a temporary workspace and
// opens it with VS Code's workspace trust on, so the folder is in Restricted
// Mode. It opens one scenario file and reads what VS Code shows (the Problems
// panel, the code lenses, the notifications) and which of the `--marker` files
// exist (paths relative to the workspace, or absolute): files the project's
// code and the programs the workspace's own settings name write when they run. Then it trusts the folder as a user
// does (Manage Workspace Trust, "Trust"), waits until the Problems panel shows
// `--ran` (a finding only a run of the project's code can give), and reads all
// of it again. One JSON object on stdout (tests/editors/test_vscode_trust.py
// judges it):
//
//   {"workspace": DIR, "restricted": {"markers": [{label, text}], "lenses": [[titles of one line], ...],
//    "notifications": [text], "files": {NAME: exists}}, "trusted": {...the same...}, "timings": {...}}
//
// Usage: node run-e2e-trust.mjs --vsix X.vsix --project DIR --scenario NAME --server-command JSON
//        --ran TEXT --marker NAME [--marker NAME...] [--tools DIR] [--timeout-s N] [--keep-temp]
// Progress goes to stderr; a failure prints {"error": ...} and exits 1.
import { cpSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CodeServerSession, driverOptions, elapsed, lensTitles, log, runCommand, settled } from './codeServer.mjs';

const options = driverOptions({
  project: { type: 'string' },
  scenario: { type: 'string' },
  ran: { type: 'string' },
  marker: { type: 'string', multiple: true, default: [] },
});

const session = CodeServerSession.forDriver(options, { workspaceTrust: true });

/**
 * The Problems panel's rows, the lenses and the notifications, once they stop
 * changing and `ready` holds of the rows' texts; and which markers exist.
 */
async function shown(page, ready = () => true) {
  const rows = page.locator('.markers-panel .monaco-list-row');
  const read = async () => ({
    markers: await rows.evaluateAll((all) => all.map((row) => ({ label: row.getAttribute('aria-label') ?? '', text: row.textContent ?? '' }))),
    lenses: await lensTitles(page),
    notifications: await page.locator('.notification-toast').evaluateAll((all) => all.map((toast) => toast.textContent ?? '')),
  });
  const current = await settled(page, read, { ready: (now) => ready(now.markers.map((marker) => marker.text)) });
  current.files = Object.fromEntries(options.marker.map((name) => [name, existsSync(resolve(session.workspace, name))]));
  return current;
}

await session.report(async (result) => {
  result.workspace = session.workspace;
  cpSync(options.project, session.workspace, { recursive: true, filter: (source) => !source.includes('__pycache__') });
  session.install(
    options.vsix,
    {
      'scenario.server.command': JSON.parse(options['server-command']),
      'security.workspace.trust.enabled': true,
      // No dialog at start: the folder opens in Restricted Mode, as after "Don't Trust".
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
    },
    result.timings,
  );
  const page = await session.open(result.timings);
  result.timings.workbench_s = elapsed();
  log(`workbench up in Restricted Mode; opening ${options.scenario}`);
  await session.openFromExplorer(options.scenario);

  // The lenses come from the server: waiting for them waits for activation, the server's start and the first check.
  await page.locator('.codelens-decoration a', { hasText: 'Run scenario' }).first().waitFor();
  await page.keyboard.press('Control+Shift+M'); // View: Problems
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'the project is not trusted' }).first().waitFor();
  result.restricted = await shown(page);
  result.timings.restricted_s = elapsed();

  log('trusting the folder (Manage Workspace Trust, Trust)');
  await runCommand(page, 'Manage Workspace Trust');
  await page.locator('.workspace-trust-editor .workspace-trust-buttons-row .monaco-button', { hasText: /^Trust/ }).first().click();
  // VS Code 1.139 shows the trust editor as a modal over the workbench: close it to get back to the scenario file.
  await page.locator('.workspace-trust-editor .workspace-trust-header', { hasText: 'You trust this folder' }).waitFor();
  await runCommand(page, 'View: Close Editor');
  await page.locator('.workspace-trust-editor').waitFor({ state: 'hidden' });
  await session.openFromExplorer(options.scenario);
  await page.locator('.markers-panel .monaco-list-row', { hasText: options.ran }).first().waitFor();
  result.timings.trusted_s = elapsed();
  // A restart of the server clears the panel for a moment: read it once the missions' findings are back.
  result.trusted = await shown(page, (texts) => texts.some((text) => text.includes(options.ran)));
  log('the project ran');
  if (options.screenshot) {
    await page.screenshot({ path: options.screenshot });
    result.screenshot = options.screenshot;
  }
}, options.screenshot);
