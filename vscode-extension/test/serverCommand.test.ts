import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandLine, lastErrorLine, resolveServerCommand, startFailureMessage } from '../src/serverCommand';

describe('resolveServerCommand', () => {
  it('uses the setting when it is a non-empty array of strings', () => {
    assert.deepEqual(resolveServerCommand(['/venv/bin/python', '-m', 'scenario_lsp'], ['/usr/bin/python3.12']), {
      ok: true,
      server: { command: '/venv/bin/python', args: ['-m', 'scenario_lsp'], source: 'setting' },
    });
  });

  it("uses the Python extension's interpreter with -m scenario_lsp when the setting is empty", () => {
    assert.deepEqual(resolveServerCommand([], ['/home/me/.venv/bin/python']), {
      ok: true,
      server: { command: '/home/me/.venv/bin/python', args: ['-m', 'scenario_lsp'], source: 'python-extension' },
    });
  });

  it('keeps every word of a multi-word interpreter command (conda run)', () => {
    assert.deepEqual(resolveServerCommand(undefined, ['conda', 'run', '-n', 'tests', 'python']), {
      ok: true,
      server: { command: 'conda', args: ['run', '-n', 'tests', 'python', '-m', 'scenario_lsp'], source: 'python-extension' },
    });
  });

  it('falls back to python3 -m scenario_lsp without setting or Python extension', () => {
    assert.deepEqual(resolveServerCommand(undefined, undefined, 'linux'), {
      ok: true,
      server: { command: 'python3', args: ['-m', 'scenario_lsp'], source: 'default' },
    });
  });

  it('falls back to python on Windows, where python3 is usually the Store stub', () => {
    const resolution = resolveServerCommand([], [], 'win32');
    assert.ok(resolution.ok);
    assert.equal(resolution.server.command, 'python');
  });

  it('reports a setting that is a string instead of an array', () => {
    assert.deepEqual(resolveServerCommand('python -m scenario_lsp', undefined), {
      ok: false,
      problem:
        'The setting scenario.server.command must be an array of strings, for example ["/path/to/python", "-m", "scenario_lsp"].',
    });
  });

  it('reports a setting whose program name is empty', () => {
    assert.deepEqual(resolveServerCommand([' ', '-m', 'scenario_lsp'], undefined), {
      ok: false,
      problem: 'The setting scenario.server.command starts with an empty program name.',
    });
  });
});

describe('startFailureMessage', () => {
  it('names the missing program and the setting when python3 is not on PATH', () => {
    assert.equal(
      startFailureMessage({ command: 'python3', args: ['-m', 'scenario_lsp'], source: 'default' }, { spawnErrorCode: 'ENOENT', stderr: '' }),
      'Scenario Harness: the language server did not start — "python3" was not found. ' +
        "Install the server (Scenario Harness's Python package: `pip install` its checkout or wheel) into python3 on your PATH, or set scenario.server.command " +
        'to a command that starts it, e.g. ["/path/to/venv/bin/python", "-m", "scenario_lsp"].',
    );
  });

  it("quotes Python's error when the module is not installed in the chosen interpreter", () => {
    const stderr = '/opt/py/bin/python: No module named scenario_lsp\n';
    assert.equal(
      startFailureMessage({ command: '/opt/py/bin/python', args: ['-m', 'scenario_lsp'], source: 'python-extension' }, { stderr }),
      'Scenario Harness: the language server did not start — `/opt/py/bin/python -m scenario_lsp` failed: ' +
        '/opt/py/bin/python: No module named scenario_lsp. ' +
        "Install the server (Scenario Harness's Python package: `pip install` its checkout or wheel) into the Python extension's selected interpreter, " +
        'or set scenario.server.command to a command that starts it, e.g. ["/path/to/venv/bin/python", "-m", "scenario_lsp"].',
    );
  });

  it('tells a user with a custom command to fix that setting', () => {
    const message = startFailureMessage({ command: '/srv/lsp', args: [], source: 'setting' }, { stderr: '' });
    assert.equal(
      message,
      'Scenario Harness: the language server did not start — `/srv/lsp` exited before it answered. ' +
        "Fix scenario.server.command, or install the server (Scenario Harness's Python package: `pip install` its checkout or wheel) into the Python it runs.",
    );
  });
});

describe('lastErrorLine', () => {
  it("picks a traceback's final exception line over the lines after it", () => {
    const stderr = 'Traceback (most recent call last):\n  File "x.py", line 1\nImportError: cannot import name pygls\nbye\n';
    assert.equal(lastErrorLine(stderr), 'ImportError: cannot import name pygls');
  });

  it('is undefined for empty output', () => {
    assert.equal(lastErrorLine('\n  \n'), undefined);
  });
});

describe('commandLine', () => {
  it('quotes words a shell would split', () => {
    assert.equal(commandLine({ command: '/my venv/python', args: ['-m', 'scenario_lsp'] }), "'/my venv/python' -m scenario_lsp");
  });
});
