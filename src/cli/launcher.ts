#!/usr/bin/env node
/**
 * The installed `amplify-aws-roles` bin. `credentials` is on the hot path (a credential_process runs it several times
 * per Amplify command), so it gets a bundle of its own, without the other commands' code; everything else loads the
 * full command line. The bundles sit beside this file (see the build script in package.json).
 */
const bundle = process.argv[2] === 'credentials' ? 'amplify-aws-roles-credentials.js' : 'amplify-aws-roles-cli.js';
require(require('node:path').join(__dirname, bundle));
