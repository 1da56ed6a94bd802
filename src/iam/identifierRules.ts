import { isValidIdentifier } from '../config/lineSyntax';
import { ToolError } from '../errors';

/**
 * The shapes IAM and STS accept for what setup-role is given. Checked before anything is created, so a typo
 * costs one sentence naming the flag instead of half a setup and an AccessDenied later.
 */
export interface IdentifierRule {
  test(value: string): boolean;
  /** Completes "--flag must be ...". */
  expected: string;
}

const PARTITION = '(aws|aws-cn|aws-us-gov)';

export const RULES = {
  accountId: { test: (v: string) => /^\d{12}$/.test(v), expected: 'a 12-digit AWS account id' },
  roleName: { test: (v: string) => /^[\w+=,.@-]{1,64}$/.test(v), expected: '1 to 64 characters from letters, digits and + = , . @ _ -' },
  userName: {
    test: (v: string) => /^[\w+=,.@-]{1,64}$/.test(v),
    expected: 'an IAM user name: 1 to 64 characters from letters, digits and + = , . @ _ -',
  },
  policyName: {
    test: (v: string) => /^[\w+=,.@-]{1,128}$/.test(v),
    expected: 'an IAM policy name: 1 to 128 characters from letters, digits and + = , . @ _ -',
  },
  externalId: {
    test: (v: string) => /^[\w+=,.@:/-]{2,1224}$/.test(v),
    expected: '2 to 1224 characters from letters, digits and + = , . @ : / _ - (or "auto")',
  },
  mfaSerial: {
    test: (v: string) => new RegExp(`^arn:${PARTITION}:iam::\\d{12}:mfa/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}$`).test(v),
    expected: 'an MFA device ARN such as arn:aws:iam::210987654321:mfa/dev-user',
  },
  roleArn: {
    test: (v: string) => new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$`).test(v),
    expected: 'a role ARN such as arn:aws:iam::123456789012:role/amplify-deployer',
  },
  region: { test: (v: string) => /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(v), expected: 'a region name such as us-east-1' },
  profileName: { test: (v: string) => isValidIdentifier(v), expected: 'a profile name made of letters, digits and _ - / . % @ : +' },
  /** IAM's MaxSessionDuration of a role: one to twelve hours. */
  maxSessionDuration: {
    test: (v: string) => /^\d+$/.test(v) && +v >= 3600 && +v <= 43200,
    expected: 'a whole number of seconds from 3600 to 43200 (1 to 12 hours)',
  },
  /** AssumeRole's DurationSeconds: 15 minutes to twelve hours. */
  durationSeconds: {
    test: (v: string) => /^\d+$/.test(v) && +v >= 900 && +v <= 43200,
    expected: 'a whole number of seconds from 900 to 43200',
  },
} satisfies Record<string, IdentifierRule>;

function quoted(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/** Returns the value when it fits the rule, else throws one sentence naming the flag (exit status 2). */
export function checkIdentifier(flag: string, value: string, rule: IdentifierRule): string {
  if (!rule.test(value)) {
    throw new ToolError('InvalidArguments', `${flag} must be ${rule.expected}, not ${quoted(value)}.`, { exitCode: 2 });
  }
  return value;
}

/** The ARN partition of a region: China and GovCloud regions live in partitions of their own. */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The account id inside an IAM ARN (arn:aws:iam::123456789012:...). */
export { accountIdOfArn as accountOfArn } from '../credentials';
