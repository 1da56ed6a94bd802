import type { IncomingHttpHeaders } from 'node:http';
import type { IAMClient } from '@aws-sdk/client-iam';
import { identityPolicies, iamClient, mfaDevicesOf, roleFacts, type RoleFacts } from './motoIam';
import { OneTimeCodes } from './oneTimeCodes';
import { parameterRefusal } from './parameterRules';
import { identityAllows, trustAllows, trustNamesCaller, type RequestContext } from './policyEvaluation';
import { longTermKey, type LongTermKey, type Principal, type Session, type SessionOrigin } from './principals';
import type { StrictRule } from './rules';
import { type SigV4Header, signatureMatches } from './sigv4';
import {
  errorXml,
  getSessionTokenXml,
  newTemporaryCredentials,
  refusal,
  type StsRefusal,
  withExpiration,
  xmlText,
  type IssuedCredentials,
} from './stsXml';

/** One request as it reached the stand-in. */
export interface StsCall {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  action: string;
  params: Record<string, string>;
  auth?: SigV4Header;
}

/** What to send back: an answer of our own, or the call passed on to moto (as `actAs`, in `account`). */
export type Decision =
  | { answer: { status: number; body: string }; refused?: StsRefusal }
  | { forward: { actAs?: string; account?: string }; after?: (status: number, body: string) => string };

/** The walkthrough's and moto's default: IAM's default account. */
const DEFAULT_ACCOUNT = '123456789012';
/** AWS limits a role session assumed with temporary credentials to one hour (IAM user guide, "Role chaining"). */
export const ROLE_CHAINING_MAX_SECONDS = 3600;
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const INVALID_CODE = 'MultiFactorAuthentication failed with invalid MFA one time pass code. ';
const UNKNOWN_DEVICE =
  'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';

export class StsClock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
  /** Moves the clock forward to `time` (never back: STS's time does not run backwards). */
  advanceTo(time: Date): void {
    this.offsetMs += Math.max(0, time.getTime() - this.now().getTime());
  }
}

function refused(error: StsRefusal): Decision {
  return { answer: { status: error.status, body: errorXml(error) }, refused: error };
}

