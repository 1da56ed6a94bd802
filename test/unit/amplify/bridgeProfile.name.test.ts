import { amplifyHelp, readManifest } from '../../../src/plugin/amplifyHelp';
import { bridgeProfileName } from '../../../src/amplify/bridgeProfile';

// Issue 23, item 5: the bridge reads as ours in the Amplify CLI's list of profiles and stays a valid profile name for
// every SDK; projects bridged by an earlier version keep working under their old name (test/unit/amplify/bridgeProfile.oldName.test.ts).
// The plugin's help says what to answer to the CLI's own questions.
describe('the bridge profile name', () => {
  test('starts with amplify-aws-roles and holds only what every SDK and the Amplify CLI accept', () => {
    // The cross-SDK profile-name character set (JS SDK v3 parseIni, smithy-rs, botocore) less "." (the Amplify CLI's
    // INI parser splits section names at it) and ":" "@" "+" "%" "/" (not every parser takes them).
    for (const [project, profile] of [
      ['myapp', 'bizcorprole'],
      ['my app', 'dev.team'],
      ['x', 'a:b/c@d+e%f'],
      ['ü', 'ß'],
    ]) {
      expect(bridgeProfileName(project, profile, '/work/app')).toMatch(/^amplify-aws-roles-[A-Za-z0-9_-]+-[0-9a-f]{6}-[A-Za-z0-9_-]+$/);
    }
  });
});

describe("amplify aws help: what to answer to the Amplify CLI's own questions", () => {
  const help = amplifyHelp(readManifest(), []);

  test('the scan question of "amplify plugin add", the plugin chooser, and which of the two profiles to pick', () => {
    expect(help).toContain('"Run a fresh scan for plugins on the Amplify CLI pluggable platform": Enter (No)');
    expect(help).toContain(
      '"Select the plugin module to execute" (amplify aws reset-cache, amplify aws help): choose "amplify-aws-roles: AWS role profiles with MFA, cached credentials"',
    );
    expect(help).toMatch(
      /"Please choose the profile you want to use" \(amplify init, configure project, env add\): your role profile \(bizcorprole\), not amplify-aws-roles-<project>-<hash>-<profile>/,
    );
    expect(help).toContain(readManifest().displayName!);
  });
});
