// Bundles the compiled command line (dist/) into the files package.json's "bin" installs: a tiny launcher,
// a bundle with only `credentials` (the credential_process hot path) and one with every command.
// Node modules stay external: the AWS SDK and enquirer load from node_modules, and only when needed.
const path = require('node:path');
const esbuild = require('esbuild');

const dist = path.resolve(__dirname, '..', 'dist');
const bundles = {
  'amplify-aws-roles.js': 'src/cli/launcher.js',
  'amplify-aws-roles-credentials.js': 'src/cli/credentialsBin.js',
  'amplify-aws-roles-cli.js': 'src/cli/bin.js',
};
for (const [out, entry] of Object.entries(bundles)) {
  esbuild.buildSync({ entryPoints: [path.join(dist, entry)], outfile: path.join(dist, out), bundle: true, platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
}
