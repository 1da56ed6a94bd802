import { closestName } from '../suggest';
import { classifyProfile } from '../plan';
import { fileOf, headerOf, profileOf, sectionOf, settingOf } from './profileFacts';
import { externalIdProblem, iamArnProblem, isHardwareMfaSerial, regionProblem } from './settingShapes';
import type { CheckOutcome, DoctorFacts } from './types';
import { maskKeyId } from '../credentials';

/** The settings of the walkthrough's role profile, one check each. Pure: they read only the gathered facts. */

export function roleArnCheck(facts: DoctorFacts): CheckOutcome {
  const { profile } = facts;
  const roleArn = settingOf(facts, profile, 'role_arn');
  if (!roleArn) {
    const kind = classifyProfile(facts.files!.profiles, profile, facts.files!.ssoSessions, facts.vault).kind;
    return { status: 'skip', message: `Profile "${profile}" has no role_arn (kind: ${kind}), so there is no role to check.` };
  }
  const problem = iamArnProblem(roleArn, 'role');
  if (problem) {
    return {
      status: 'fail',
      message: `role_arn = ${roleArn} in ${sectionOf(facts, profile)} is not a role ARN: ${problem}.`,
      fix: `Set role_arn to the ARN of the role Biz Corp created, shaped arn:aws:iam::<Biz Corp account id, 12 digits>:role/<role name> (IAM console, Roles, the role's summary).`,
    };
  }
  return { status: 'pass', message: `role_arn ${roleArn} is a role ARN (account ${roleArn.split(':')[4]}).` };
}

export function sourceProfileCheck(facts: DoctorFacts): CheckOutcome {
  const { profile } = facts;
  const files = facts.files!;
  const credentialsFile = facts.credentialsFile.path;
  if (!settingOf(facts, profile, 'role_arn'))
    return { status: 'skip', message: `Profile "${profile}" has no role_arn, so it needs no source profile.` };
  const source = settingOf(facts, profile, 'source_profile');
  const credentialSource = settingOf(facts, profile, 'credential_source');
  if (!source) {
    if (credentialSource)
      return {
        status: 'skip',
        message: `Profile "${profile}" assumes its role with credential_source = ${credentialSource}, not a source profile.`,
      };
    if (settingOf(facts, profile, 'web_identity_token_file'))
      return { status: 'skip', message: `Profile "${profile}" assumes its role with a web identity token, not a source profile.` };
    return {
      status: 'fail',
      message: `${sectionOf(facts, profile)} has role_arn but no source_profile, so there are no keys to assume the role with.`,
      fix: `Add "source_profile = devcorpuser" (the profile holding your IAM user's access keys) under ${headerOf(facts, profile)} in ${fileOf(facts, profile)}.`,
    };
  }
  const addKeys = `Add aws_access_key_id and aws_secret_access_key (your IAM user's access keys) under [${source}] in ${credentialsFile}.`;
  if (!profileOf(facts, source)) {
    const others = Object.keys(files.profiles).filter((name) => name !== profile);
    const meant = closestName(source, others);
    if (meant !== undefined) {
      return {
        status: 'fail',
        message: `source_profile = ${source} in ${sectionOf(facts, profile)} names a profile that is not in ${facts.configFile.path} or ${credentialsFile}; did you mean "${meant}"?`,
        fix: `Change it to "source_profile = ${meant}" under ${headerOf(facts, profile)} in ${fileOf(facts, profile)}.`,
      };
    }
    return {
      status: 'fail',
      message: `source_profile = ${source} in ${sectionOf(facts, profile)} names a profile that is not in ${facts.configFile.path} or ${credentialsFile}.`,
      fix: `${addKeys}${others.length ? ` Or set source_profile to one of: ${others.join(', ')}.` : ''}`,
    };
  }
  const keyId = settingOf(facts, source, 'aws_access_key_id');
  const secret = settingOf(facts, source, 'aws_secret_access_key');
  if (keyId && secret) {
    const itself = source === profile ? ' (it is its own source profile)' : '';
    return { status: 'pass', message: `Source profile "${source}"${itself} has access keys (${maskKeyId(keyId)}).` };
  }
  const inVault = keyId || secret ? undefined : facts.vault?.(source);
  if (inVault)
    return {
      status: 'pass',
      message: `Source profile "${source}" keeps its access keys in the vault (${maskKeyId(inVault.accessKeyId)}).`,
    };
  if (keyId || secret) {
    const [present, absent] = keyId ? ['aws_access_key_id', 'aws_secret_access_key'] : ['aws_secret_access_key', 'aws_access_key_id'];
    return {
      status: 'fail',
      message: `Source profile "${source}" has ${present} but no ${absent}.`,
      fix: `Add ${absent} under [${source}] in ${credentialsFile}.`,
    };
  }
  if (source !== profile) {
    const summary = classifyProfile(files.profiles, source, files.ssoSessions, facts.vault);
    if (summary.kind !== 'static' && summary.kind !== 'incomplete') {
      return {
        status: 'pass',
        message: `Source profile "${source}" has no access keys of its own; its credentials (kind ${summary.kind}) assume the role.`,
      };
    }
  }
  return { status: 'fail', message: `Source profile "${source}" of profile "${profile}" has no access keys.`, fix: addKeys };
}

