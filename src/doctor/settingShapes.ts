/**
 * The shapes AWS accepts for the settings the walkthrough writes. Each function returns undefined when the
 * value is fine, else a short phrase saying what is wrong (it follows "is not a role ARN: ").
 */

const NAME = /^[\w+=,.@-]+$/;

type ArnResource = 'role' | 'mfa';

/** arn:aws[-partition]:iam::<12 digits>:role/<path/>name, or ...:mfa/<path/>name. */
export function iamArnProblem(value: string, resource: ArnResource): string | undefined {
  const parts = value.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return `it must look like arn:aws:iam::123456789012:${resource}/NAME`;
  const [, partition, service, region, account, ...rest] = parts;
  const path = rest.join(':');
  if (!/^aws(-[a-z]+)*$/.test(partition)) return `the partition "${partition}" is not aws, aws-cn or aws-us-gov`;
  if (service !== 'iam') return `the service is "${service}", not iam`;
  if (region !== '') return `IAM ARNs have no region, but this one has "${region}"`;
  if (!/^\d{12}$/.test(account)) return `the account id "${account}" is not 12 digits`;
  if (!path.startsWith(`${resource}/`)) return `it names "${path.split('/')[0]}", not ${resource}/NAME`;
  const segments = path.slice(resource.length + 1).split('/');
  const name = segments[segments.length - 1];
  if (!name) return `it has no ${resource} name after "${resource}/"`;
  if (!segments.every((segment) => NAME.test(segment)))
    return `the ${resource} name or path "${segments.join('/')}" has characters IAM does not allow (letters, digits and +=,.@_- only)`;
  if (name.length > 64) return `the ${resource} name is ${name.length} characters long; IAM allows 64`;
  return undefined;
}

/** A hardware MFA device may be named by its serial number instead of an ARN (STS SerialNumber: 9-256 of [\w+=/:,.@-]). */
export function isHardwareMfaSerial(value: string): boolean {
  return !value.startsWith('arn:') && /^[\w+=/:,.@-]{9,256}$/.test(value);
}

/** us-east-1, eu-central-2, us-gov-west-1, cn-north-1, us-isob-east-1 ... */
export function regionProblem(value: string): string | undefined {
  return /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/.test(value)
    ? undefined
    : 'it does not look like an AWS region such as us-east-1 or eu-west-2';
}

export const EXTERNAL_ID_MIN = 2;
export const EXTERNAL_ID_MAX = 1224;

/** STS ExternalId: 2 to 1224 characters of letters, digits and +=,.@:/-_. The value itself is never repeated. */
export function externalIdProblem(value: string): string | undefined {
  if (value.length < EXTERNAL_ID_MIN || value.length > EXTERNAL_ID_MAX)
    return `it is ${value.length} characters long; STS accepts ${EXTERNAL_ID_MIN} to ${EXTERNAL_ID_MAX}`;
  const bad = [...new Set(value.replace(/[\w+=,.@:/-]/g, ''))];
  if (bad.length === 0) return undefined;
  const named = bad.map((c) => (c === ' ' ? 'a space' : c === '\t' ? 'a tab' : `"${c}"`));
  return `it contains ${named.join(', ')}; STS accepts only letters, digits and +=,.@:/-_`;
}
