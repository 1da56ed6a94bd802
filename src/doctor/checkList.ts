import { amplifyPluginCheck } from './amplifyPluginCheck';
import { gen1AppCheck } from './gen1AppCheck';
import { cacheCheck } from './cacheCheck';
import { configFileCheck, credentialsFileCheck } from './fileChecks';
import { planCheck, profileCheck } from './profileChecks';
import { sessionDurationCheck } from './sessionDurationCheck';
import { projectCheck } from './projectCheck';
import { externalIdCheck, mfaSerialCheck, regionCheck, roleArnCheck, sourceProfileCheck } from './settingChecks';
import { assumeRoleCheck, sourceKeysCheck } from './stsChecks';
import { takeoverCheck } from './takeoverCheck';
import { takeoverStatus } from '../amplify/takeoverStatus';
import type { Check, DoctorContext } from './types';
import { plaintextKeysCheck, vaultCheck } from './vaultChecks';

/**
 * The checks in the order the walkthrough builds the setup: the files, who chose the profile (the project's
 * environment), the role profile and its settings, the plan, the project's cached credentials, the vault, where the
 * Amplify CLI has the plugin and whether its provider is taken over; then the three that call AWS (STS, and the
 * Amplify API for gen1-app)
 * (`online`: the runner puts them after every offline check wherever they stand in this list, so a check added at
 * the end slots in). `needs` lists what must not have failed first.
 */
export const DOCTOR_CHECKS: Check<DoctorContext>[] = [
  { id: 'config-file', needs: [], run: ({ facts }) => configFileCheck(facts) },
  { id: 'credentials-file', needs: [], run: ({ facts }) => credentialsFileCheck(facts) },
  { id: 'plaintext-keys', needs: ['config-file', 'credentials-file'], run: ({ facts }) => plaintextKeysCheck(facts) },
  { id: 'project', needs: [], run: ({ facts, request }) => projectCheck(facts, request) },
  { id: 'profile', needs: ['config-file', 'credentials-file'], run: ({ facts }) => profileCheck(facts) },
  { id: 'role-arn', needs: ['profile'], run: ({ facts }) => roleArnCheck(facts) },
  { id: 'source-profile', needs: ['profile'], run: ({ facts }) => sourceProfileCheck(facts) },
  { id: 'mfa-serial', needs: ['profile'], run: ({ facts }) => mfaSerialCheck(facts) },
  { id: 'region', needs: ['profile'], run: ({ facts }) => regionCheck(facts) },
  { id: 'external-id', needs: ['profile'], run: ({ facts }) => externalIdCheck(facts) },
  { id: 'plan', needs: ['profile', 'source-profile'], run: ({ facts }) => planCheck(facts) },
  { id: 'session-duration', needs: ['plan'], run: ({ facts }) => sessionDurationCheck(facts) },
  { id: 'cache', needs: ['profile'], run: cacheCheck },
  {
    id: 'vault',
    needs: ['config-file', 'credentials-file'],
    run: ({ facts, request, scope }) => vaultCheck(facts, request.verbose === true, scope),
  },
  { id: 'amplify-plugin', needs: [], run: ({ facts }) => amplifyPluginCheck(facts) },
  { id: 'takeover', needs: [], run: () => takeoverCheck(takeoverStatus()) },
  { id: 'source-keys', needs: ['plan'], online: true, run: sourceKeysCheck },
  { id: 'assume-role', needs: ['plan', 'role-arn', 'mfa-serial', 'external-id', 'source-keys'], online: true, run: assumeRoleCheck },
  { id: 'gen1-app', needs: ['assume-role'], online: true, run: gen1AppCheck },
];

export const CHECK_IDS = DOCTOR_CHECKS.map((check) => check.id);
