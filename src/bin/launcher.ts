#!/usr/bin/env node
/**
 * The installed `amplify-aws-roles` bin. `credentials` is on the hot path (a credential_process runs it several times
 * per Amplify command), so it gets a bundle of its own, without the other commands' code, compiled from a V8 code
 * cache made at build time (see scripts/bundle.js and codeCache.ts). Everything else loads the full command line.
 * The bundles sit beside this file.
 */
import { runWithCodeCache } from './codeCache';

const dir = __dirname;
if (process.argv[2] === 'credentials') {
  runWithCodeCache(`${dir}/amplify-aws-roles-credentials.js`, require);
} else {
  require(`${dir}/amplify-aws-roles-cli.js`);
}
