import { accountIdOfArn, type TemporaryCredentials } from '../credentials';

/**
 * Amplify CLI 14.5 (provider 8.11.19) refuses `amplify init` and `env add` without --appId in an account where no
 * Amplify app has a backend environment: Gen 1 "will no longer accept new customers". With a cross-account role the
 * account is Biz Corp's, the role's, which the Dev Corp developer may never have looked at.
 */
export const GEN1_REFUSAL = 'no longer accept new customers';

/** Our one line under the CLI's sentence: what it means for a role, and what still works. */
export function gen1RefusalLine(roleArn: string | undefined): string {
  const account = accountIdOfArn(roleArn);
  const whose = account ? `account ${account}, the one role ${roleArn} belongs to,` : "the role's account";
  return `amplify-aws-roles: ${whose} has no Gen 1 app with a backend environment yet, so this CLI will not create one there; "amplify pull --appId APP_ID --envName ENV" of an app that exists there still works.`;
}

export interface Gen1Apps {
  /** Apps in the account (each: id and name). */
  apps: Array<{ appId: string; name: string }>;
  /** The first app found with a backend environment: the account is an existing Gen 1 customer. */
  withBackend?: { appId: string; name: string; environment: string };
}

/** ListApps, then ListBackendEnvironments per app until one has an environment: the CLI's own test, page by page. */
export async function listGen1Apps(credentials: TemporaryCredentials, options: { region: string }): Promise<Gen1Apps> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { AmplifyClient, ListAppsCommand, ListBackendEnvironmentsCommand } =
    require('@aws-sdk/client-amplify') as typeof import('@aws-sdk/client-amplify');
  const client = new AmplifyClient({ region: options.region, credentials, maxAttempts: 2 });
  const apps: Gen1Apps['apps'] = [];
  try {
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListAppsCommand({ nextToken, maxResults: 25 }));
      for (const app of page.apps ?? []) {
        apps.push({ appId: app.appId ?? '', name: app.name ?? '' });
        const environments = await client.send(new ListBackendEnvironmentsCommand({ appId: app.appId }));
        const first = environments.backendEnvironments?.[0];
        if (first) return { apps, withBackend: { appId: app.appId ?? '', name: app.name ?? '', environment: first.environmentName ?? '' } };
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return { apps };
  } finally {
    client.destroy();
  }
}
