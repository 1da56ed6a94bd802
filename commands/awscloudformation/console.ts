import type { CommandModule } from '../../src/cli/invocation';
import { parseSeconds, resolveOptions, resolveRequestFrom, stringOption } from '../../src/cli/resolveOptions';
import { ToolError } from '../../src/errors';
import { isAssumeRoleStep } from '../../src/plan/types';
import { resolveProfileCredentials } from '../../src/resolve';
import { stsDeadlineMs } from '../../src/resolve/stsDeadline';
import { write } from '../../src/output/writeLine';

/** The named profile's role_arn, when it has one (the chain's last role is checked again once resolved). */
function roleArnOf(env: NodeJS.ProcessEnv, profile: string | undefined): string | undefined {
  if (!profile) return undefined;
  try {
    const { loadAwsConfig } = require('../../src/config') as typeof import('../../src/config');
    return loadAwsConfig({ env }).profiles[profile]?.role_arn;
  } catch {
    return undefined; // resolving reports a broken file in its own words
  }
}

export const command: CommandModule = {
  name: 'console',
  summary: 'Open the AWS console signed in as the role (or print the sign-in URL)',
  options: {
    ...resolveOptions,
    print: {
      type: 'boolean',
      description: 'Print the sign-in URL instead of opening a browser (the URL signs in whoever has it, for 15 minutes)',
    },
    destination: {
      type: 'string',
      value: 'URL',
      description:
        "AWS console page to open after sign-in, on the role partition's console host (default: the console home of the profile's region)",
    },
    amplify: { type: 'boolean', description: "Open the current Amplify project's app in the Amplify console of its region" },
    duration: {
      type: 'string',
      value: 'SECONDS',
      description: "Console session length, 900 to 43200 (default: the profile's duration_seconds, else the sign-in default)",
    },
  },
  details: `In the Amplify CLI this command is "amplify aws role-console": "amplify aws console" is the Amplify CLI's own.
The browser is $BROWSER when set, else open (macOS), xdg-open (Linux) or the Windows URL handler.
AMPLIFY_AWS_ROLES_FEDERATION_ENDPOINT replaces the sign-in endpoint (https, or http on this machine).
AMPLIFY_AWS_ROLES_STS_TIMEOUT (seconds, default 30) also bounds the sign-in request.`,
  async run(invocation) {
    const { consoleDestination, federationEndpoint, openInBrowser, partitionOf, refuseForeignDestination, signinUrl } =
      require('../../src/console') as typeof import('../../src/console');
    const destinationOption = stringOption(invocation, 'destination');
    if (destinationOption !== undefined) refuseForeignDestination(destinationOption);
    if (invocation.options.amplify === true && destinationOption !== undefined) {
      throw new ToolError('InvalidArguments', 'Give --amplify or --destination, not both.', { exitCode: 2 });
    }
    const duration = parseSeconds(invocation.options.duration, '--duration');
    if (duration !== undefined && (duration < 900 || duration > 43200)) {
      throw new ToolError('InvalidArguments', `--duration must be from 900 to 43200 seconds, not ${duration}.`, { exitCode: 2 });
    }
    // Checked before any MFA prompt: a project without an app would otherwise cost a code for nothing.
    const project =
      invocation.options.amplify === true
        ? (require('../../src/amplify/amplifyProject') as typeof import('../../src/amplify/amplifyProject')).readAmplifyProject(
            invocation.cwd,
            stringOption(invocation, 'project'),
          )
        : undefined;
    if (project && !project.appId) {
      throw new ToolError(
        'NoAmplifyApp',
        `The Amplify project ${project.root} has no app id for environment "${project.envName}" (AmplifyAppId in amplify/team-provider-info.json).`,
        {
          resolution: 'Push or pull the environment first ("amplify push" or "amplify pull"), or use --destination.',
        },
      );
    }
    const projectRegionFrom = project ? `environment "${project.envName}" of ${project.root}, amplify/team-provider-info.json` : undefined;
    // The project's region and app id are checked before any MFA prompt too.
    if (project?.appId && project.region)
      consoleDestination({ amplifyApp: { appId: project.appId, region: project.region }, regionFrom: projectRegionFrom });
    const request = resolveRequestFrom(invocation);
    federationEndpoint(invocation.env, undefined); // a bad override is reported before any MFA prompt
    partitionOf(roleArnOf(request.env, request.profile)); // and a role of a partition whose console we do not know
    const deadlineMs = stsDeadlineMs(invocation.env);
    const result = await resolveProfileCredentials(request);
    const lastStep = result.plan.chain[result.plan.chain.length - 1];
    const region = project?.region ?? result.region;
    if (project && !region) {
      throw new ToolError(
        'NoAmplifyRegion',
        `The Amplify project ${project.root} names no region for environment "${project.envName}", and profile "${result.profile}" has none.`,
      );
    }
    const destination = consoleDestination({
      destination: destinationOption,
      amplifyApp: project?.appId && region ? { appId: project.appId, region } : undefined,
      region,
      regionFrom: project?.region ? projectRegionFrom : `profile "${result.profile}"`,
      roleArn: result.roleArn,
    });
    const url = await signinUrl({
      credentials: result.credentials,
      profile: result.profile,
      endpoint: federationEndpoint(invocation.env, result.roleArn),
      destination,
      sessionDurationSeconds: duration ?? (isAssumeRoleStep(lastStep) ? lastStep.assumeRole.durationSeconds : undefined),
      deadlineMs,
    });
    if (invocation.options.print === true) {
      write(invocation.stdout, url);
      return 0;
    }
    await openInBrowser(url, invocation.env);
    write(
      invocation.stdout,
      `Opened the AWS console as ${result.roleArn ?? `profile "${result.profile}"`} in your browser (the sign-in link works for 15 minutes).`,
    );
    return 0;
  },
};
