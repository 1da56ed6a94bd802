#!/usr/bin/env node
import { command } from '../../commands/awscloudformation/credentials';
import { runAsProcess } from './processIo';
import { runCommand } from '../cli/runCommand';

// `credentials` alone: what credential_process runs several times per Amplify command, so it loads nothing else.
runAsProcess((argv, io) => runCommand(command, argv.slice(1), io));
