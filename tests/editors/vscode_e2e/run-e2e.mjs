// End-to-end run of the Scenario Harness extension in a real VS Code:
// code-server (VS Code in a browser) driven by headless Chromium.
//
// It installs the .vsix into a fresh profile, opens a copy of a scenario file
// in a temporary workspace, and reports what the page shows as one JSON object
// on stdout (tests/editors/test_vscode.py judges it against `scenario run`):
//
//   {"problems": {"errors", "warnings", "infos"}, "lenses": [[titles of one line], ...],
//    "statusBar": "...", "testMessages": [{line, text}], "testItems": [{label, description, state}],
//    "notifications": [...], "renameBoxBefore": "...", "renamed": {file: text},
//    "timings": {...}, "screenshot": "..."}
//
// With --libraries DIR, that folder (a mission library and scenario files
// importing it) is copied into the workspace too, and the run ends by
// renaming the library's mission `ship_order` from a call in
// checkout.scenario.yaml; "renamed" holds each of its files as saved after.
//
// Usage: node run-e2e.mjs --vsix X.vsix --scenario FILE --server-command JSON
//        [--libraries DIR] [--tools DIR] [--screenshot PNG] [--timeout-s N] [--keep-temp]
// Progress goes to stderr; a failure prints {"error": ...} and exits 1.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: {
    vsix: { type: 'string' },
    scenario: { type: 'string' },
    'server-command': { type: 'string' },
    libraries: { type: 'string' },
    tools: { type: 'string', default: resolve(dirname(new URL(import.meta.url).pathname), '../../../.tools') },
    screenshot: { type: 'string' },
    'timeout-s': { type: 'string', default: '120' },
    'keep-temp': { type: 'boolean', default: false },
  },
});

const started = Date.now();
const elapsed = () => Math.round((Date.now() - started) / 100) / 10;
const log = (message) => process.stderr.write(`[vscode-e2e ${elapsed().toFixed(1)}s] ${message}\n`);
const timeoutMs = Number(options['timeout-s']) * 1000;

const tools = resolve(options.tools);
const node24Bin = join(tools, 'node24', 'node_modules', '.bin');
const codeServer = join(tools, 'code-server', 'node_modules', '.bin', 'code-server');
const require = createRequire(join(tools, 'e2e', 'package.json'));
const { chromium } = require('playwright-core');

/** The tail of the extension host's and the extension's own logs, for a failure report. */
function extensionLogs(userDataDir) {
  const found = {};
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/^(Scenario Harness|exthost|remoteexthost|remoteagent|settings)\.(log|json)$/.test(entry.name)) found[entry.name] = readFileSync(path, 'utf8').slice(-3000);
    }
  };
  try {
    walk(join(userDataDir, 'logs'));
    found['User/settings.json'] = readFileSync(join(userDataDir, 'User', 'settings.json'), 'utf8');
  } catch {
    // no logs yet
  }
  return found;
}

