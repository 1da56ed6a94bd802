import { ToolError } from '../errors';

export interface StsCallContext {
  /** e.g. "assume arn:aws:iam::123:role/x for profile bizcorprole" */
  action: string;
  profile: string;
  roleArn?: string;
  sourceProfile?: string;
  endpoint: string;
  externalId?: boolean;
  mfa?: boolean;
  /** DurationSeconds asked for (the profile's duration_seconds, possibly capped), when one was. */
  durationSeconds?: number;
  /** The request set SourceIdentity (source_identity). */
  sourceIdentity?: boolean;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

function errorCode(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string; cause?: { code?: string } };
  return e?.code && NETWORK_CODES.has(e.code) ? e.code : (e?.cause?.code ?? e?.Code ?? e?.name ?? e?.code ?? 'Error');
}

/** The first line, without a final full stop (our sentences add their own). */
function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0].trim().replace(/\.+$/, '');
}

/** A response that arrived but could not be read (HTTP 2xx with a broken body, missing or malformed fields). */
function isUnreadableResponse(error: unknown): boolean {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 300) return false;
  return (
    e instanceof TypeError ||
    e instanceof SyntaxError ||
    /XML parse error|RFC3339|deseriali[sz]|Unexpected (token|end)|unexpected content|Invalid .*format|Expected .* but|parse/i.test(
      e?.message ?? '',
    )
  );
}

export function isMfaRejection(error: unknown): boolean {
  const message = (error as { message?: string })?.message ?? '';
  return /MultiFactorAuthentication|MFA one time pass code|invalid MFA/i.test(message);
}

/** STS's ValidationError when DurationSeconds exceeds the role's MaxSessionDuration: the role, the seconds, both fixes. */
function aboveRoleMaximum(context: StsCallContext): ToolError {
  const roleName = (context.roleArn ?? '').split('/').pop() || 'ROLE';
  const seconds = context.durationSeconds;
  const asked =
    seconds !== undefined
      ? `the ${seconds} s that profile "${context.profile}" asks for (duration_seconds)`
      : `what profile "${context.profile}" asks for (duration_seconds)`;
  return new ToolError(
    'DurationAboveRoleMaximum',
    `Role ${roleName} (${context.roleArn}) allows shorter sessions than ${asked}: lower duration_seconds in profile "${context.profile}", or raise the role's maximum with "aws iam update-role --role-name ${roleName} --max-session-duration ${seconds ?? 'SECONDS'}".`,
    {
      resolution: `Biz Corp can also raise it with "amplify-aws-roles setup-role ... --max-session-duration ${seconds ?? 'SECONDS'} --apply-biz" (or the role's "Maximum session duration" in the IAM console).`,
    },
  );
}

