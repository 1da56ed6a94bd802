import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';

/**
 * The bridge: a profile in the shared config file whose credential_process runs our `credentials` command, so the
 * Amplify CLI's built-in provider (which cannot assume an MFA role itself) gets the role's credentials from our
 * cache. Absolute paths, because the CLI runs the process with its own PATH and working folder.
 */
export interface BridgeProgram {
  /** The Node.js binary that runs our command line. */
  node: string;
  /** Our command line's script (package.json "bin"). */
  bin: string;
}

export interface BridgePlan {
  /** The profile the bridge resolves (a role profile). */
  profile: string;
  /** The bridge profile's own name. */
  name: string;
  /** The shared config file it goes into. */
  file: string;
  keys: { credential_process: string; region: string };
}

const PACKAGE_NAME = 'amplify-aws-roles';

/** Folder of our package (the one with package.json named amplify-aws-roles), from any file inside it. */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
      } catch {
        /* not ours */
      }
    }
    if (path.dirname(dir) === dir)
      throw new ToolError('PackageNotFound', `Could not find the ${PACKAGE_NAME} package folder above ${from}.`);
  }
}

function onPath(program: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, program);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

/**
 * This installation's node and bin script. Inside a packaged (pkg) Amplify CLI, process.execPath is the CLI binary
 * itself, so the node on PATH is used instead.
 */
export function thisProgram(env: NodeJS.ProcessEnv = process.env): BridgeProgram {
  const root = packageRoot();
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin?: Record<string, string> | string };
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[PACKAGE_NAME];
  const bin = relative ? path.join(root, relative) : undefined;
  if (!bin || !fs.existsSync(bin)) {
    throw new ToolError(
      'CommandLineNotBuilt',
      `The ${PACKAGE_NAME} command line is missing from ${root} (package.json "bin" names ${relative ?? 'nothing'}).`,
      {
        resolution: 'Build or reinstall the package (npm run build).',
      },
    );
  }
  const packaged = (process as { pkg?: unknown }).pkg !== undefined;
  const node = packaged ? onPath('node', env) : process.execPath;
  if (!node) throw new ToolError('NodeNotFound', 'Could not find "node" on PATH to run the credential_process bridge.');
  return { node, bin };
}

/** Quotes one word for a credential_process line: read by /bin/sh (the SDKs) and by shlex (the AWS CLI) alike. */
export function quoteWord(word: string): string {
  return /^[A-Za-z0-9_/.:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Splits a credential_process line written by quoteWord back into words (single quotes and plain words only). */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      current += end < 0 ? line.slice(i + 1) : line.slice(i + 1, end);
      i = end < 0 ? line.length : end;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/**
 * `--profile=NAME --project=DIR`, one word each: a profile named like an option (`--no-cache`) stays a value for
 * every tool that runs the line.
 */
export function bridgeCommandLine(program: BridgeProgram, profile: string, projectRoot: string): string {
  return [program.node, program.bin, 'credentials', `--profile=${profile}`, `--project=${projectRoot}`].map(quoteWord).join(' ');
}

/**
 * Why a project folder cannot appear in a credential_process line that every INI reader reads back as written
 * (the value is one line, and " #" or " ;" would start a comment), or undefined when it can.
 */
export function inexpressibleFolder(projectRoot: string): string | undefined {
  const newline = /[\r\n]/.exec(projectRoot);
  if (newline) return `its path holds a line break`;
  const comment = /\s([#;])/.exec(projectRoot);
  if (comment) return `its path holds "${comment[1]}" after a blank, which INI readers take as the start of a comment`;
  return undefined;
}

/** When `credentialProcess` is a bridge written by us: the profile and project it resolves. */
export function parseBridgeCommandLine(credentialProcess: string): { profile: string; project?: string } | undefined {
  const words = splitWords(credentialProcess);
  const at = words.indexOf('credentials');
  if (at < 1 || !words.slice(0, at).some((w) => /amplify-aws-roles/.test(w))) return undefined;
  // Written as `--flag=VALUE` (since 0.1) or `--flag VALUE` (earlier bridges).
  const value = (flag: string) => {
    for (let i = at + 1; i < words.length; i++) {
      if (words[i].startsWith(`${flag}=`)) return words[i].slice(flag.length + 1);
      if (words[i] === flag) return i + 1 < words.length ? words[i + 1] : undefined;
    }
    return undefined;
  };
  const profile = value('--profile');
  return profile ? { profile, project: value('--project') } : undefined;
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 6);

/**
 * `amplify-aws-roles-<project>-<folder hash>-<profile>`: one bridge per project folder and role profile, since the
 * cache is per folder (two checkouts of one project, a clone and a worktree, have the same project name and
 * different folders). It starts with our name, so in the Amplify CLI's list of profiles it reads as ours at a glance.
 * Only letters, digits, "_" and "-": what every SDK's profile-name rules accept (the JS SDK and smithy-rs also allow
 * "@+%:/.", but the Amplify CLI's INI parser splits section names at "." and older Go parsers treat ":" as a
 * separator). A profile name that loses characters to that rule gets a hash of its exact spelling too, so "biz.prod"
 * and "biz-prod" never share a bridge (which would point one environment at the other's account).
 */
export function bridgeProfileName(projectName: string, profile: string, projectRoot: string): string {
  const slug = (text: string) => text.replace(/[^A-Za-z0-9_-]+/g, '-');
  const profilePart = slug(profile) === profile ? profile : `${slug(profile)}-${shortHash(profile)}`;
  return `${PACKAGE_NAME}-${slug(projectName)}-${shortHash(projectRoot)}-${profilePart}`;
}

/**
 * The name versions before 0.1's rename gave the bridge of `profile` in this folder, `amplify-<project>-<folder
 * hash>-<profile>`. Scripts, `ampx --profile` and AWS_PROFILE may name it, so such a bridge keeps its name while it
 * bridges the same profile and folder.
 */
export function earlierBridgeName(projectName: string, profile: string, projectRoot: string): string {
  const slug = (text: string) => text.replace(/[^A-Za-z0-9_.+@:%/-]+/g, '-');
  return `amplify-${slug(projectName)}-${shortHash(projectRoot)}-${slug(profile)}`;
}

export function planBridge(options: {
  profile: string;
  /** The role profile's region; else the project's deployment region. */
  region: string | undefined;
  projectRoot: string;
  projectName: string;
  configFile: string;
  program: BridgeProgram;
  name?: string;
}): BridgePlan {
  if (!options.region) {
    throw new ToolError(
      'RegionMissing',
      `Profile "${options.profile}" has no region in ${options.configFile} and the project has not recorded a deployment region.`,
      {
        resolution: `Add "region = ..." to [profile ${options.profile}], then run the command again.`,
      },
    );
  }
  const why = inexpressibleFolder(options.projectRoot);
  if (why) {
    throw new ToolError(
      'ProjectPathInexpressible',
      `The project folder ${JSON.stringify(options.projectRoot)} cannot be named in a credential_process line: ${why}.`,
      {
        resolution: 'Move or rename the project folder, then run the command again. Nothing was changed and no MFA code was used.',
      },
    );
  }
  return {
    profile: options.profile,
    name: options.name ?? bridgeProfileName(options.projectName, options.profile, options.projectRoot),
    file: options.configFile,
    keys: { credential_process: bridgeCommandLine(options.program, options.profile, options.projectRoot), region: options.region },
  };
}
