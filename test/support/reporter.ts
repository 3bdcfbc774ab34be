/**
 * Mocha's spec output, plus a JSON summary of the run in test-results/, which .ci/run adds up
 * into its closing line. Set MOCHA_SUITE to name the summary file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

const { EVENT_RUN_END, EVENT_TEST_FAIL, EVENT_TEST_PASS, EVENT_TEST_PENDING } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    super(runner, options);
    const summary = { passed: 0, failed: 0, pending: 0, failures: [] as string[] };
    runner.on(EVENT_TEST_PASS, () => summary.passed++);
    runner.on(EVENT_TEST_PENDING, () => summary.pending++);
    runner.on(EVENT_TEST_FAIL, (test) => {
      summary.failed++;
      summary.failures.push(test.fullTitle());
    });
    runner.once(EVENT_RUN_END, () => {
      const folder = path.resolve('test-results');
      fs.mkdirSync(folder, { recursive: true });
      const suite = process.env['MOCHA_SUITE'] ?? 'main';
      fs.writeFileSync(path.join(folder, `summary-${suite}.json`), JSON.stringify(summary, null, 2));
    });
  }
}

export = SummaryReporter;
