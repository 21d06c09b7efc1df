// What the VS Code end-to-end drivers (run-e2e*.mjs) share: their common
// options and budget, waits on what the page shows, and a fresh code-server
// profile with the extension's .vsix installed, started on a free port, and a
// headless Chromium page showing a workspace folder.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const DEFAULT_TOOLS = resolve(dirname(new URL(import.meta.url).pathname), '../../../.tools');

const started = Date.now();
const elapsed = () => Math.round((Date.now() - started) / 100) / 10;

/** Seconds since the driver started, to a tenth. */
export { elapsed };

export const log = (message) => process.stderr.write(`[vscode-e2e ${elapsed().toFixed(1)}s] ${message}\n`);

function timeScale() {
  const given = process.env.SCENARIO_TEST_TIME_SCALE ?? '1';
  const scale = Number(given);
  if (!(scale > 0)) throw new Error(`SCENARIO_TEST_TIME_SCALE must be a positive number, not ${JSON.stringify(given)}`);
  return scale;
}

/** The one factor of every deadline of the tests (SCENARIO_TEST_TIME_SCALE; see tests/helpers.py). */
export const TIME_SCALE = timeScale();

/**
 * How long one wait (a lens shown, a file written, a notification) may take
 * before the run fails: ample on a loaded machine; only a failing run waits it out.
 */
export const WAIT_MS = 60_000 * TIME_SCALE;

