import { ToolError } from '../errors';

/** The AWS partition's sign-in and console hosts. The partition comes from the role's ARN (arn:PARTITION:...). */
export interface PartitionHosts {
  federation: string;
  console: string;
}

const PARTITIONS: Record<string, PartitionHosts> = {
  aws: { federation: 'https://signin.aws.amazon.com/federation', console: 'console.aws.amazon.com' },
  'aws-us-gov': { federation: 'https://signin.amazonaws-us-gov.com/federation', console: 'console.amazonaws-us-gov.com' },
  'aws-cn': { federation: 'https://signin.amazonaws.cn/federation', console: 'console.amazonaws.cn' },
};

/**
 * The partition of a role ARN (the commercial one when there is no ARN). A partition we have no hosts for (aws-iso*,
 * aws-eusc, a new one) is refused: falling back to the commercial sign-in would send its credentials to the wrong one.
 */
export function partitionOf(arn: string | undefined): string {
  const partition = arn?.split(':')[1];
  if (!partition) return 'aws';
  if (Object.prototype.hasOwnProperty.call(PARTITIONS, partition)) return partition;
  throw new ToolError(
    'UnknownPartition',
    `The role ${arn} is in the AWS partition "${partition}", whose console amplify-aws-roles does not know; refusing to sign in there.`,
    { exitCode: 2 },
  );
}

/** The partition a region name belongs to, by its prefix (cn-north-1: aws-cn, us-gov-west-1: aws-us-gov). */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (/^[a-z]{2}-iso[a-z]*-/.test(region)) return 'aws-iso';
  return 'aws';
}

export function partitionHosts(arn: string | undefined): PartitionHosts {
  return PARTITIONS[partitionOf(arn)];
}

/** Every partition's console host, the commercial one first. */
export function allConsoleHosts(): string[] {
  return Object.values(PARTITIONS).map((hosts) => hosts.console);
}
