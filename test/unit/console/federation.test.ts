import * as http from 'node:http';
import { FEDERATION_ENDPOINT_VARIABLE, federationEndpoint, signinUrl } from '../../../src/console/federation';
import { listenOnLoopback } from '../../helpers/loopbackServer';
import { SIGNIN_TOKEN, standInFederation, type FederationStandIn } from '../../helpers/federation';
import { rejectionOf, toolErrorOf } from '../../helpers/toolError';

// The console sign-in: GetSigninToken on the partition federation endpoint with the role temporary credentials,
// then the login URL. The request carries the role secret key, so where it may go is checked; the stand-in on a
// loopback port records what was sent, field by field.

const ROLE = {
  accessKeyId: 'ASIAROLESESSION00001',
  secretAccessKey: 'role-secret-do-not-print',
  sessionToken: 'role-session-token-do-not-print',
};
const DESTINATION = 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1';

describe('federationEndpoint', () => {
  test('the role partition endpoint when the environment names none', () => {
    expect(federationEndpoint({}, 'arn:aws:iam::123456789012:role/r')).toBe('https://signin.aws.amazon.com/federation');
    expect(federationEndpoint({}, 'arn:aws-us-gov:iam::123456789012:role/r')).toBe('https://signin.amazonaws-us-gov.com/federation');
    expect(federationEndpoint({ [FEDERATION_ENDPOINT_VARIABLE]: '' }, 'arn:aws-cn:iam::123456789012:role/r')).toBe(
      'https://signin.amazonaws.cn/federation',
    );
  });

  test('an https endpoint anywhere, plain http only on this machine', () => {
    for (const url of [
      'https://signin.example.internal/federation',
      'http://127.0.0.1:8080/federation',
      'http://localhost/f',
      'http://[::1]:9/f',
    ]) {
      expect(federationEndpoint({ [FEDERATION_ENDPOINT_VARIABLE]: url }, undefined)).toBe(url);
    }
  });

  test('plain http to another host, another scheme or no URL is refused before any secret is sent', () => {
    for (const url of ['http://signin.example.com/federation', 'http://127.0.0.2/federation', 'ftp://127.0.0.1/f']) {
      const error = toolErrorOf(() => federationEndpoint({ [FEDERATION_ENDPOINT_VARIABLE]: url }, undefined));
      expect(error).toMatchObject({ code: 'InvalidFederationEndpoint', exitCode: 2 });
      expect(error.message).toBe(
        `${FEDERATION_ENDPOINT_VARIABLE} must be an https:// URL (plain http only on this machine), not "${url}".`,
      );
    }
    expect(toolErrorOf(() => federationEndpoint({ [FEDERATION_ENDPOINT_VARIABLE]: 'signin' }, undefined)).message).toBe(
      `${FEDERATION_ENDPOINT_VARIABLE} must be a URL, not "signin".`,
    );
  });
});

