import { ToolError } from '../errors';
import { allConsoleHosts, partitionHosts, partitionOf, partitionOfRegion } from './partition';

export interface DestinationRequest {
  /** --destination URL, as given. */
  destination?: string;
  /** --amplify: the project's app in the Amplify console. */
  amplifyApp?: { appId: string; region: string };
  region?: string;
  /** Where `region` (or the app's) was read, for the sentence that refuses it. */
  regionFrom?: string;
  roleArn?: string;
}

/** AWS region names: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-5, us-isob-east-1. */
const REGION = /^[a-z]{2}(-[a-z]+){1,3}-\d{1,2}$/;
const APP_ID = /^[A-Za-z0-9]{1,64}$/;

function checkRegion(region: string, from: string | undefined, roleArn?: string): string {
  if (REGION.test(region)) {
    // Without the role (checked before it is resolved), the shape only; with it, the region must be of its partition.
    if (roleArn === undefined) return region;
    const partition = partitionOf(roleArn);
    if (partitionOfRegion(region) === partition) return region;
    throw new ToolError(
      'InvalidRegion',
      `The region ${JSON.stringify(region)}${from ? ` (${from})` : ''} is not a region of the role's partition (${partition}); refusing to open the console with it.`,
      { exitCode: 2 },
    );
  }
  throw new ToolError(
    'InvalidRegion',
    `The region ${JSON.stringify(region)}${from ? ` (${from})` : ''} is not an AWS region name such as us-east-1; refusing to open the console with it.`,
    { exitCode: 2 },
  );
}

/**
 * --destination: the sign-in link hands the role's console session to whatever page it names, so only the AWS
 * console of the role's partition is accepted (console.aws.amazon.com and its region hosts, or the GovCloud and
 * China consoles), over https, with no user name or port of its own.
 */
function checkDestination(destination: string, consoleHost: string): string {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    throw new ToolError('InvalidArguments', `--destination must be a full https:// URL of the AWS console, not "${destination}".`, {
      exitCode: 2,
    });
  }
  const host = url.hostname.toLowerCase();
  const ofConsole =
    host === consoleHost ||
    (host.endsWith(`.${consoleHost}`) && /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host.slice(0, -consoleHost.length - 1)));
  if (url.protocol !== 'https:' || !ofConsole || url.username !== '' || url.password !== '' || url.port !== '') {
    throw new ToolError(
      'InvalidArguments',
      `--destination must be an https:// URL of the AWS console (${consoleHost} or a host under it), not "${destination}".`,
      { exitCode: 2 },
    );
  }
  return url.toString();
}

/**
 * Before any MFA prompt (the role's partition is known only once it is resolved): a --destination that no partition's
 * console would accept is refused at once, so a typo or a foreign host costs no code.
 */
export function refuseForeignDestination(destination: string): void {
  const [first, ...others] = allConsoleHosts();
  for (const host of others) {
    try {
      checkDestination(destination, host);
      return;
    } catch {
      // not this partition's console
    }
  }
  checkDestination(destination, first);
}

/** Where the console opens after sign-in: --destination, the Amplify app, or the console home of the profile's region. */
export function consoleDestination(request: DestinationRequest): string {
  const host = partitionHosts(request.roleArn).console;
  if (request.destination !== undefined) return checkDestination(request.destination, host);
  if (request.amplifyApp) {
    const region = checkRegion(request.amplifyApp.region, request.regionFrom, request.roleArn);
    const { appId } = request.amplifyApp;
    if (!APP_ID.test(appId))
      throw new ToolError(
        'InvalidAmplifyAppId',
        `The Amplify app id ${JSON.stringify(appId)}${request.regionFrom ? ` (${request.regionFrom})` : ''} is not one (letters and digits only).`,
        { exitCode: 2 },
      );
    return `https://${region}.${host}/amplify/home?region=${encodeURIComponent(region)}#/${encodeURIComponent(appId)}`;
  }
  if (!request.region) return `https://${host}/console/home`;
  const region = checkRegion(request.region, request.regionFrom, request.roleArn);
  return `https://${region}.${host}/console/home?region=${encodeURIComponent(region)}`;
}
