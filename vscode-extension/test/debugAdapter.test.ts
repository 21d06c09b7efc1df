import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adapterCommand, launchConfiguration, resolvedLaunch } from '../src/debugAdapter';

describe('adapterCommand', () => {
  it("runs scenario_harness.dap with the language server's interpreter", () => {
    assert.deepEqual(adapterCommand({ command: '/venv/bin/python', args: ['-m', 'scenario_lsp'] }), {
      ok: true,
      command: '/venv/bin/python',
      args: ['-m', 'scenario_harness.dap'],
    });
  });

  it('keeps every word of a multi-word interpreter command (conda run)', () => {
    assert.deepEqual(adapterCommand({ command: 'conda', args: ['run', '-n', 'shop', 'python', '-m', 'scenario_lsp'] }), {
      ok: true,
      command: 'conda',
      args: ['run', '-n', 'shop', 'python', '-m', 'scenario_harness.dap'],
    });
  });

  it('starts scenario-dap beside a scenario-lsp command', () => {
    assert.deepEqual(adapterCommand({ command: '/venv/bin/scenario-lsp', args: [] }), { ok: true, command: '/venv/bin/scenario-dap', args: [] });
    assert.deepEqual(adapterCommand({ command: 'C:\\venv\\Scripts\\scenario-lsp.exe', args: [] }), {
      ok: true,
      command: 'C:\\venv\\Scripts\\scenario-dap.exe',
      args: [],
    });
  });

  it('says what to write when the server command says nothing of the adapter', () => {
    const resolution = adapterCommand({ command: '/opt/bin/run-server.sh', args: [] });
    assert.equal(resolution.ok, false);
    assert.match((resolution as { problem: string }).problem, /\["\/path\/to\/python", "-m", "scenario_lsp"\]/);
  });
});

describe('launchConfiguration', () => {
  it("debugs one scenario of a file (the code lens, the Test Explorer's scenario items)", () => {
    assert.deepEqual(launchConfiguration('/shop/checkout.scenario.yaml', 'mugs'), {
      type: 'scenario',
      request: 'launch',
      name: 'Debug scenario mugs',
      program: '/shop/checkout.scenario.yaml',
      scenario: 'mugs',
    });
  });

  it('debugs every scenario of a file without a scenario', () => {
    assert.deepEqual(launchConfiguration('/shop/checkout.scenario.yaml'), {
      type: 'scenario',
      request: 'launch',
      name: 'Debug checkout.scenario.yaml',
      program: '/shop/checkout.scenario.yaml',
    });
  });
});

describe('resolvedLaunch', () => {
  it('debugs the active scenario file with no launch.json, with the interpreter of Python missions', () => {
    assert.deepEqual(resolvedLaunch({}, '/shop/a.scenario.yaml', ['/shop/.venv/bin/python']), {
      type: 'scenario',
      request: 'launch',
      name: 'Debug scenario file',
      program: '/shop/a.scenario.yaml',
      python: ['/shop/.venv/bin/python'],
    });
  });

  it("keeps the configuration's own program and python, and adds none when the server runs missions itself", () => {
    const configured = { type: 'scenario', request: 'launch', name: 'x', program: '/shop/b.scenario.yaml', python: '/opt/python' };
    assert.deepEqual(resolvedLaunch(configured, '/shop/a.scenario.yaml', ['/other']), configured);
    assert.deepEqual(resolvedLaunch({ type: 'scenario', request: 'launch', name: 'x', program: '/p.scenario.yaml' }, undefined, ''), {
      type: 'scenario',
      request: 'launch',
      name: 'x',
      program: '/p.scenario.yaml',
    });
  });

  it('cancels the launch when there is no program and no scenario file in front', () => {
    assert.equal(resolvedLaunch({}, undefined, ''), undefined);
  });
});
