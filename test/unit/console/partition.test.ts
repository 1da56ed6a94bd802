import { allConsoleHosts, partitionHosts, partitionOf } from '../../../src/console/partition';

// The role's ARN decides which sign-in service and console the URL points at: a GovCloud or China role signed in
// through the commercial endpoint would be refused by AWS, and its console would not know the session.

describe('the partition of a role', () => {
  test.each([
    ['arn:aws:iam::123456789012:role/deployer', 'aws'],
    ['arn:aws-us-gov:iam::123456789012:role/deployer', 'aws-us-gov'],
    ['arn:aws-cn:iam::123456789012:role/deployer', 'aws-cn'],
  ])('%s is in %s', (arn, partition) => {
    expect(partitionOf(arn)).toBe(partition);
  });

  test('a partition with no hosts of ours (aws-iso, aws-eusc) is refused: its credentials never go to the commercial sign-in', () => {
    expect(() => partitionOf('arn:aws-iso:iam::123456789012:role/x')).toThrow(
      expect.objectContaining({ code: 'UnknownPartition', exitCode: 2 }),
    );
    expect(() => partitionOf('arn:aws-eusc:iam::123456789012:role/x')).toThrow(/partition "aws-eusc"/);
  });

  test('a malformed ARN or none falls back to the commercial one', () => {
    expect(partitionOf('not-an-arn')).toBe('aws');
    expect(partitionOf('')).toBe('aws');
    expect(partitionOf(undefined)).toBe('aws');
  });
});

describe('the hosts of a partition', () => {
  test('federation endpoint and console host per partition', () => {
    expect(partitionHosts('arn:aws:iam::1:role/r')).toEqual({
      federation: 'https://signin.aws.amazon.com/federation',
      console: 'console.aws.amazon.com',
    });
    expect(partitionHosts('arn:aws-us-gov:iam::1:role/r')).toEqual({
      federation: 'https://signin.amazonaws-us-gov.com/federation',
      console: 'console.amazonaws-us-gov.com',
    });
    expect(partitionHosts('arn:aws-cn:iam::1:role/r')).toEqual({
      federation: 'https://signin.amazonaws.cn/federation',
      console: 'console.amazonaws.cn',
    });
    expect(partitionHosts(undefined).console).toBe('console.aws.amazon.com');
  });

  test('every console host, the commercial one first', () => {
    expect(allConsoleHosts()).toEqual(['console.aws.amazon.com', 'console.amazonaws-us-gov.com', 'console.amazonaws.cn']);
  });
});
