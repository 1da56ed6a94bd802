import { ToolError } from '../errors';
import { partitionHosts } from './partition';

export interface DestinationRequest {
  /** --destination URL, as given. */
  destination?: string;
  /** --amplify: the project's app in the Amplify console. */
  amplifyApp?: { appId: string; region: string };
  region?: string;
  roleArn?: string;
}

/** Where the console opens after sign-in: --destination, the Amplify app, or the console home of the profile's region. */
export function consoleDestination(request: DestinationRequest): string {
  const host = partitionHosts(request.roleArn).console;
  if (request.destination !== undefined) {
    let url: URL;
    try {
      url = new URL(request.destination);
    } catch {
      throw new ToolError('InvalidArguments', `--destination must be a full https:// URL of the AWS console, not "${request.destination}".`, { exitCode: 2 });
    }
    if (url.protocol !== 'https:') {
      throw new ToolError('InvalidArguments', `--destination must be an https:// URL, not "${request.destination}".`, { exitCode: 2 });
    }
    return url.toString();
  }
  if (request.amplifyApp) {
    const { appId, region } = request.amplifyApp;
    return `https://${region}.${host}/amplify/home?region=${encodeURIComponent(region)}#/${encodeURIComponent(appId)}`;
  }
  return request.region
    ? `https://${request.region}.${host}/console/home?region=${encodeURIComponent(request.region)}`
    : `https://${host}/console/home`;
}
