import type { StrictRule } from './strictSts/rules';
import { startStrictSts, type StrictSts } from './strictSts/standIn';
import { provisionWalkthrough, type Walkthrough } from './strictSts/walkthroughWorld';

export { startStrictSts, type RecordedCall, type IssuedSession, type StrictSts } from './strictSts/standIn';
export { STRICT_RULES, type StrictRule } from './strictSts/rules';
export { createDevUser, provisionWalkthrough, type DevUser, type Walkthrough } from './strictSts/walkthroughWorld';
export type { VirtualMfaDevice } from './strictSts/virtualMfaDevice';

export type StrictStsWithWalkthrough = StrictSts & { walkthrough: Walkthrough };

/**
 * The default for integration, reliability and end-to-end tests (README in this folder): moto behind the strict STS
 * stand-in, for the enclosing describe block (started in beforeAll, stopped in afterAll), with the walkthrough's role,
 * user, key and virtual MFA device created in moto's IAM. The same shape as useMoto(): `url`, `requests()`,
 * `resetRecording()`, `data()`; plus `walkthrough` (keys, device: `await sts.walkthrough.user.device.code()`).
 * `newDeviceEachTest`: dev-user gets a new virtual MFA device before each test (same serial, new seed).
 */
export function useSts(options: { resetRecording?: boolean; rulesOff?: StrictRule[]; walkthrough?: boolean; newDeviceEachTest?: boolean } = {}): StrictStsWithWalkthrough {
  let server: StrictSts | undefined;
  let walkthrough: Walkthrough | undefined;
  beforeAll(async () => {
    server = await startStrictSts({ rulesOff: options.rulesOff });
    if (options.walkthrough !== false) walkthrough = await provisionWalkthrough(server);
  }, 60000);
  afterAll(async () => server?.stop());
  // A new virtual device for dev-user per test (same serial, new seed): each test's one-time codes are its own, so
  // none waits for another's.
  if (options.newDeviceEachTest) beforeEach(async () => void (await walkthrough!.renewDevice()));
  if (options.resetRecording) beforeEach(() => started().resetRecording());
  const started = (): StrictSts => {
    if (!server) throw new Error('the strict STS stand-in has not started: useSts() starts it in beforeAll');
    return server;
  };
  return {
    get url() {
      return started().url;
    },
    get port() {
      return started().port;
    },
    get moto() {
      return started().moto;
    },
    get clock() {
      return started().clock;
    },
    get walkthrough() {
      if (!walkthrough) throw new Error('useSts({ walkthrough: false }) provisions no walkthrough');
      return walkthrough;
    },
    set beforeDeciding(hook) {
      started().beforeDeciding = hook;
    },
    get beforeDeciding() {
      return started().beforeDeciding;
    },
    requests: () => started().requests(),
    resetRecording: () => started().resetRecording(),
    data: () => started().data(),
    sessions: () => started().sessions(),
    issuedSecrets: () => (server ? server.issuedSecrets() : []),
    unspentSteps: (serial) => started().unspentSteps(serial),
    switchOff: (rule) => started().switchOff(rule),
    iam: (account) => started().iam(account),
    ssoRoleCredentials: (roleArn) => started().ssoRoleCredentials(roleArn),
    stop: () => started().stop(),
  };
}