export function mfaSerialCheck(facts: DoctorFacts): CheckOutcome {
  const { profile } = facts;
  const serial = settingOf(facts, profile, 'mfa_serial');
  if (!serial) return { status: 'skip', message: `Profile "${profile}" has no mfa_serial: the role is assumed without MFA.` };
  const problem = iamArnProblem(serial, 'mfa');
  if (!problem) return { status: 'pass', message: `mfa_serial ${serial} is an MFA device ARN.` };
  const fix = `Set mfa_serial to the ARN of your IAM user's MFA device, shaped arn:aws:iam::<Dev Corp account id, 12 digits>:mfa/<device name> (IAM console, Users, your user, Security credentials).`;
  if (isHardwareMfaSerial(serial)) {
    return {
      status: 'warn',
      message: `mfa_serial = ${serial} in ${sectionOf(facts, profile)} is not an ARN; only hardware MFA devices are named by serial number.`,
      fix,
    };
  }
  return { status: 'fail', message: `mfa_serial = ${serial} in ${sectionOf(facts, profile)} is not an MFA device ARN: ${problem}.`, fix };
}

export function regionCheck(facts: DoctorFacts): CheckOutcome {
  const { profile } = facts;
  const region = settingOf(facts, profile, 'region');
  const section = sectionOf(facts, profile);
  const add = `Add "region = us-east-1" (your Amplify project's region) under ${headerOf(facts, profile)} in ${fileOf(facts, profile)}.`;
  if (!region) {
    const fromEnv = facts.env.AWS_REGION ? 'AWS_REGION' : facts.env.AWS_DEFAULT_REGION ? 'AWS_DEFAULT_REGION' : undefined;
    if (fromEnv)
      return { status: 'warn', message: `${section} has no region; only ${fromEnv}=${facts.env[fromEnv]} provides one.`, fix: add };
    return { status: 'fail', message: `${section} has no region, so Amplify does not know where to deploy.`, fix: add };
  }
  const problem = regionProblem(region);
  if (problem) return { status: 'fail', message: `region = ${region} in ${section}: ${problem}.`, fix: add };
  return { status: 'pass', message: `region = ${region} in ${headerOf(facts, profile)}.` };
}

export function externalIdCheck(facts: DoctorFacts): CheckOutcome {
  const { profile } = facts;
  const externalId = settingOf(facts, profile, 'external_id');
  if (externalId === undefined)
    return { status: 'skip', message: `Profile "${profile}" has no external_id: the role's trust policy must not require sts:ExternalId.` };
  const problem = externalIdProblem(externalId);
  if (problem) {
    return {
      status: 'fail',
      message: `external_id in ${sectionOf(facts, profile)} is not a valid external id: ${problem}.`,
      fix: `Set external_id to exactly the value in the sts:ExternalId condition of the role's trust policy (ask Biz Corp for it).`,
    };
  }
  return { status: 'pass', message: `external_id is set (${externalId.length} characters, all allowed by STS).` };
}
