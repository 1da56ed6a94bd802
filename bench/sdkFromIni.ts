/**
 * The AWS SDK's own way to resolve the same profile: fromIni with an MFA code provider. It keeps no cache, so
 * every process assumes the role again (and would ask for a new MFA code). Prints only the access key id.
 * Usage: node sdkFromIni.js PROFILE   (env: AWS_ENDPOINT_URL_STS, BENCH_MFA_CODE)
 */
import { fromIni } from '@aws-sdk/credential-providers';

async function main(): Promise<void> {
  const endpoint = process.env.AWS_ENDPOINT_URL_STS;
  if (!endpoint) throw new Error('AWS_ENDPOINT_URL_STS must point at the local STS server');
  const provider = fromIni({
    profile: process.argv[2] ?? 'bizcorprole',
    mfaCodeProvider: () => Promise.resolve(process.env.BENCH_MFA_CODE ?? '123456'),
    clientConfig: { endpoint, region: 'us-east-1' },
  });
  const credentials = await provider();
  process.stdout.write(`${JSON.stringify({ AccessKeyId: credentials.accessKeyId, hasSessionToken: Boolean(credentials.sessionToken) })}\n`);
}

main().catch((error) => {
  process.stderr.write(`Error: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
