// VS Code's own DAP test client (@vscode/debugadapter-testsupport's DebugClient) drives scenario-dap over stdio.
// Prints one JSON object of what it saw; tests/dap/test_vscode_client.py judges it.
//
// Usage: node drive.js --adapter PATH --program FILE --missions FILE --sell N --count N --reserve-body N --written N
'use strict';
const assert = require('assert');
const { parseArgs } = require('util');
const { DebugClient } = require('@vscode/debugadapter-testsupport');

const { values: options } = parseArgs({
  options: {
    adapter: { type: 'string' }, program: { type: 'string' }, missions: { type: 'string' },
    sell: { type: 'string' }, count: { type: 'string' }, 'reserve-body': { type: 'string' }, written: { type: 'string' },
  },
});
const line = (name) => Number(options[name]);

(async () => {
  const seen = {};
  // DebugClient spawns `runtime executable`: scenario-dap and an argument it accepts and ignores.
  const client = new DebugClient(options.adapter, '--stdio', 'scenario');
  client.defaultTimeout = 60000;
  const outputs = [];
  client.on('output', (event) => outputs.push(event.body));
  await client.start();
  try {
    // initialize, launch, setBreakpoints (asserts verified and the line), configurationDone, and the stop there.
    await client.hitBreakpoint(
      { type: 'scenario', request: 'launch', name: 'Debug scenario file', program: options.program },
      { path: options.program, line: line('sell') },
    );
    seen.hitBreakpoint = true;
    await Promise.all([client.stepInRequest({ threadId: 1 }), client.assertStoppedLocation('step', { path: options.missions, line: line('reserve-body') })]);
    seen.stepIn = true;
    const python = await client.setBreakpointsRequest({ source: { path: options.missions }, breakpoints: [{ line: line('written') }] });
    seen.pythonBreakpointVerified = python.body.breakpoints[0].verified;
    await Promise.all([client.continueRequest({ threadId: 1 }), client.assertStoppedLocation('breakpoint', { path: options.missions, line: line('written') })]);
    const stack = await client.stackTraceRequest({ threadId: 1 });
    seen.stack = stack.body.stackFrames.map((f) => `${f.name}@${f.line}`);
    await Promise.all([client.stepOutRequest({ threadId: 1 }), client.assertStoppedLocation('step', { path: options.program, line: line('count') })]);
    seen.stepOut = true;
    const back = await client.stepBackRequest({ threadId: 1 });
    assert.ok(back.success);
    await client.assertStoppedLocation('step', { path: options.program, line: line('sell') });
    seen.stepBack = true;
    await client.setBreakpointsRequest({ source: { path: options.missions }, breakpoints: [] });
    await client.setBreakpointsRequest({ source: { path: options.program }, breakpoints: [] });
    await Promise.all([client.continueRequest({ threadId: 1 }), client.waitForEvent('terminated')]);
    seen.terminated = true;
    seen.summary = outputs.find((body) => body.data && body.data.scenario_hashes);
  } catch (error) {
    seen.error = String(error && error.stack ? error.stack : error);
  } finally {
    await client.stop();
  }
  process.stdout.write(`${JSON.stringify(seen)}\n`);
  process.exitCode = seen.error ? 1 : 0;
})();
