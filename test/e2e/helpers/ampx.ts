/**
 * Amplify Gen 2's command line (`npx ampx`, npm @aws-amplify/backend-cli) as a Gen 2 project runs it, installed once
 * by scripts/install-ampx.sh, and a deployed Gen 2 backend as ampx finds it: a CloudFormation stack in moto.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const AMPX_VERSION = '1.10.0';

/**
 * The folder whose node_modules holds ampx (AMPX_DIR, else the script's default). Missing is a failure, not a skip:
 * these tests are how we know that Gen 2's own command line works with our credentials.
 */
export function ampxDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.AMPX_DIR || path.join(os.userInfo().homedir, '.cache', 'amplify-aws-roles', `ampx-${AMPX_VERSION}`);
  if (!fs.existsSync(path.join(dir, 'node_modules', '.bin', 'ampx'))) {
    throw new Error(
      `ampx (@aws-amplify/backend-cli ${AMPX_VERSION}) is not installed in ${dir}: run "bash scripts/install-ampx.sh" (or set AMPX_DIR) before the end-to-end tests.`,
    );
  }
  return dir;
}

/**
 * A Gen 2 app's folder: its package.json, and its node_modules (where `npx ampx` finds the binary) linked to the
 * installed one, as if `npm install` had run in it.
 */
export function gen2Project(root: string, ampx: string): string {
  fs.mkdirSync(path.join(root, 'amplify'), { recursive: true });
  const manifest = {
    name: path.basename(root),
    private: true,
    type: 'module',
    devDependencies: { '@aws-amplify/backend-cli': AMPX_VERSION },
  };
  fs.writeFileSync(path.join(root, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.symlinkSync(path.join(ampx, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

/**
 * What ampx and npx need besides the sandbox: no telemetry, no notices from the network (a closed loopback port, which
 * ampx shrugs off), npm offline (a missing ampx fails instead of being downloaded), and none of the npm_* variables of
 * the `npm run` that started the tests (they name the real ~/.npmrc and ~/.npm).
 */
export function ampxEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key)));
  return {
    ...clean,
    AMPLIFY_DISABLE_TELEMETRY: '1',
    AMPLIFY_BACKEND_NOTICES_ENDPOINT: 'http://127.0.0.1:9/notices.json',
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
  };
}

/** Stack outputs of a Gen 2 branch deployment with auth, by output name. */
export const BACKEND_OUTPUTS = {
  deploymentType: 'branch',
  region: 'us-east-1',
  authRegion: 'us-east-1',
  userPoolId: 'us-east-1_BizCorp01',
  webClientId: '5bizcorpwebclient0000000001',
  identityPoolId: 'us-east-1:0f0e0d0c-0b0a-4909-8807-060504030201',
};

/** The amplify_outputs.json that `ampx generate outputs` writes for that stack. */
export const EXPECTED_AMPLIFY_OUTPUTS = {
  auth: {
    user_pool_id: BACKEND_OUTPUTS.userPoolId,
    aws_region: BACKEND_OUTPUTS.authRegion,
    user_pool_client_id: BACKEND_OUTPUTS.webClientId,
    identity_pool_id: BACKEND_OUTPUTS.identityPoolId,
  },
  version: '1.5',
};

/**
 * Creates, in moto's CloudFormation, the main stack of a deployed Gen 2 backend as ampx reads it: the template's
 * Metadata names, per construct (`AWS::Amplify::Platform`, `AWS::Amplify::Auth`), which stack outputs hold its values
 * (amplify-backend's StackMetadataBackendOutputRetrievalStrategy: GetTemplateSummary, then DescribeStacks).
 * Real CloudFormation returns the Metadata section as a JSON string; moto returns Python's str() of it (single quotes,
 * which JSON.parse refuses) unless the section is itself a string, so it is given as one.
 * The call is moto's query API with an unsigned Authorization header naming the service: moto routes by it and does
 * not check signatures. The stack lands in moto's default account, 123456789012, Biz Corp's (the role's) account.
 */
export async function createBackendStack(motoUrl: string, stackName: string): Promise<void> {
  const metadata = {
    'AWS::Amplify::Platform': { version: '1', stackOutputs: ['deploymentType', 'region'] },
    'AWS::Amplify::Auth': { version: '1', stackOutputs: ['authRegion', 'userPoolId', 'webClientId', 'identityPoolId'] },
  };
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Metadata: JSON.stringify(metadata),
    Resources: { DeploymentMarker: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
    Outputs: Object.fromEntries(Object.entries(BACKEND_OUTPUTS).map(([name, value]) => [name, { Value: value }])),
  };
  const body = new URLSearchParams({
    Action: 'CreateStack',
    Version: '2010-05-15',
    StackName: stackName,
    TemplateBody: JSON.stringify(template),
  });
  const response = await fetch(motoUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIABIZCORPADMIN0001/20260101/us-east-1/cloudformation/aws4_request, SignedHeaders=host, Signature=0',
    },
    body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`moto refused CreateStack ${stackName} (HTTP ${response.status}): ${text.slice(0, 500)}`);
}
