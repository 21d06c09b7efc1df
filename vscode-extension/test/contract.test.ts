import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRunSummary, isSuiteReport } from '../src/contract';
import { failingReport } from './fixtures';

describe('contract guards', () => {
  it('accept a RunSummary as the run commands return it', () => {
    assert.ok(isRunSummary({ passed: 0, failed: 5, invalid: 1, files: [failingReport()] }));
  });

  it('reject the answer of scenario.copyHash (a bare hash)', () => {
    assert.ok(!isRunSummary('fbdcb9f2c32f'));
  });

  it('reject the null `scenario/tests` answers for a document the server has not checked', () => {
    assert.ok(!isSuiteReport(null));
  });
});
