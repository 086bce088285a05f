// Removes the run's temp directory (see global-setup.js).
const fs = require('fs');

module.exports = async () => {
  const dir = process.env.SECLOG_TEST_TMPDIR;
  if (dir && dir.includes('seclog-test-')) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
