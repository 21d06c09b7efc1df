import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initializationOptions, missionPython, restrictedValue, withMissionPython, withWorkspaceTrust } from '../src/serverSettings';

describe('missionPython', () => {
  it('uses scenario.python when it names an interpreter', () => {
    assert.equal(missionPython('/home/me/shop/.venv/bin/python', ['/usr/bin/python3.12']), '/home/me/shop/.venv/bin/python');
  });

  it("uses the Python extension's interpreter when scenario.python is empty", () => {
    assert.deepEqual(missionPython('', ['/home/me/shop/.venv/bin/python']), ['/home/me/shop/.venv/bin/python']);
  });

  it('keeps every word of a multi-word interpreter command (conda run)', () => {
    assert.deepEqual(missionPython(undefined, ['conda', 'run', '-n', 'shop', 'python']), ['conda', 'run', '-n', 'shop', 'python']);
  });

  it("leaves python empty (the server's own interpreter) without setting or Python extension", () => {
    assert.equal(missionPython('', undefined), '');
    assert.equal(missionPython('   ', []), '');
  });

  it('trims a configured path and ignores a value that is not text', () => {
    assert.equal(missionPython('  /opt/py/bin/python3  ', undefined), '/opt/py/bin/python3');
    assert.deepEqual(missionPython(42, ['/usr/bin/python3']), ['/usr/bin/python3']);
  });
});

describe('withMissionPython', () => {
  it('turns the "Debug scenario" lens on: the extension starts the debugger for it', () => {
    assert.equal(withMissionPython({}, undefined).debugLens, true);
  });

  it('fills python in the scenario section the server pulls and keeps the other settings', () => {
    const section = { debounceMs: 300, pythonMissions: false, python: '', server: { command: [] } };
    assert.deepEqual(withMissionPython(section, ['/venv/bin/python']), {
      debounceMs: 300,
      pythonMissions: false,
      python: ['/venv/bin/python'],
      server: { command: [] },
      debugLens: true,
    });
    assert.equal(section.python, '', 'the configuration object itself is not changed');
  });

  it('answers a section the client could not read with python alone', () => {
    assert.deepEqual(withMissionPython(null, ['/venv/bin/python']), { python: ['/venv/bin/python'], debugLens: true });
  });
});

describe('initializationOptions', () => {
  it('sends every server setting, the defaults where the user set none, and that VS Code trusts the workspace', () => {
    const options = initializationOptions((_key, fallback) => fallback, undefined, true);
    assert.deepEqual(options, {
      debounceMs: 150, runOnChange: true, hashLength: 12, inlayHints: true, pythonMissions: true, python: '', debugLens: true, workspaceTrust: 'trusted',
    });
  });

  it('sends what the user set, and the interpreter for Python missions', () => {
    const user: Record<string, unknown> = { pythonMissions: false, hashLength: 8 };
    const options = initializationOptions((key, fallback) => (key in user ? user[key] : fallback) as typeof fallback, ['/venv/bin/python'], true);
    assert.deepEqual(options, {
      debounceMs: 150, runOnChange: true, hashLength: 8, inlayHints: true, pythonMissions: false, python: ['/venv/bin/python'], debugLens: true, workspaceTrust: 'trusted',
    });
  });

  it('tells the server a workspace in Restricted Mode is not trusted', () => {
    assert.equal(initializationOptions((_key, fallback) => fallback, undefined, false).workspaceTrust, 'restricted');
  });
});

describe('restrictedValue', () => {
  const inspected = { defaultValue: [], globalValue: ['/usr/bin/python3', '-m', 'scenario_lsp'], workspaceValue: ['./evil'] };

  it('is the value in effect in a trusted workspace', () => {
    assert.deepEqual(restrictedValue(true, ['./evil'], inspected), ['./evil']);
  });

  it("is the user's own value in Restricted Mode, whatever the workspace says", () => {
    assert.deepEqual(restrictedValue(false, ['./evil'], inspected), ['/usr/bin/python3', '-m', 'scenario_lsp']);
  });

  it('is the default in Restricted Mode when the user set nothing', () => {
    assert.equal(restrictedValue(false, './evil/python', { defaultValue: '', workspaceFolderValue: './evil/python' }), '');
    assert.equal(restrictedValue(false, './evil/python', undefined), undefined);
  });
});

describe('withWorkspaceTrust', () => {
  it("replaces whatever a workspace's settings say of the server's workspaceTrust and keeps the rest", () => {
    const section = { workspaceTrust: 'trusted', debounceMs: 300 };
    assert.deepEqual(withWorkspaceTrust(section, false), { workspaceTrust: 'restricted', debounceMs: 300 });
    assert.deepEqual(withWorkspaceTrust(section, true), { workspaceTrust: 'trusted', debounceMs: 300 });
    assert.equal(section.workspaceTrust, 'trusted', 'the configuration object itself is not changed');
  });
});
