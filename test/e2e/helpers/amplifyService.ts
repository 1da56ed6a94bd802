/**
 * An in-memory stand-in for the Amplify service API (apps and backend environments), which moto lacks. The real CLI
 * reaches it through AWS_ENDPOINT_URL_AMPLIFY, so `amplify init`, `env add`, `pull` and `delete` run as for a user.
 * Every request is recorded with the access key id that signed it.
 */
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AmplifyServiceRequest {
  method: string;
  path: string;
  operation: string;
  accessKeyId?: string;
}

export interface AmplifyServiceStandIn {
  url: string;
  requests: AmplifyServiceRequest[];
  apps: Map<string, { app: Record<string, unknown>; environments: Map<string, Record<string, unknown>> }>;
  /**
   * Makes the account an existing Gen 1 customer: an app with one backend environment, as a team that deployed
   * before has. Without it ListApps lists no app with a backend environment, and the CLI 14.5 line (provider
   * 8.11.19) refuses `amplify init` without --appId ("no longer accept new customers"). Returns the app id.
   */
  seedGen1App(name?: string, envName?: string): string;
  stop(): Promise<void>;
}

type Route = {
  method: string;
  pattern: RegExp;
  operation: string;
  handle: (match: string[], body: Record<string, unknown>) => [number, unknown];
};

const ACCOUNT = '123456789012';

function notFound(what: string): [number, unknown] {
  return [404, { message: `${what} not found.`, __type: 'NotFoundException' }];
}

export async function startAmplifyService(options: { region?: string } = {}): Promise<AmplifyServiceStandIn> {
  const region = options.region ?? 'us-east-1';
  const apps: AmplifyServiceStandIn['apps'] = new Map();
  const requests: AmplifyServiceRequest[] = [];
  // restJson timestamps are epoch seconds.
  const now = () => Date.now() / 1000;

  const environment = (appId: string, name: string, body: Record<string, unknown>) => ({
    backendEnvironmentArn: `arn:aws:amplify:${region}:${ACCOUNT}:apps/${appId}/backendenvironments/${name}`,
    environmentName: name,
    stackName: body.stackName,
    deploymentArtifacts: body.deploymentArtifacts,
    createTime: now(),
    updateTime: now(),
  });

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: /^\/apps$/,
      operation: 'ListApps',
      handle: () => [200, { apps: [...apps.values()].map((a) => a.app) }],
    },
    {
      method: 'POST',
      pattern: /^\/apps$/,
      operation: 'CreateApp',
      handle: (_m, body) => [200, { app: createApp(body) }],
    },
    {
      method: 'GET',
      pattern: /^\/apps\/([^/]+)$/,
      operation: 'GetApp',
      handle: ([appId]) => (apps.has(appId) ? [200, { app: apps.get(appId)!.app }] : notFound(`App ${appId}`)),
    },
    {
      method: 'DELETE',
      pattern: /^\/apps\/([^/]+)$/,
      operation: 'DeleteApp',
      handle: ([appId]) => {
        const entry = apps.get(appId);
        if (!entry) return notFound(`App ${appId}`);
        apps.delete(appId);
        return [200, { app: entry.app }];
      },
    },
    {
      method: 'GET',
      pattern: /^\/apps\/([^/]+)\/backendenvironments$/,
      operation: 'ListBackendEnvironments',
      handle: ([appId]) =>
        apps.has(appId) ? [200, { backendEnvironments: [...apps.get(appId)!.environments.values()] }] : notFound(`App ${appId}`),
    },
    {
      method: 'POST',
      pattern: /^\/apps\/([^/]+)\/backendenvironments$/,
      operation: 'CreateBackendEnvironment',
      handle: ([appId], body) => {
        const entry = apps.get(appId);
        if (!entry) return notFound(`App ${appId}`);
        const name = String(body.environmentName);
        const created = environment(appId, name, body);
        entry.environments.set(name, created);
        return [200, { backendEnvironment: created }];
      },
    },
    {
      method: 'GET',
      pattern: /^\/apps\/([^/]+)\/backendenvironments\/([^/]+)$/,
      operation: 'GetBackendEnvironment',
      handle: ([appId, name]) => {
        const found = apps.get(appId)?.environments.get(decodeURIComponent(name));
        return found ? [200, { backendEnvironment: found }] : notFound(`Backend environment ${name}`);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/apps\/([^/]+)\/backendenvironments\/([^/]+)$/,
      operation: 'DeleteBackendEnvironment',
      handle: ([appId, name]) => {
        const entry = apps.get(appId);
        const found = entry?.environments.get(decodeURIComponent(name));
        if (!entry || !found) return notFound(`Backend environment ${name}`);
        entry.environments.delete(decodeURIComponent(name));
        return [200, { backendEnvironment: found }];
      },
    },
    {
      method: 'GET',
      pattern: /^\/apps\/([^/]+)\/branches$/,
      operation: 'ListBranches',
      handle: ([appId]) => (apps.has(appId) ? [200, { branches: [] }] : notFound(`App ${appId}`)),
    },
  ];

  const createApp = (body: Record<string, unknown>) => {
    const appId = `d${crypto.randomBytes(6).toString('hex')}`;
    const app = {
      appId,
      appArn: `arn:aws:amplify:${region}:${ACCOUNT}:apps/${appId}`,
      name: body.name,
      description: body.description ?? '',
      platform: 'WEB',
      environmentVariables: body.environmentVariables ?? {},
      defaultDomain: `${appId}.amplifyapp.com`,
      enableBranchAutoBuild: false,
      enableBasicAuth: false,
      createTime: now(),
      updateTime: now(),
    };
    apps.set(appId, { app, environments: new Map() });
    return app;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const auth = String(req.headers.authorization ?? '');
      const accessKeyId = /Credential=([^/]+)\//.exec(auth)?.[1];
      let body: Record<string, unknown>;
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        body = {};
      }
      const route = routes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
      const operation = route?.operation ?? `Unknown ${req.method} ${url.pathname}`;
      requests.push({ method: req.method ?? '', path: url.pathname, operation, accessKeyId });
      const [status, payload] = !accessKeyId
        ? [403, { message: 'Missing Authentication Token', __type: 'MissingAuthenticationTokenException' }]
        : route
          ? route.handle(route.pattern.exec(url.pathname)!.slice(1), body)
          : notFound(`Operation ${req.method} ${url.pathname}`);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const type = (payload as { __type?: string }).__type;
      if (type) headers['x-amzn-ErrorType'] = type;
      res.writeHead(status, headers);
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    apps,
    seedGen1App(name = 'existing-gen1-app', envName = 'prod') {
      const app = createApp({ name });
      apps.get(app.appId)!.environments.set(envName, environment(app.appId, envName, { stackName: `amplify-${name}-${envName}` }));
      return app.appId;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