function notAuthorized(caller: Principal, roleArn: string): StsRefusal {
  return refusal(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
}

/** arn:aws:iam::ACCOUNT:role/PATH/NAME -> account and name. */
function roleOfArn(arn: string): { account: string; name: string } | undefined {
  const match = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
  return match ? { account: match[1], name: match[2] } : undefined;
}

/**
 * STS as the API reference and the IAM user guide describe it, in front of moto: who signed, the parameters, MFA
 * codes, the role as IAM holds it and its trust policy are checked here; what passes goes on to moto, whose answer
 * is then stamped with this stand-in's clock and remembered (the stand-in must know every session it handed out).
 */
export class StrictStsActions {
  readonly clock = new StsClock();
  readonly codes = new OneTimeCodes();
  readonly sessions = new Map<string, Session>();
  private readonly iamClients = new Map<string, IAMClient>();
  /** IAM's answer about each key, until the next IAM change passes through the stand-in (keys come and go by IAM only). */
  private readonly keys = new Map<string, Promise<LongTermKey | undefined>>();

  constructor(
    private readonly motoUrl: string,
    private readonly rulesOff: Set<StrictRule>,
  ) {}

  private on(rule: StrictRule): boolean {
    return !this.rulesOff.has(rule);
  }

  /** Stops enforcing `rule` until the returned function is called (to show which rule said no). */
  switchOff(rule: StrictRule): () => void {
    this.rulesOff.add(rule);
    return () => this.rulesOff.delete(rule);
  }

  iam(account: string): IAMClient {
    let client = this.iamClients.get(account);
    if (!client) this.iamClients.set(account, (client = iamClient(this.motoUrl, account)));
    return client;
  }

  /** An IAM call that may change users or keys went on to moto: what was learnt about keys may be stale. */
  iamChanged(): void {
    this.keys.clear();
  }

  private longTermKey(keyId: string): Promise<LongTermKey | undefined> {
    let known = this.keys.get(keyId);
    if (!known) this.keys.set(keyId, (known = longTermKey(this.motoUrl, keyId)));
    return known;
  }

  destroy(): void {
    for (const client of this.iamClients.values()) client.destroy();
    this.iamClients.clear();
  }

  async decide(call: StsCall): Promise<Decision> {
    const who = await this.caller(call);
    if (who && 'status' in who) return refused(who);
    const invalid = this.on('parameters') ? parameterRefusal(call.action, call.params) : undefined;
    if (invalid) return refused(invalid);
    switch (call.action) {
      case 'GetCallerIdentity':
        return who ? { forward: { actAs: who.motoKeyId } } : { forward: {} };
      case 'GetSessionToken':
        return this.getSessionToken(call, who);
      case 'AssumeRole':
        return this.assumeRole(call, who);
      case 'AssumeRoleWithWebIdentity':
        return this.assumeRoleWithWebIdentity(call);
      default:
        return { forward: who ? { actAs: who.motoKeyId } : {} };
    }
  }

  /** The principal behind the signing key, or STS's refusal; undefined for an unsigned call. */
  private async caller(call: StsCall): Promise<Principal | StsRefusal | undefined> {
    if (!call.auth) {
      if (call.action === 'AssumeRoleWithWebIdentity' || !this.on('signatures')) return undefined;
      return refusal(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    }
    const keyId = call.auth.accessKeyId;
    const strict = this.on('signatures');
    const session = this.sessions.get(keyId);
    if (session) {
      if (strict) {
        if (call.headers['x-amz-security-token'] !== session.credentials.sessionToken)
          return refusal(403, 'InvalidClientTokenId', INVALID_TOKEN);
        if (this.clock.now() >= session.credentials.expiration)
          return refusal(400, 'ExpiredToken', 'The security token included in the request is expired');
        if (!(await signatureMatches(call, call.auth, session.credentials))) return signatureMismatch();
      }
      return session.principal;
    }
    const key = await this.longTermKey(keyId);
    if (!strict)
      return (
        key?.principal ?? {
          arn: `arn:aws:iam::${DEFAULT_ACCOUNT}:user/moto`,
          account: DEFAULT_ACCOUNT,
          userId: keyId,
          motoKeyId: keyId,
          temporary: false,
        }
      );
    if (!key || key.status !== 'Active') return refusal(403, 'InvalidClientTokenId', INVALID_TOKEN);
    if (!(await signatureMatches(call, call.auth, { secretAccessKey: key.secretAccessKey }))) return signatureMismatch();
    return key.principal;
  }

  /** The MFA facts a valid SerialNumber/TokenCode pair proves now, or STS's refusal. Undefined when none was given. */
  private async proveMfa(
    caller: Principal | undefined,
    params: Record<string, string>,
  ): Promise<{ authTime: Date } | StsRefusal | undefined> {
    const { SerialNumber: serial, TokenCode: code } = params;
    if (serial === undefined && code === undefined) return undefined;
    const now = this.clock.now();
    if (!this.on('one-time-codes')) return { authTime: now };
    if (serial === undefined || code === undefined) return refusal(403, 'AccessDenied', INVALID_CODE);
    // The device must be one IAM assigned to the user making the call (a role session has no devices).
    const owned = caller?.userName ? await mfaDevicesOf(this.iam(caller.account), caller.userName) : [];
    if (!owned.includes(serial) || !this.codes.seedOf(serial)) return refusal(403, 'AccessDenied', UNKNOWN_DEVICE);
    const verdict = this.codes.verify(serial, code, now);
    return verdict === 'accepted' ? { authTime: now } : refusal(403, 'AccessDenied', INVALID_CODE);
  }

  private issue(credentials: IssuedCredentials, principal: Principal, durationSeconds: number): void {
    this.sessions.set(credentials.accessKeyId, { credentials, principal, durationSeconds });
  }

  private async getSessionToken(call: StsCall, caller: Principal | undefined): Promise<Decision> {
    if (caller?.temporary && this.on('session-token-from-temporary'))
      return refused(refusal(403, 'AccessDenied', 'Cannot call GetSessionToken with session credentials'));
    const mfa = await this.proveMfa(caller, call.params);
    if (mfa && 'status' in mfa) return refused(mfa);
    const durationSeconds = call.params.DurationSeconds ? Number(call.params.DurationSeconds) : 43200;
    const credentials = newTemporaryCredentials(new Date(this.clock.now().getTime() + durationSeconds * 1000));
    const user = caller ?? {
      arn: `arn:aws:iam::${DEFAULT_ACCOUNT}:user/moto`,
      account: DEFAULT_ACCOUNT,
      userId: 'AIDAMOTO',
      motoKeyId: call.auth?.accessKeyId ?? 'AKIAMOTO',
      temporary: false,
    };
    this.issue(
      credentials,
      { ...user, temporary: true, origin: 'GetSessionToken', ...(mfa ? { mfaAuthTime: mfa.authTime } : {}) },
      durationSeconds,
    );
    return { answer: { status: 200, body: getSessionTokenXml(credentials) } };
  }

  /** The request context AssumeRole's policies are evaluated in (IAM user guide, "AWS global condition context keys"). */
  private context(caller: Principal, params: Record<string, string>, mfaNow: { authTime: Date } | undefined): RequestContext {
    const context: RequestContext = new Map([
      ['aws:PrincipalArn', caller.roleArn ?? caller.arn],
      ['aws:PrincipalAccount', caller.account],
    ]);
    if (params.ExternalId !== undefined) context.set('sts:ExternalId', params.ExternalId);
    if (params.SourceIdentity !== undefined) context.set('sts:SourceIdentity', params.SourceIdentity);
    const authTime = mfaNow?.authTime ?? caller.mfaAuthTime;
    // aws:MultiFactorAuthPresent is absent for long-term keys without MFA, false for a session made without it.
    if (authTime) {
      context.set('aws:MultiFactorAuthPresent', 'true');
      context.set('aws:MultiFactorAuthAge', String(Math.floor((this.clock.now().getTime() - authTime.getTime()) / 1000)));
    } else if (caller.temporary) {
      context.set('aws:MultiFactorAuthPresent', 'false');
    }
    return context;
  }

  private async callerPolicies(caller: Principal): Promise<string[]> {
    const iam = this.iam(caller.account);
    if (caller.roleArn) return identityPolicies(iam, { role: roleOfArn(caller.roleArn)!.name });
    return caller.userName ? identityPolicies(iam, { user: caller.userName }) : [];
  }

  private async assumeRole(call: StsCall, signer: Principal | undefined): Promise<Decision> {
    const { RoleArn: roleArn } = call.params;
    const caller = signer ?? {
      arn: `arn:aws:iam::${DEFAULT_ACCOUNT}:user/moto`,
      account: DEFAULT_ACCOUNT,
      userId: 'AIDAMOTO',
      motoKeyId: 'AKIAMOTO',
      temporary: false,
    };
    const mfa = await this.proveMfa(caller, call.params);
    if (mfa && 'status' in mfa) return refused(mfa);
    const target = roleOfArn(roleArn);
    const role: RoleFacts | undefined = target ? await roleFacts(this.iam(target.account), target.name) : undefined;
    if (!role && this.on('role-exists')) return refused(notAuthorized(caller, roleArn));
    const context = this.context(caller, call.params, mfa);
    // Setting a source identity is an action of its own, which the trust policy and the caller's policies must allow too.
    const actions = call.params.SourceIdentity !== undefined ? ['sts:AssumeRole', 'sts:SetSourceIdentity'] : ['sts:AssumeRole'];
    if (role && this.on('trust-policy') && !actions.every((action) => trustAllows(role.trustPolicy, caller, action, context)))
      return refused(notAuthorized(caller, roleArn));
    // Across accounts both sides must agree; within one, a trust policy that names the caller itself is enough.
    const trustAlone = role !== undefined && target!.account === caller.account && trustNamesCaller(role.trustPolicy, caller);
    if (this.on('caller-policy') && !trustAlone) {
      const policies = await this.callerPolicies(caller);
      if (!actions.every((action) => identityAllows(policies, action, roleArn, context))) return refused(notAuthorized(caller, roleArn));
    }
    const durationSeconds = call.params.DurationSeconds ? Number(call.params.DurationSeconds) : 3600;
    if (caller.temporary && durationSeconds > ROLE_CHAINING_MAX_SECONDS && this.on('role-chaining')) {
      return refused(
        refusal(
          400,
          'ValidationError',
          'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
        ),
      );
    }
    if (role && durationSeconds > role.maxSessionDuration && this.on('max-session-duration')) {
      return refused(refusal(400, 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'));
    }
    const mfaAuthTime = mfa?.authTime ?? caller.mfaAuthTime;
    return {
      forward: { actAs: caller.motoKeyId },
      after: (status, body) => this.remember(status, body, { origin: 'AssumeRole', roleArn, durationSeconds, mfaAuthTime }),
    };
  }

  private async assumeRoleWithWebIdentity(call: StsCall): Promise<Decision> {
    const { RoleArn: roleArn } = call.params;
    const target = roleOfArn(roleArn);
    const role = target ? await roleFacts(this.iam(target.account), target.name) : undefined;
    if (!role && this.on('role-exists'))
      return refused(refusal(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'));
    const durationSeconds = call.params.DurationSeconds ? Number(call.params.DurationSeconds) : 3600;
    if (role && durationSeconds > role.maxSessionDuration && this.on('max-session-duration')) {
      return refused(refusal(400, 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'));
    }
    return {
      forward: {},
      after: (status, body) => this.remember(status, body, { origin: 'AssumeRoleWithWebIdentity', roleArn, durationSeconds }),
    };
  }

  /** moto's AssumeRole answer, stamped with this clock's expiry, and its session remembered as temporary. */
  remember(
    status: number,
    xml: string,
    facts: { origin: SessionOrigin; roleArn: string; durationSeconds: number; mfaAuthTime?: Date },
  ): string {
    if (status !== 200) return xml;
    const accessKeyId = xmlText(xml, 'AccessKeyId');
    const secretAccessKey = xmlText(xml, 'SecretAccessKey');
    const sessionToken = xmlText(xml, 'SessionToken');
    const arn = xmlText(xml, 'Arn');
    if (!accessKeyId || !secretAccessKey || !sessionToken || !arn) return xml;
    const expiration = new Date(this.clock.now().getTime() + facts.durationSeconds * 1000);
    const target = roleOfArn(facts.roleArn)!;
    const principal: Principal = {
      arn,
      account: target.account,
      userId: xmlText(xml, 'AssumedRoleId') ?? accessKeyId,
      roleArn: `arn:aws:iam::${target.account}:role/${target.name}`,
      motoKeyId: accessKeyId,
      temporary: true,
      origin: facts.origin,
      ...(facts.mfaAuthTime ? { mfaAuthTime: facts.mfaAuthTime } : {}),
    };
    this.issue({ accessKeyId, secretAccessKey, sessionToken, expiration }, principal, facts.durationSeconds);
    return withExpiration(xml, expiration);
  }
}

function signatureMismatch(): StsRefusal {
  return refusal(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  );
}
