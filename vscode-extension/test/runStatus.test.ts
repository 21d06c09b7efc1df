import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusText } from '../src/runStatus';
import { failingReport } from './fixtures';

describe('statusText', () => {
  it('shows a check and the count when everything passed', () => {
    const report = { ...failingReport(), verdict: 'passed' as const, passed: 3, failed: 0 };
    assert.deepEqual(statusText({ passed: 3, failed: 0, invalid: 0, files: [report] }), {
      text: '$(pass) 3 passed',
      tooltip: 'Scenario Harness, last run (suite broken_checkout): 3 expectations passed, 0 failed. Click to run the suite.',
    });
  });

  it('shows passed and failed counts when an expectation failed', () => {
    const report = { ...failingReport(), verdict: 'failed' as const, passed: 2, failed: 1 };
    assert.equal(statusText({ passed: 2, failed: 1, invalid: 0, files: [report] }).text, '$(error) 2 passed, 1 failed');
  });

  it('adds the invalid files of a workspace run', () => {
    const status = statusText({ passed: 4, failed: 5, invalid: 1, files: [failingReport(), failingReport()] });
    assert.deepEqual(status, {
      text: '$(error) 4 passed, 5 failed, 1 invalid',
      tooltip: 'Scenario Harness, last run (2 files): 4 expectations passed, 5 failed; 1 file with input errors. Click to run the suite.',
    });
  });

  it('is not green when a snapshot changed, even with every expectation passing', () => {
    const report = { ...failingReport(), verdict: 'failed' as const, passed: 3, failed: 0 };
    assert.deepEqual(statusText({ passed: 3, failed: 0, invalid: 0, snapshots_failed: 1, files: [report] }), {
      text: '$(error) 3 passed, 0 failed, 1 snapshot failed',
      tooltip:
        'Scenario Harness, last run (suite broken_checkout): 3 expectations passed, 0 failed; 1 snapshot changed or missing. Click to run the suite.',
    });
  });

  it('is not green for an invalid file without failed expectations', () => {
    assert.equal(statusText({ passed: 0, failed: 0, invalid: 1, files: [failingReport()] }).text, '$(error) 0 passed, 0 failed, 1 invalid');
  });
});