/** Runs a command by its title from the Command Palette. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.keyboard.type(title);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHttp(url, deadline) {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer at ${url}`);
}

const temp = mkdtempSync(join(tmpdir(), 'scenario-vscode-e2e-'));
const userData = join(temp, 'user-data');
const extensions = join(temp, 'extensions');
const workspace = join(temp, 'workspace');
const env = {
  ...process.env,
  PATH: `${node24Bin}:${process.env.PATH}`,
  // Keep code-server's own config and state out of the user's home.
  XDG_CONFIG_HOME: join(temp, 'config'),
  XDG_DATA_HOME: join(temp, 'data'),
};

let codeServerProcess;
let codeServerLog = '';
let browser;
let page;
const result = { timings: {} };

try {
  for (const dir of [join(userData, 'User'), extensions, workspace]) mkdirSync(dir, { recursive: true });
  const fileName = basename(options.scenario);
  copyFileSync(options.scenario, join(workspace, fileName));
  if (options.libraries) cpSync(options.libraries, workspace, { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'security.workspace.trust.enabled': false,
        'scenario.server.command': JSON.parse(options['server-command']),
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'extensions.autoCheckUpdates': false,
        // No setting VS Code migrates (extensions.autoUpdate: false, say): the
        // migration rewrites this file at start-up, and in about half the runs
        // the extension host then never saw scenario.server.command.
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'editor.minimap.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.disableAIFeatures': true,
        'window.zoomLevel': 0,
      },
      null,
      2,
    ),
  );

  log(`installing ${options.vsix}`);
  const install = spawnSync(
    codeServer,
    ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', resolve(options.vsix)],
    { env, encoding: 'utf8', timeout: 120_000 },
  );
  if (install.status !== 0) throw new Error(`installing the .vsix failed:\n${install.stdout}\n${install.stderr}`);
  result.timings.install_s = elapsed();

  const port = await freePort();
  log(`starting code-server on port ${port}`);
  codeServerProcess = spawn(
    codeServer,
    [
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir', userData,
      '--extensions-dir', extensions,
      workspace,
    ],
    // Its own process group, so that its children (extension host, file
    // watcher, the language server) end with it.
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  codeServerProcess.stdout.on('data', (d) => (codeServerLog += d));
  codeServerProcess.stderr.on('data', (d) => (codeServerLog += d));
  const deadline = Date.now() + timeoutMs;
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, deadline);
  result.timings.code_server_ready_s = elapsed();

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  // Tall enough that every line of the example, and so every code lens, is rendered at once.
  page = await browser.newPage({ viewport: { width: 1500, height: 2200 } });
  page.setDefaultTimeout(Math.max(deadline - Date.now(), 1000));
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor();
  const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${fileName}"]`);
  await row.waitFor();
  result.timings.workbench_s = elapsed();
  log('workbench up; opening the scenario file');
  await row.click();

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

  result.lenses = await page.evaluate(() =>
    [...document.querySelectorAll('.codelens-decoration')]
      .map((decoration) => ({
        top: decoration.closest('.contentWidgets > *, [widgetid]')?.getBoundingClientRect().top ?? decoration.getBoundingClientRect().top,
        titles: [...decoration.querySelectorAll('a')].map((a) => a.textContent.replace(/\u00a0/g, ' ').trim()),
      }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.titles),
  );

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
    const names = ['lib/shipping.missions.yaml', 'checkout.scenario.yaml', 'returns.scenario.yaml'];
    const saved = () => Object.fromEntries(names.map((name) => [name, readFileSync(join(workspace, name), 'utf8')]));
    for (let i = 0; i < 20 && !Object.values(saved()).every((text) => text.includes('dispatch_order')); i++) {
      await runCommand(page, 'File: Save All');
      await page.waitForTimeout(500);
    }
    result.renamed = saved();
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
  await page.waitForTimeout(2000);
  result.notifications = (await page.locator('.notification-toast .notification-list-item-message').allTextContents()).map(
    (text) => text.trim(),
  );
  result.timings.start_failure_s = elapsed();

  result.timings.total_s = elapsed();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} catch (error) {
  result.error = String(error?.stack ?? error);
  result.codeServerLog = codeServerLog.slice(-4000);
  result.extensionLogs = extensionLogs(userData);
  if (page && options.screenshot) {
    const failureShot = resolve(options.screenshot).replace(/\.png$/, '') + '-failure.png';
    await page.screenshot({ path: failureShot }).then(() => (result.failureScreenshot = failureShot), () => undefined);
  }
  result.timings.total_s = elapsed();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => undefined);
  if (codeServerProcess && codeServerProcess.exitCode === null) {
    const signalGroup = (signal) => {
      try {
        process.kill(-codeServerProcess.pid, signal);
      } catch {
        // the group is gone already
      }
    };
    signalGroup('SIGTERM');
    await new Promise((r) => {
      const timer = setTimeout(() => {
        signalGroup('SIGKILL');
        r();
      }, 5000);
      codeServerProcess.once('exit', () => {
        clearTimeout(timer);
        r();
      });
    });
    // Whatever of the group outlived code-server itself.
    signalGroup('SIGKILL');
  }
  if (!options['keep-temp']) rmSync(temp, { recursive: true, force: true });
  else log(`kept ${temp}`);
}
