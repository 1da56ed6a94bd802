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

export function partitionOf(arn: string | undefined): string {
  const partition = arn?.split(':')[1];
  return partition && PARTITIONS[partition] ? partition : 'aws';
}

export function partitionHosts(arn: string | undefined): PartitionHosts {
  return PARTITIONS[partitionOf(arn)];
}

/** Every partition's console host, the commercial one first. */
export function allConsoleHosts(): string[] {
  return Object.values(PARTITIONS).map((hosts) => hosts.console);
}
