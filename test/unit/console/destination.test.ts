import { consoleDestination, refuseForeignDestination } from '../../../src/console/destination';
import { toolErrorOf } from '../../helpers/toolError';

// Where the signed-in console session lands. The sign-in link hands the role's session to that page, so
// --destination is held to the role's own partition console, and the region and app id that go into the URL are
// checked before they are pasted into it.

const COMMERCIAL = 'arn:aws:iam::123456789012:role/deployer';
const GOV = 'arn:aws-us-gov:iam::123456789012:role/deployer';
const CHINA = 'arn:aws-cn:iam::123456789012:role/deployer';

describe('the default destination: the console home', () => {
  test('without a region: the partition console home', () => {
    expect(consoleDestination({ roleArn: COMMERCIAL })).toBe('https://console.aws.amazon.com/console/home');
    expect(consoleDestination({ roleArn: CHINA })).toBe('https://console.amazonaws.cn/console/home');
  });

  test('with the profile region: that region host, and the region in the query', () => {
    expect(consoleDestination({ roleArn: COMMERCIAL, region: 'eu-central-2' })).toBe(
      'https://eu-central-2.console.aws.amazon.com/console/home?region=eu-central-2',
    );
    expect(consoleDestination({ roleArn: GOV, region: 'us-gov-west-1' })).toBe(
      'https://us-gov-west-1.console.amazonaws-us-gov.com/console/home?region=us-gov-west-1',
    );
  });

  test('a region that is not a region name is refused, naming where it was read', () => {
    const error = toolErrorOf(() =>
      consoleDestination({ roleArn: COMMERCIAL, region: 'evil.com/#', regionFrom: 'profile "biz" in ~/.aws/config' }),
    );
    expect(error.code).toBe('InvalidRegion');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      'The region "evil.com/#" (profile "biz" in ~/.aws/config) is not an AWS region name such as us-east-1; refusing to open the console with it.',
    );
  });
});

describe('--amplify: the project app in the Amplify console', () => {
  test('the app page in the app region, app id and region encoded', () => {
    expect(
      consoleDestination({ roleArn: COMMERCIAL, region: 'us-east-1', amplifyApp: { appId: 'd1a2b3c4', region: 'ap-southeast-5' } }),
    ).toBe('https://ap-southeast-5.console.aws.amazon.com/amplify/home?region=ap-southeast-5#/d1a2b3c4');
  });

  test('an app id or region that would change the URL is refused', () => {
    const app = toolErrorOf(() =>
      consoleDestination({
        roleArn: COMMERCIAL,
        amplifyApp: { appId: 'd1/../../iam', region: 'us-east-1' },
        regionFrom: 'amplify/team-provider-info.json',
      }),
    );
    expect(app).toMatchObject({ code: 'InvalidAmplifyAppId', exitCode: 2 });
    expect(app.message).toBe('The Amplify app id "d1/../../iam" (amplify/team-provider-info.json) is not one (letters and digits only).');
    expect(toolErrorOf(() => consoleDestination({ amplifyApp: { appId: 'd1', region: 'us-east-1?x=' } })).code).toBe('InvalidRegion');
  });
});

describe('--destination', () => {
  test.each([
    ['https://console.aws.amazon.com/iam/home', COMMERCIAL, 'https://console.aws.amazon.com/iam/home'],
    [
      'https://eu-west-1.console.aws.amazon.com/s3/buckets?region=eu-west-1',
      COMMERCIAL,
      'https://eu-west-1.console.aws.amazon.com/s3/buckets?region=eu-west-1',
    ],
    ['HTTPS://CONSOLE.AWS.AMAZON.COM/ec2', COMMERCIAL, 'https://console.aws.amazon.com/ec2'],
    ['https://console.amazonaws-us-gov.com/iam', GOV, 'https://console.amazonaws-us-gov.com/iam'],
  ])('%s is accepted for its own partition', (destination, roleArn, expected) => {
    expect(consoleDestination({ roleArn, destination, region: 'us-east-1' })).toBe(expected);
  });

  test.each([
    ['http://console.aws.amazon.com/iam', 'plain http'],
    ['https://console.aws.amazon.com.evil.example/iam', 'a host that only starts like the console'],
    ['https://evilconsole.aws.amazon.com/iam', 'a host that only ends like the console'],
    ['https://attacker@console.aws.amazon.com/iam', 'a user name'],
    ['https://console.aws.amazon.com:8443/iam', 'a port'],
    ['https://signin.aws.amazon.com/oauth', 'another AWS host'],
  ])('%s is refused (%s)', (destination) => {
    const error = toolErrorOf(() => consoleDestination({ roleArn: COMMERCIAL, destination }));
    expect(error).toMatchObject({ code: 'InvalidArguments', exitCode: 2 });
    expect(error.message).toBe(
      `--destination must be an https:// URL of the AWS console (console.aws.amazon.com or a host under it), not "${destination}".`,
    );
  });

  test('another partition console is refused for this role', () => {
    expect(
      toolErrorOf(() => consoleDestination({ roleArn: COMMERCIAL, destination: 'https://console.amazonaws.cn/iam' })).message,
    ).toContain('(console.aws.amazon.com or a host under it)');
    expect(toolErrorOf(() => consoleDestination({ roleArn: CHINA, destination: 'https://console.aws.amazon.com/iam' })).message).toContain(
      '(console.amazonaws.cn or a host under it)',
    );
  });

  test('something that is not a URL says so', () => {
    expect(toolErrorOf(() => consoleDestination({ destination: 'iam/home' })).message).toBe(
      '--destination must be a full https:// URL of the AWS console, not "iam/home".',
    );
  });
});

describe('refuseForeignDestination: before any MFA prompt', () => {
  test('any partition console passes (the role partition is not known yet)', () => {
    for (const destination of [
      'https://console.aws.amazon.com/iam',
      'https://us-gov-east-1.console.amazonaws-us-gov.com/',
      'https://console.amazonaws.cn/s3',
    ]) {
      expect(() => refuseForeignDestination(destination)).not.toThrow();
    }
  });

  test('a host no partition owns is refused, in the commercial partition words', () => {
    const error = toolErrorOf(() => refuseForeignDestination('https://example.com/console'));
    expect(error.code).toBe('InvalidArguments');
    expect(error.message).toContain('(console.aws.amazon.com or a host under it), not "https://example.com/console"');
  });
});
