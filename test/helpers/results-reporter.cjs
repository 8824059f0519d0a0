// Mocha's spec reporter, plus "passed failed" written to $MOCHA_RESULTS_FILE for .ci/run.
const Mocha = require('mocha');
const fs = require('node:fs');

class ResultsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.MOCHA_RESULTS_FILE;
      if (file) fs.writeFileSync(file, `${this.stats.passes} ${this.stats.failures}\n`);
    });
  }
}
module.exports = ResultsReporter;
