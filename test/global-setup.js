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
  // aws-cdk-lib (2.27x) checks every synthesised template against the CloudFormation schemas with a WebAssembly engine
  // whose start-up costs about 3 s per synthesis: most of a suite's time. Tests assert on the templates themselves, so
  // the built-in check is off here; the example app's `cdk synth` (CI's first step) and one test in
  // test/example/example-app.test.ts still run it.
  process.env.CDK_VALIDATION = 'false';
  // aws-cdk-lib records where each CloudFormation element was created (a stack trace per resource), and under jest
  // every trace is mapped through the TypeScript source maps: about a tenth of the suites' time. No test reads them.
  // Context given to an App in a test is merged over this.
  // The handler tests load the AWS SDK, which warns once per worker that its releases after January 2027 need node 22.
  // That is about the machine running the tests: the handlers themselves run on Lambda's nodejs22.x runtime.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:disable-creation-stack-traces': true });
};
