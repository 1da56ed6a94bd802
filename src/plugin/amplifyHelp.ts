import * as fs from 'node:fs';
import * as path from 'node:path';
import { commandHelp } from '../cli/help';
import type { CommandModule } from '../cli/invocation';
import { loadCommand } from '../../commands/awscloudformation';
import { packageRoot } from '../amplify/bridgeProfile';

export const AMPLIFY_PROGRAM = 'amplify aws';

export interface PluginManifest {
  name: string;
  displayName?: string;
  commands?: string[];
  commandAliases?: Record<string, string>;
  eventHandlers?: string[];
}

export function readManifest(root: string = packageRoot()): PluginManifest {
  return JSON.parse(fs.readFileSync(path.join(root, 'amplify-plugin.json'), 'utf8')) as PluginManifest;
}

/**
 * Our commands as the Amplify CLI offers them (the manifest's, that this build has), under the manifest's name:
 * the command line's `console` is `role-console` there, since the built-in provider owns `console`.
 */
export function amplifyCommands(manifest: PluginManifest): CommandModule[] {
  return (manifest.commands ?? [])
    .filter((name) => name !== 'help')
    .flatMap((name) => {
      const command = loadCommand(name);
      return command ? [command.name === name ? command : { ...command, name }] : [];
    });
}

/**
 * `amplify aws help` and `amplify aws <command> --help` (the CLI turns both into the command "help", with what was
 * typed in subCommands).
 */
export function amplifyHelp(manifest: PluginManifest, subCommands: string[]): string {
  const commands = amplifyCommands(manifest);
  const wanted = subCommands.map((word) => manifest.commandAliases?.[word] ?? word).find((word) => commands.some((c) => c.name === word));
  const command = commands.find((c) => c.name === wanted);
  if (command) return commandHelp(AMPLIFY_PROGRAM, command);
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `Usage: ${AMPLIFY_PROGRAM} <command> [options]   (also: amplify awscloudformation <command>)`,
    '',
    'amplify-aws-roles: AWS role profiles (MFA, external ids) for Amplify projects, with cached credentials.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    `Run "${AMPLIFY_PROGRAM} <command> --help" for a command's options. The same commands are available as "amplify-aws-roles <command>".`,
    '',
    ...cliQuestions(manifest),
    '',
  ].join('\n');
}

/** What to answer to the questions the Amplify CLI itself asks around this plugin (each first line is one line: tested). */
export function cliQuestions(manifest: PluginManifest): string[] {
  const ours = manifest.displayName ?? 'amplify-aws-roles';
  return [
    "The Amplify CLI's own questions around this plugin, and what to answer:",
    '  "Run a fresh scan for plugins on the Amplify CLI pluggable platform": Enter (No)',
    '      after "amplify plugin add". Installed with npm i -g, Yes does no harm; added from any other folder, a scan puts',
    '      this plugin before the CLI\'s own provider, and "amplify env add" then needs the bridge profile (doctor says so).',
    `  "Select the plugin module to execute" (amplify aws reset-cache, amplify aws help): choose "${ours}"`,
    '      (type "roles" to filter). The one preselected is the CLI\'s own provider, whose help lists its own four commands;',
    '      choose it for "configure", "console", "setup-new-user" and "override", which are unchanged.',
    '  "Please choose the profile you want to use" (amplify init, configure project, env add): your role profile (bizcorprole), not amplify-aws-roles-<project>-<hash>-<profile>',
    '      The second is the bridge this plugin wrote to ~/.aws/config (its credential_process is amplify-aws-roles), so',
    "      that commands which never load the plugin still get the role's credentials; the CLI lists it because it is a",
    '      profile. Choose the bridge only in "env add" when doctor says the plugin is not the last provider.',
  ];
}