/** The first truthy value of `read()`, polled until WAIT_MS; else an error naming `what`. */
export async function until(read, what, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * `read()` once two reads `pauseMs` apart agree (as JSON) and `ready` holds of
 * the last: what the page shows once it stops changing. The run's budget bounds the wait.
 */
export async function settled(page, read, { pauseMs = 1000, ready = () => true } = {}) {
  let previous = '';
  let current = await read();
  while (JSON.stringify(current) !== previous || !ready(current)) {
    previous = JSON.stringify(current);
    await page.waitForTimeout(pauseMs);
    current = await read();
  }
  return current;
}

const TEST_ROW = '.test-explorer .monaco-list-row';
const TEST_STATE_ICON = '.test-explorer .computed-state:is(.codicon-testing-passed-icon, .codicon-testing-failed-icon, .codicon-testing-error-icon)';

/** The Test Explorer's rows shown with a run's state. */
export function testStatesShown(page) {
  return page.locator(TEST_STATE_ICON).count();
}

/**
 * Until every row of the Test Explorer shows a run's state: as its icon, and
 * at the end of its aria-label ("… (Failed)"), which is updated apart.
 */
export async function testRunShown(page) {
  await page.waitForFunction(
    ([icon, row]) => {
      const rows = [...document.querySelectorAll(row)];
      return rows.length > 0 && document.querySelectorAll(icon).length === rows.length && rows.every((r) => /\((Passed|Failed|Errored)\)$/.test(r.getAttribute('aria-label') ?? ''));
    },
    [TEST_STATE_ICON, TEST_ROW],
  );
}

/** The user settings of every run: no tips, updates, telemetry or trust prompts (unless `extra` turns trust on); `extra` on top. */
function userSettings(extra) {
  return {
    'security.workspace.trust.enabled': false,
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
    ...extra,
  };
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

async function answers(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false; // not listening yet
  }
}

/** Runs a command by its title from the Command Palette. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.keyboard.type(title);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** The titles of the code lenses in view, one array per line, top to bottom. */
export function lensTitles(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.codelens-decoration')]
      .map((decoration) => ({
        top: decoration.closest('.contentWidgets > *, [widgetid]')?.getBoundingClientRect().top ?? decoration.getBoundingClientRect().top,
        titles: [...decoration.querySelectorAll('a')].map((a) => a.textContent.replace(/\u00a0/g, ' ').trim()),
      }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.titles),
  );
}

/**
 * The command line of a driver: the options every driver takes (the .vsix,
 * the server command, the tools, a screenshot, the run's budget, keep-temp)
 * and its own `extra` ones (node:util parseArgs's option specs).
 */
export function driverOptions(extra = {}) {
  return parseArgs({
    options: {
      vsix: { type: 'string' },
      'server-command': { type: 'string' },
      tools: { type: 'string', default: DEFAULT_TOOLS },
      screenshot: { type: 'string' },
      'timeout-s': { type: 'string', default: String(600 * TIME_SCALE) },
      'keep-temp': { type: 'boolean', default: false },
      ...extra,
    },
  }).values;
}

/**
 * One code-server with the extension, in a temporary folder: `workspace` is
 * the folder it opens (fill it before `open`). `budgetMs` bounds the whole
 * run, from the driver's start (see `report`).
 */
export class CodeServerSession {
  /** The session of a driver's `options` (driverOptions): its tools, its budget, keep-temp; `settings` on top. */
  static forDriver(options, settings = {}) {
    return new CodeServerSession({
      tools: options.tools,
      budgetMs: Number(options['timeout-s']) * 1000,
      keepTemp: options['keep-temp'],
      ...settings,
    });
  }

  /**
   * With `workspaceTrust`, VS Code's workspace trust is on and the folder
   * opens in Restricted Mode (the user settings must turn it on too); else
   * every folder is trusted.
   */
  constructor({ tools = DEFAULT_TOOLS, budgetMs, keepTemp = false, workspaceTrust = false }) {
    this.tools = resolve(tools);
    this.workspaceTrust = workspaceTrust;
    this.budgetMs = budgetMs;
    this.keepTemp = keepTemp;
    this.temp = mkdtempSync(join(tmpdir(), 'scenario-vscode-e2e-'));
    this.userData = join(this.temp, 'user-data');
    this.extensions = join(this.temp, 'extensions');
    this.workspace = join(this.temp, 'workspace');
    this.log = '';
    const node24Bin = join(this.tools, 'node24', 'node_modules', '.bin');
    this.codeServer = join(this.tools, 'code-server', 'node_modules', '.bin', 'code-server');
    this.env = {
      ...process.env,
      PATH: `${node24Bin}:${process.env.PATH}`,
      // Keep code-server's own config and state out of the user's home.
      XDG_CONFIG_HOME: join(this.temp, 'config'),
      XDG_DATA_HOME: join(this.temp, 'data'),
    };
    for (const dir of [join(this.userData, 'User'), this.extensions, this.workspace]) mkdirSync(dir, { recursive: true });
  }

  /** Installs the .vsix into the fresh profile, whose user settings are `settings` over the quiet defaults. */
  install(vsix, settings, timings) {
    writeFileSync(join(this.userData, 'User', 'settings.json'), JSON.stringify(userSettings(settings), null, 2));
    log(`installing ${vsix}`);
    const install = spawnSync(
      this.codeServer,
      ['--user-data-dir', this.userData, '--extensions-dir', this.extensions, '--install-extension', resolve(vsix)],
      { env: this.env, encoding: 'utf8', timeout: 2 * WAIT_MS },
    );
    if (install.status !== 0) throw new Error(`installing the .vsix failed (${install.error ?? `exit ${install.status}`}):\n${install.stdout}\n${install.stderr}`);
    timings.install_s = elapsed();
  }

  /** Starts code-server and Chromium, and shows the workspace; the page, with the workbench up. */
  async open(timings, viewport = { width: 1500, height: 2200 }) {
    const port = await freePort();
    log(`starting code-server on port ${port}`);
    this.process = spawn(
      this.codeServer,
      [
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        ...(this.workspaceTrust ? [] : ['--disable-workspace-trust']),
        '--disable-getting-started-override',
        '--user-data-dir', this.userData,
        '--extensions-dir', this.extensions,
        this.workspace,
      ],
      // Its own process group, so that its children (extension host, file
      // watcher, the language server) end with it.
      { env: this.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    this.process.stdout.on('data', (d) => (this.log += d));
    this.process.stderr.on('data', (d) => (this.log += d));
    const health = `http://127.0.0.1:${port}/healthz`;
    await until(() => answers(health), `code-server to answer at ${health}`);
    timings.code_server_ready_s = elapsed();

    const require = createRequire(join(this.tools, 'e2e', 'package.json'));
    const { chromium } = require('playwright-core');
    this.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      timeout: WAIT_MS,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    });
    this.page = await this.browser.newPage({ viewport });
    // Every wait of the page for what it should show (a lens, a row, a notification).
    this.page.setDefaultTimeout(WAIT_MS);
    await this.page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(this.workspace)}`);
    await this.page.locator('.monaco-workbench').waitFor();
    return this.page;
  }

  /** Opens a file at the top of the workspace from the Explorer, as a user clicks it. */
  async openFromExplorer(fileName) {
    const row = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${fileName}"]`);
    await row.waitFor();
    await row.click();
  }

  /** The tail of the extension host's and the extension's own logs, for a failure report. */
  extensionLogs() {
    const found = {};
    const walk = (dir) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/^(Scenario Harness|exthost|remoteexthost|remoteagent|settings)\.(log|json)$/.test(entry.name)) found[entry.name] = readFileSync(path, 'utf8').slice(-3000);
      }
    };
    try {
      walk(join(this.userData, 'logs'));
      found['User/settings.json'] = readFileSync(join(this.userData, 'User', 'settings.json'), 'utf8');
    } catch {
      // no logs yet
    }
    return found;
  }

  /**
   * Runs `body(result)`, then prints `result` as one JSON object on stdout and
   * stops code-server and Chromium. A failure, or a run past the budget, adds
   * {"error": ...} with the logs (and a screenshot next to `screenshot`) and
   * exits 1: the driver always ends by itself, within its budget.
   */
  async report(body, screenshot) {
    const result = { timings: {} };
    let timer;
    const outOfTime = new Promise((_, reject) => {
      const message = `the run took longer than its budget of ${this.budgetMs / 1000} s (SCENARIO_TEST_TIME_SCALE scales it)`;
      timer = setTimeout(() => reject(new Error(message)), this.budgetMs - (Date.now() - started));
    });
    const running = body(result);
    running.catch(() => undefined); // past the budget it fails as the browser closes under it: reported already
    try {
      await Promise.race([running, outOfTime]);
    } catch (error) {
      await this.describeFailure(result, error, screenshot);
      process.exitCode = 1;
    } finally {
      clearTimeout(timer);
      result.timings.total_s = elapsed();
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      await this.close();
    }
  }

  /** Adds what a failure report needs to `result`, with a screenshot next to `screenshot` when given. */
  async describeFailure(result, error, screenshot) {
    result.error = String(error?.stack ?? error);
    result.codeServerLog = this.log.slice(-4000);
    result.extensionLogs = this.extensionLogs();
    const shotBeside = screenshot ?? process.env.SCENARIO_E2E_FAILURE_SCREENSHOT;
    if (this.page && shotBeside) {
      const failureShot = resolve(shotBeside).replace(/\.png$/, '') + '-failure.png';
      await this.page.screenshot({ path: failureShot }).then(() => (result.failureScreenshot = failureShot), () => undefined);
    }
  }

  /** Stops Chromium, code-server and everything it started; removes the temporary folder. */
  async close() {
    await this.browser?.close().catch(() => undefined);
    const child = this.process;
    if (child && child.exitCode === null) {
      const signalGroup = (signal) => {
        try {
          process.kill(-child.pid, signal);
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
        child.once('exit', () => {
          clearTimeout(timer);
          r();
        });
      });
      // Whatever of the group outlived code-server itself.
      signalGroup('SIGKILL');
    }
    if (!this.keepTemp) rmSync(this.temp, { recursive: true, force: true });
    else log(`kept ${this.temp}`);
  }
}
