import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CoverageReport, CoveredFile } from '../src/contract';
import { isCoverageReport } from '../src/contract';
import { fileCounts, fileDetails, scenariosIn, scenariosOf, testDetails } from '../src/coverageModel';

const LIBRARY: CoveredFile = {
  uri: 'file:///w/lib/packing.missions.yaml',
  kind: 'yaml',
  lines: [
    { line: 3, count: 2, scenarios: [0, 1] },
    { line: 4, count: 1, scenarios: [1] },
    { line: 8, count: 0, scenarios: [] },
  ],
  missions: [
    { name: 'pack', line: 1, count: 2 },
    { name: 'gift_wrap', line: 6, count: 0 },
  ],
};

const PYTHON: CoveredFile = {
  uri: 'file:///w/shop/missions.py',
  kind: 'python',
  lines: [
    { line: 4, count: 1, scenarios: [0] },
    { line: 5, count: 0, scenarios: [] },
  ],
  missions: [],
};

const REPORT: CoverageReport = {
  files: [LIBRARY, PYTHON],
  scenarios: [
    { uri: 'file:///w/stock.scenario.yaml', scenario: 'a_few', label: 'stock/a_few' },
    { uri: 'file:///w/stock.scenario.yaml', scenario: 'many', label: 'stock/many' },
    { uri: 'file:///w/other.scenario.yaml', scenario: 'a_few', label: 'other/a_few' },
  ],
  workspace: false,
};

describe('coverage model', () => {
  it('counts the step lines and missions of a YAML file that ran', () => {
    assert.deepEqual(fileCounts(LIBRARY), { statements: { covered: 2, total: 3 }, declarations: { covered: 1, total: 2 } });
  });

  it('counts a Python file by its statements, without declarations', () => {
    assert.deepEqual(fileCounts(PYTHON), { statements: { covered: 1, total: 2 } });
  });

  it('shows a YAML step with the times it ran and a Python line as run or not', () => {
    assert.deepEqual(fileDetails(LIBRARY).lines, [
      { line: 3, executed: 2 },
      { line: 4, executed: 1 },
      { line: 8, executed: 0 },
    ]);
    assert.deepEqual(fileDetails(PYTHON).lines, [
      { line: 4, executed: true },
      { line: 5, executed: false },
    ]);
    assert.deepEqual(fileDetails(LIBRARY).declarations[1], { name: 'gift_wrap', line: 6, executed: 0 });
  });

  it('drills down to the lines and missions one scenario ran', () => {
    assert.deepEqual(testDetails(LIBRARY, new Set([0])), {
      lines: [{ line: 3, executed: true }],
      declarations: [{ name: 'pack', line: 1, executed: true }],
    });
    assert.deepEqual(testDetails(LIBRARY, new Set([2])), { lines: [], declarations: [] });
  });

  it('finds the scenarios of a suite or of one scenario of it', () => {
    assert.deepEqual([...scenariosOf(REPORT, 'file:///w/stock.scenario.yaml', undefined)], [0, 1]);
    assert.deepEqual([...scenariosOf(REPORT, 'file:///w/stock.scenario.yaml', 'many')], [1]);
    assert.deepEqual([...scenariosIn(LIBRARY)].sort(), [0, 1]);
  });

  it('accepts a CoverageReport and rejects a RunSummary', () => {
    assert.ok(isCoverageReport(REPORT));
    assert.ok(!isCoverageReport({ passed: 1, failed: 0, invalid: 0, files: [] }));
  });
});
