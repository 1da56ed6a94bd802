/** `console`: the AWS console, signed in as the role (federation sign-in URL from the role's temporary credentials). */
export { consoleDestination, refuseForeignDestination, type DestinationRequest } from './destination';
export { signinUrl, federationEndpoint, type SigninRequest } from './federation';
export { openInBrowser } from './openBrowser';
export { partitionOf } from './partition';
