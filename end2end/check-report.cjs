// Fails unless Playwright's JSON report says the browser tests ran and all
// passed. `cargo leptos end-to-end` exits 0 when its build fails before any
// test starts, so its exit code alone proves nothing.
const fs = require('fs');

const path = process.argv[2];
let report;
try {
  report = JSON.parse(fs.readFileSync(path, 'utf8'));
} catch (error) {
  console.error(`the browser tests did not run: no report at ${path} (${error.message})`);
  process.exit(1);
}
const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
console.log(`browser tests: ${expected} passed, ${unexpected} failed, ${flaky} flaky, ${skipped} skipped`);
if (expected === 0 || unexpected > 0 || flaky > 0 || skipped > 0) {
  console.error('the browser tests did not all run and pass');
  process.exit(1);
}