describe('signinUrl against a federation stand-in', () => {
  let federation: FederationStandIn;
  beforeAll(async () => {
    federation = await standInFederation();
  });
  afterAll(() => federation.close());
  beforeEach(() => {
    federation.requests.length = 0;
    federation.status.code = 200;
  });

  test('GetSigninToken carries the session as JSON and the duration; the login URL carries issuer, destination and token', async () => {
    const url = await signinUrl({
      credentials: ROLE,
      profile: 'biz',
      endpoint: federation.url,
      destination: DESTINATION,
      sessionDurationSeconds: 3600,
    });
    expect(federation.requests).toHaveLength(1);
    const sent = federation.requests[0];
    expect([...sent.keys()]).toEqual(['Action', 'SessionDuration', 'Session']);
    expect(sent.get('Action')).toBe('getSigninToken');
    expect(sent.get('SessionDuration')).toBe('3600');
    expect(JSON.parse(sent.get('Session')!)).toEqual({
      sessionId: ROLE.accessKeyId,
      sessionKey: ROLE.secretAccessKey,
      sessionToken: ROLE.sessionToken,
    });

    const login = new URL(url);
    expect(`${login.origin}${login.pathname}`).toBe(federation.url);
    expect(Object.fromEntries(login.searchParams)).toEqual({
      Action: 'login',
      Issuer: 'amplify-aws-roles',
      Destination: DESTINATION,
      SigninToken: SIGNIN_TOKEN,
    });
    // The login URL is a credential of its own, but it carries the token, never the role keys.
    expect(url).not.toContain(encodeURIComponent(ROLE.secretAccessKey));
    expect(url).not.toContain(ROLE.secretAccessKey);
  });

  test('without a duration the endpoint default applies (no SessionDuration sent)', async () => {
    await signinUrl({ credentials: ROLE, profile: 'biz', endpoint: federation.url, destination: DESTINATION });
    expect(federation.requests[0].has('SessionDuration')).toBe(false);
  });

  test('long-term keys are refused before anything is sent', async () => {
    const error = await rejectionOf(
      signinUrl({
        credentials: { accessKeyId: 'AKIALONGTERM00000001', secretAccessKey: 'long-term-secret' },
        profile: 'dev',
        endpoint: federation.url,
        destination: DESTINATION,
      }),
    );
    expect(error.code).toBe('ConsoleNeedsTemporaryCredentials');
    expect(error.message).toBe('Profile "dev" has long-term access keys; the console sign-in needs the temporary credentials of a role.');
    expect(federation.requests).toEqual([]);
  });

  test('a refusal names the endpoint and the HTTP status, never the secret', async () => {
    federation.status.code = 400;
    const error = await rejectionOf(signinUrl({ credentials: ROLE, profile: 'biz', endpoint: federation.url, destination: DESTINATION }));
    expect(error.code).toBe('SigninTokenRefused');
    expect(error.message).toBe(
      `The AWS federation endpoint ${new URL(federation.url).origin} gave no sign-in token for profile "biz" (HTTP 400).`,
    );
    expect(JSON.stringify(error)).not.toContain(ROLE.secretAccessKey);
  });
});

describe('signinUrl with an endpoint that answers badly', () => {
  async function serving(answer: (response: http.ServerResponse) => void) {
    return listenOnLoopback(http.createServer((_request, response) => answer(response)));
  }

  test.each([
    ['no token in a 200', (r: http.ServerResponse) => r.end('{"Other":"x"}')],
    ['an empty token', (r: http.ServerResponse) => r.end('{"SigninToken":""}')],
    ['a token that is not a string', (r: http.ServerResponse) => r.end('{"SigninToken":42}')],
    ['not JSON', (r: http.ServerResponse) => r.end('<html>maintenance</html>')],
  ])('%s is a refusal, not a URL', async (_name, answer) => {
    const server = await serving(answer);
    try {
      const error = await rejectionOf(
        signinUrl({ credentials: ROLE, profile: 'biz', endpoint: `${server.url}/federation`, destination: DESTINATION }),
      );
      expect(error.code).toBe('SigninTokenRefused');
      expect(error.message).toContain('(HTTP 200)');
    } finally {
      await server.close();
    }
  });

  test('an endpoint that stalls after its headers ends at the deadline, in a sentence', async () => {
    const server = await serving((response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('{"SigninToken":');
    });
    try {
      const error = await rejectionOf(
        signinUrl({ credentials: ROLE, profile: 'biz', endpoint: `${server.url}/federation`, destination: DESTINATION, deadlineMs: 300 }),
      );
      expect(error.code).toBe('FederationTimeout');
      expect(error.message).toBe(
        `The AWS federation endpoint ${server.url} did not answer the sign-in request for profile "biz" within 0.3 seconds.`,
      );
    } finally {
      await server.close();
    }
  });

  test('an endpoint nobody listens on is unreachable, named', async () => {
    const server = await serving((response) => response.end());
    const { url } = server;
    await server.close();
    const error = await rejectionOf(
      signinUrl({ credentials: ROLE, profile: 'biz', endpoint: `${url}/federation`, destination: DESTINATION }),
    );
    expect(error.code).toBe('FederationUnreachable');
    expect(error.message).toMatch(new RegExp(`^Could not reach the AWS federation endpoint ${url.replace(/\./g, '\\.')}: .+\\.$`));
    expect(error.message).not.toContain(ROLE.secretAccessKey);
  });
});
