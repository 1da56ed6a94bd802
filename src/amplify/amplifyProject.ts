import * as fs from 'node:fs';
import * as path from 'node:path';
import { findProjectRoot } from '../cache/projectScope';
import { ToolError } from '../errors';
import { readProjectFile } from '../files/readRegularFile';

/** What the Amplify layer needs to know about the project it runs in, read from the project's own files. */
export interface AmplifyProject {
  /** Real path of the folder holding amplify/. */
  root: string;
  projectName: string;
  /** The current environment (amplify/.config/local-env-info.json). */
  envName: string;
  /** The deployment region of the current environment, when the project has been pushed or pulled. */
  region?: string;
  /** The Amplify app (AmplifyAppId) of the current environment, when the project has been pushed or pulled. */
  appId?: string;
}

function readJson(file: string): unknown {
  const text = readProjectFile(file) ?? '';
  // What a crash between truncating and writing leaves: said as such, not as JSON.parse's "Unexpected end".
  if (text.trim() === '') throw new ToolError('AmplifyFileInvalid', `${file} is empty.`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ToolError('AmplifyFileInvalid', `${file} is not valid JSON (${(error as Error).message}).`);
  }
}

function readJsonIfPresent(file: string): Record<string, unknown> | undefined {
  if (!fs.existsSync(file)) return undefined;
  const value = readJson(file);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringAt(value: unknown, ...keys: string[]): string | undefined {
  let current = value;
  for (const key of keys) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'string' && current !== '' ? current : undefined;
}

/** The project containing `cwd` (or `explicit`, like --project) and its current environment; ToolErrors outside a project or without one. */
export function currentEnvironment(cwd: string, explicit?: string): { root: string; envName: string } {
  const scope = findProjectRoot(cwd, explicit);
  if (scope.kind !== 'project') {
    throw new ToolError(
      'NotAnAmplifyProject',
      `${path.resolve(cwd)} is not inside an Amplify project (no amplify/.config/project-config.json in it or above it).`,
      {
        resolution: 'Run the command from your Amplify project, or pass --project DIR.',
      },
    );
  }
  const envFile = path.join(scope.root, 'amplify', '.config', 'local-env-info.json');
  const envName = stringAt(readJsonIfPresent(envFile), 'envName');
  if (!envName) {
    throw new ToolError(
      'NoAmplifyEnvironment',
      `The Amplify project ${scope.root} has no current environment (${envFile} is missing or names no envName).`,
      {
        resolution: 'Run "amplify env checkout ENV" (or "amplify init") first.',
      },
    );
  }
  return { root: scope.root, envName };
}

/** The Amplify project containing `cwd` (or `explicit`, like --project). A ToolError outside a project or without a current env. */
export function readAmplifyProject(cwd: string, explicit?: string): AmplifyProject {
  const { root, envName } = currentEnvironment(cwd, explicit);
  const configDir = path.join(root, 'amplify', '.config');
  const projectName = stringAt(readJsonIfPresent(path.join(configDir, 'project-config.json')), 'projectName') ?? path.basename(root);
  const teamProviderInfo = readJsonIfPresent(path.join(root, 'amplify', 'team-provider-info.json'));
  const amplifyMeta = readJsonIfPresent(path.join(root, 'amplify', 'backend', 'amplify-meta.json'));
  const providerValue = (key: string) =>
    stringAt(teamProviderInfo, envName, 'awscloudformation', key) ?? stringAt(amplifyMeta, 'providers', 'awscloudformation', key);
  return { root, projectName, envName, region: providerValue('Region'), appId: providerValue('AmplifyAppId') };
}
