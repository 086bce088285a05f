// Every CDK app a test synthesises without an outdir writes a cdk.out under the OS temp directory.
// Point the temp directory of the whole run at one folder of its own, removed in global-teardown.js,
// so `npm test` leaves nothing behind. Workers start after this and inherit the environment.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seclog-test-'));
  process.env.SECLOG_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
