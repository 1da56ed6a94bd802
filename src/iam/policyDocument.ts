/** The JSON shapes of IAM policy documents, as far as this tool writes them. */

export type StringOrList = string | string[];

export type Principal = '*' | Partial<Record<'AWS' | 'Service' | 'Federated' | 'CanonicalUser', StringOrList>>;

export type ConditionValue = string | boolean | number | Array<string | boolean | number>;

/** Operator (StringEquals, Bool, ...) -> condition key (sts:ExternalId, ...) -> value(s). */
export type ConditionBlock = Record<string, Record<string, ConditionValue>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Principal;
  NotPrincipal?: Principal;
  Action?: StringOrList;
  NotAction?: StringOrList;
  Resource?: StringOrList;
  NotResource?: StringOrList;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Id?: string;
  Statement: PolicyStatement[];
}

export const POLICY_VERSION = '2012-10-17';

/** How IAM counts a policy's size against its quotas: the JSON without whitespace. */
export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).replace(/\s/g, '').length;
}

/** Quotas (characters, whitespace not counted): a managed policy, and all inline policies of one role together. */
export const MANAGED_POLICY_MAX_SIZE = 6144;
export const ROLE_INLINE_POLICIES_MAX_SIZE = 10240;

/** The same document as IAM's JSON text, for files and for the IAM API. */
export function policyJson(document: PolicyDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The actions a policy's Allow statements name, in order, each once, as a summary line says them ("a and b"). */
export function describeAllowedActions(document: PolicyDocument): string {
  const actions = [...new Set(document.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action ?? []].flat()))];
  return actions.length > 1 ? `${actions.slice(0, -1).join(', ')} and ${actions[actions.length - 1]}` : (actions[0] ?? 'nothing');
}
