import type { StrictRule } from './strictSts/rules';
import { useServerForBlock } from './blockServer';
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
export function useSts(
  options: { resetRecording?: boolean; rulesOff?: StrictRule[]; walkthrough?: boolean; newDeviceEachTest?: boolean } = {},
): StrictStsWithWalkthrough {
  const sts = useServerForBlock<StrictStsWithWalkthrough>(
    'the strict STS stand-in',
    async () => {
      const server = await startStrictSts({ rulesOff: options.rulesOff });
      const walkthrough = options.walkthrough === false ? undefined : await provisionWalkthrough(server);
      return Object.defineProperty(server, 'walkthrough', {
        get() {
          if (!walkthrough) throw new Error('useSts({ walkthrough: false }) provisions no walkthrough');
          return walkthrough;
        },
      }) as StrictStsWithWalkthrough;
    },
    (server) => server.stop(),
  );
  // A new virtual device for dev-user per test (same serial, new seed): each test's one-time codes are its own, so
  // none waits for another's.
  if (options.newDeviceEachTest) beforeEach(async () => void (await sts.walkthrough.renewDevice()));
  if (options.resetRecording) beforeEach(() => sts.resetRecording());
  return sts;
}