/** Turns an STS/SDK failure into one sentence. Never includes credentials: only codes, ARNs and the endpoint. */
export function stsErrorToToolError(error: unknown, context: StsCallContext): ToolError {
  if (error instanceof ToolError) return error;
  const code = errorCode(error);
  const message = firstLine((error as { message?: string })?.message);
  const who = context.sourceProfile
    ? `the credentials of profile "${context.sourceProfile}"`
    : `the credentials of profile "${context.profile}"`;
  if (
    NETWORK_CODES.has(code) ||
    code === 'TimeoutError' ||
    code === 'RequestTimeout' ||
    /socket hang up|connect ECONNREFUSED|getaddrinfo/i.test(message)
  ) {
    return new ToolError(
      'StsUnreachable',
      `Could not reach the STS endpoint ${context.endpoint} to ${context.action} (${code === 'Error' ? message : code}).`,
      {
        resolution: 'Check your network, proxy and AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL.',
      },
    );
  }
  if (isUnreadableResponse(error)) {
    return new ToolError(
      'StsMalformedResponse',
      `The STS endpoint ${context.endpoint} answered the request to ${context.action} with a response that could not be read.`,
      {
        resolution: 'Check AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL and any proxy in between; the answer was not an STS response.',
      },
    );
  }
  if (isMfaRejection(error)) {
    return new ToolError(
      'InvalidMfaCode',
      `STS rejected the MFA code for profile "${context.profile}" (${context.roleArn ?? 'no role'}).`,
      {
        resolution: 'Wait for the next code on your MFA device and try again.',
      },
    );
  }
  switch (code) {
    case 'AccessDenied':
    case 'AccessDeniedException': {
      const conditions = [
        context.externalId ? 'the external id' : 'an external id condition',
        context.mfa ? 'the MFA device and code' : 'an MFA condition',
      ].join(' and ');
      // Setting a source identity is its own permission, on both sides of the trust.
      const actions = context.sourceIdentity ? 'sts:AssumeRole and sts:SetSourceIdentity (source_identity is set)' : 'sts:AssumeRole';
      return new ToolError('AccessDenied', `STS denied ${who} to ${context.action}: ${message || 'access denied'}.`, {
        resolution: `Check the role's trust policy (its principal must be the source account), ${conditions}, and that the source user may call ${actions} on the role.`,
      });
    }
    case 'InvalidClientTokenId':
    case 'SignatureDoesNotMatch':
    case 'IncompleteSignature':
    case 'UnrecognizedClientException':
      return new ToolError('InvalidSourceCredentials', `STS rejected ${who} (${code}) when trying to ${context.action}.`, {
        resolution:
          'Check aws_access_key_id and aws_secret_access_key in your credentials file (for keys in the vault: "amplify-aws-roles keys list"); the keys may have been deactivated or rotated.',
      });
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'TokenRefreshRequired':
      return new ToolError(
        'ExpiredSourceCredentials',
        `${who[0].toUpperCase()}${who.slice(1)} have expired (${code}), so STS cannot ${context.action}.`,
        {
          resolution: 'Refresh the source credentials (new session token or keys) and try again.',
        },
      );
    case 'NoSuchEntity':
    case 'NoSuchEntityException':
      return new ToolError(
        'UnknownRole',
        `The role ${context.roleArn ?? ''} of profile "${context.profile}" does not exist (${message}).`,
        {
          resolution: 'Check role_arn in your config file against the role Biz Corp created.',
        },
      );
    case 'ValidationError':
      if (/MaxSessionDuration/.test(message)) return aboveRoleMaximum(context);
      if (/role chaining/.test(message)) {
        return new ToolError(
          'ChainedSessionTooLong',
          `STS refused to ${context.action} for ${context.durationSeconds ?? 'more than 3600'} s: AWS limits role sessions assumed with temporary credentials (role chaining) to one hour.`,
          {
            resolution: `Set duration_seconds = 3600 (or less) in profile "${context.profile}".`,
          },
        );
      }
    // falls through: any other ValidationError is a request STS refused as malformed
    case 'MalformedPolicyDocument':
      return new ToolError('InvalidStsRequest', `STS refused the request to ${context.action}: ${message}.`, {
        resolution: 'Check role_arn, role_session_name, duration_seconds and external_id of the profile.',
      });
    case 'Throttling':
    case 'ThrottlingException':
    case 'TooManyRequestsException':
    case 'RequestLimitExceeded':
      return new ToolError('StsThrottled', `STS kept throttling the request to ${context.action}, even after retries with backoff.`, {
        resolution: 'Wait a minute and try again.',
      });
    case 'RegionDisabledException':
      return new ToolError('StsRegionDisabled', `STS is not activated in the region used to ${context.action}: ${message}.`, {
        resolution: 'Set region in the profile to an activated region, or activate STS in that region.',
      });
    default: {
      const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
      const detail =
        status && status >= 500
          ? `the STS endpoint ${context.endpoint} answered HTTP ${status}`
          : `${code}${message ? `: ${message}` : ''}`;
      return new ToolError('StsError', `Could not ${context.action}: ${detail}.`, {
        resolution: status && status >= 500 ? 'STS had a server error; try again shortly.' : undefined,
      });
    }
  }
}
