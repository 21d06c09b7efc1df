import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RESTRICTED_SETTINGS, SERVER_DEFAULTS } from '../src/serverSettings';

// Compiled to out/test/, so the extension's folder is two levels up.
const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

describe('package.json', () => {
  it('contributes the seven commands under the Scenario category', () => {
    assert.deepEqual(
      contributes.commands.map((c: { category: string; title: string }) => `${c.category}: ${c.title}`),
      [
        'Scenario: Run scenario',
        'Scenario: Debug scenario',
        'Scenario: Run suite',
        'Scenario: Accept all in file',
        'Scenario: Run all scenarios in workspace',
        'Scenario: Restart server',
        'Scenario: Show server output',
      ],
    );
  });

  it("mirrors the server's settings with the contract's defaults, plus the server command and trace", () => {
    const properties = contributes.configuration.properties;
    assert.deepEqual(
      Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, (value as { default: unknown }).default])),
      {
        'scenario.server.command': [],
        'scenario.debounceMs': 150,
        'scenario.runOnChange': true,
        'scenario.hashLength': 12,
        'scenario.pythonMissions': true,
        'scenario.python': '',
        'scenario.inlayHints': true,
        'scenario.trace.server': 'off',
      },
    );
  });

  it('contributes every server setting with the default the extension sends', () => {
    const properties = contributes.configuration.properties;
    for (const [key, value] of Object.entries(SERVER_DEFAULTS)) {
      assert.deepEqual(properties[`scenario.${key}`]?.default, value, key);
    }
  });

  it('works in untrusted workspaces with limited support: the settings that name programs are restricted', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.deepEqual(untrusted.restrictedConfigurations, [...RESTRICTED_SETTINGS]);
    assert.match(untrusted.description, /Python missions do not run/);
    for (const key of untrusted.restrictedConfigurations) assert.ok(contributes.configuration.properties[key], key);
  });

  it("puts Accept all in file in a scenario file's editor title and in the Test Explorer's context menu", () => {
    const scenarioFile = 'resourceFilename =~ /\\.scenario\\.ya?ml$/';
    assert.deepEqual(contributes.menus['editor/title'], [
      { command: 'scenarioHarness.acceptAll', when: scenarioFile, group: 'navigation' },
    ]);
    assert.deepEqual(contributes.menus['testing/item/context'], [
      { command: 'scenarioHarness.acceptAll', when: 'controllerId == scenario', group: 'scenario' },
    ]);
  });

  it('activates on scenario files, YAML documents, a scenario debug session and (implicitly) its commands, never on start-up', () => {
    assert.deepEqual(manifest.activationEvents, [
      'workspaceContains:**/*.scenario.yaml',
      'workspaceContains:**/*.scenario.yml',
      'onLanguage:yaml',
      'onDebugResolve:scenario',
      'onDebugInitialConfigurations',
    ]);
  });

  it('points yamlValidation at the schemas the build copies and the package keeps', () => {
    assert.deepEqual(contributes.yamlValidation, [
      { fileMatch: ['*.scenario.yaml', '*.scenario.yml'], url: './schemas/scenario.schema.json' },
      { fileMatch: ['*.missions.yaml', '*.missions.yml'], url: './schemas/missions.schema.json' },
    ]);
    const kept = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(kept.includes('!schemas/scenario.schema.json'));
    assert.ok(kept.includes('!schemas/missions.schema.json'));
    assert.ok(kept.includes(`!${manifest.main.replace(/^\.\//, '')}`));
  });

  it('supports the VS Code the end-to-end test runs (code-server 4.139 = VS Code 1.139)', () => {
    assert.match(manifest.engines.vscode, /^\^1\.(\d+)\.0$/);
    assert.ok(Number(/^\^1\.(\d+)/.exec(manifest.engines.vscode)![1]) <= 139);
  });

  it('contributes the scenario debugger, whose launch needs a program, and breakpoints in YAML and Python files', () => {
    const [debuggerContribution] = contributes.debuggers;
    assert.equal(debuggerContribution.type, 'scenario');
    assert.deepEqual(debuggerContribution.configurationAttributes.launch.required, ['program']);
    assert.deepEqual(Object.keys(debuggerContribution.configurationAttributes.launch.properties), ['program', 'scenario', 'stopOnEntry', 'python']);
    assert.deepEqual(debuggerContribution.initialConfigurations, [
      { type: 'scenario', request: 'launch', name: 'Debug scenario file', program: '${file}' },
    ]);
    assert.deepEqual(contributes.breakpoints, [{ language: 'yaml' }, { language: 'python' }]);
  });
});
