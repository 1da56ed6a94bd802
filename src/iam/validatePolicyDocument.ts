/**
 * A structural check of IAM policy grammar (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
 * It answers "would IAM parse this?", not "does it grant the right things": element names, value types, action
 * and ARN shapes, principals only in trust policies, resources only in identity policies, condition operators,
 * Sid characters and uniqueness. Problems come back as values, each naming the element's path.
 */

export type PolicyKind = 'identity' | 'trust';

export interface PolicyValidation {
  valid: boolean;
  problems: string[];
}

const TOP_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const CONDITION_OPERATORS = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
]);
/** Actions a role's trust policy may grant. */
const TRUST_ACTIONS = new Set([
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:SetContext',
]);

/** service:Action, either part may use * and ? wildcards; "*" alone is every action. */
const ACTION = /^(\*|[a-z0-9][a-z0-9-]*:[A-Za-z0-9*?]+)$/;
/** arn:partition:service:region:account:resource (region and account may be empty). */
const ARN =
  /^arn:(\*|aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):[a-z0-9*?-]+:[a-z0-9*?-]*:(\d{12}|\*|aws|)?:.+$/;
const ACCOUNT_ID = /^\d{12}$/;
const PRINCIPAL_ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):(iam::\d{12}:(root|user\/.+|role\/.+|federated-user\/.+)|sts::\d{12}:(assumed-role|federated-user)\/.+)$/;
const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.(amazonaws\.com|amazonaws\.com\.cn|aws\.internal)$/;
const CONDITION_KEY = /^[A-Za-z0-9-]+:[A-Za-z0-9_.:/${}-]+$/;
const SID = /^[A-Za-z0-9]*$/;

function describe(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** string | non-empty string[]; each string checked by `check` (which returns a problem or undefined). */
function checkStringOrList(value: unknown, where: string, problems: string[], check: (text: string) => string | undefined): void {
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (!items) {
    problems.push(`${where} must be a string or a list of strings, not ${describe(value)}.`);
    return;
  }
  if (items.length === 0) problems.push(`${where} must not be an empty list.`);
  items.forEach((item, index) => {
    const at = Array.isArray(value) ? `${where}[${index}]` : where;
    if (typeof item !== 'string') {
      problems.push(`${at} must be a string, not ${describe(item)}.`);
      return;
    }
    const problem = check(item);
    if (problem) problems.push(`${at} ${problem}`);
  });
}

function checkAction(kind: PolicyKind): (text: string) => string | undefined {
  return (text) => {
    if (!ACTION.test(text)) return `"${text}" is not "*" or service:Action (e.g. s3:GetObject, s3:Get*).`;
    if (kind === 'trust' && !TRUST_ACTIONS.has(text))
      return `"${text}" cannot be granted by a trust policy (only ${[...TRUST_ACTIONS].join(', ')}).`;
    return undefined;
  };
}

function checkResource(text: string): string | undefined {
  return text === '*' || ARN.test(text) ? undefined : `"${text}" is not "*" or an ARN (arn:partition:service:region:account:resource).`;
}

function checkPrincipal(value: unknown, where: string, problems: string[]): void {
  if (value === '*') return;
  if (!isRecord(value)) {
    problems.push(`${where} must be "*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"}, not ${describe(value)}.`);
    return;
  }
  if (Object.keys(value).length === 0) problems.push(`${where} must name at least one principal.`);
  for (const [type, principals] of Object.entries(value)) {
    if (!PRINCIPAL_TYPES.has(type)) {
      problems.push(`${where}.${type} is not a principal type (${[...PRINCIPAL_TYPES].join(', ')}).`);
      continue;
    }
    checkStringOrList(principals, `${where}.${type}`, problems, (text) => {
      if (type === 'AWS')
        return text === '*' || ACCOUNT_ID.test(text) || PRINCIPAL_ARN.test(text)
          ? undefined
          : `"${text}" is not "*", an account id or an IAM principal ARN.`;
      if (type === 'Service')
        return SERVICE_PRINCIPAL.test(text) ? undefined : `"${text}" is not a service principal (e.g. lambda.amazonaws.com).`;
      return text === '' ? 'must not be empty.' : undefined;
    });
  }
}

function checkCondition(value: unknown, where: string, problems: string[]): void {
  if (!isRecord(value) || Object.keys(value).length === 0) {
    problems.push(`${where} must be an object of operators, not ${describe(value)}.`);
    return;
  }
  for (const [operator, block] of Object.entries(value)) {
    const base = operator.replace(/^(ForAnyValue|ForAllValues):/, '').replace(/IfExists$/, '');
    if (!CONDITION_OPERATORS.has(base)) problems.push(`${where}: "${operator}" is not a condition operator.`);
    if (!isRecord(block) || Object.keys(block).length === 0) {
      problems.push(`${where}.${operator} must map condition keys to values, not ${describe(block)}.`);
      continue;
    }
    for (const [key, conditionValue] of Object.entries(block)) {
      const at = `${where}.${operator}["${key}"]`;
      if (!CONDITION_KEY.test(key)) problems.push(`${at}: "${key}" is not a condition key (service:Key, e.g. aws:MultiFactorAuthPresent).`);
      const values = Array.isArray(conditionValue) ? conditionValue : [conditionValue];
      if (values.length === 0) problems.push(`${at} must not be an empty list.`);
      for (const item of values) {
        if (!['string', 'boolean', 'number'].includes(typeof item)) {
          problems.push(`${at} values must be strings, booleans or numbers, not ${describe(item)}.`);
        } else if ((base === 'Bool' || base === 'Null') && !['true', 'false'].includes(String(item))) {
          problems.push(`${at}: ${base} takes "true" or "false", not ${describe(item)}.`);
        }
      }
    }
  }
}

function checkStatement(statement: unknown, where: string, kind: PolicyKind, problems: string[]): void {
  if (!isRecord(statement)) {
    problems.push(`${where} must be an object, not ${describe(statement)}.`);
    return;
  }
  for (const key of Object.keys(statement)) {
    if (!STATEMENT_ELEMENTS.has(key)) problems.push(`${where}.${key} is not a statement element.`);
  }
  if (statement.Sid !== undefined && (typeof statement.Sid !== 'string' || !SID.test(statement.Sid))) {
    problems.push(`${where}.Sid must contain only letters and digits, not ${describe(statement.Sid)}.`);
  }
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    problems.push(`${where}.Effect must be "Allow" or "Deny", not ${describe(statement.Effect)}.`);
  }

  const actionKeys = ['Action', 'NotAction'].filter((k) => k in statement);
  if (actionKeys.length !== 1) problems.push(`${where} must have exactly one of Action and NotAction.`);
  for (const key of actionKeys) checkStringOrList(statement[key], `${where}.${key}`, problems, checkAction(kind));

  const resourceKeys = ['Resource', 'NotResource'].filter((k) => k in statement);
  const principalKeys = ['Principal', 'NotPrincipal'].filter((k) => k in statement);
  if (kind === 'identity') {
    if (resourceKeys.length !== 1) problems.push(`${where} must have exactly one of Resource and NotResource.`);
    for (const key of principalKeys) problems.push(`${where}.${key} is not allowed in an identity-based policy.`);
  } else {
    if (principalKeys.length !== 1) problems.push(`${where} must have exactly one of Principal and NotPrincipal.`);
    for (const key of resourceKeys) problems.push(`${where}.${key} is not allowed in a trust policy.`);
  }
  for (const key of resourceKeys) checkStringOrList(statement[key], `${where}.${key}`, problems, checkResource);
  for (const key of principalKeys) checkPrincipal(statement[key], `${where}.${key}`, problems);
  if ('Condition' in statement) checkCondition(statement.Condition, `${where}.Condition`, problems);
}

/** Checks a policy document (an object, or its JSON text). `kind` decides whether Principal or Resource belongs. */
export function validatePolicyDocument(document: unknown, options: { kind?: PolicyKind } = {}): PolicyValidation {
  const kind = options.kind ?? 'identity';
  const problems: string[] = [];
  let doc = document;
  if (typeof document === 'string') {
    try {
      doc = JSON.parse(document);
    } catch (error) {
      return { valid: false, problems: [`The policy is not JSON: ${(error as Error).message}.`] };
    }
  }
  if (!isRecord(doc)) return { valid: false, problems: [`The policy must be a JSON object, not ${describe(doc)}.`] };
  for (const key of Object.keys(doc))
    if (!TOP_ELEMENTS.has(key)) problems.push(`${key} is not a top-level policy element (Version, Id, Statement).`);
  if (typeof doc.Version !== 'string' || !VERSIONS.has(doc.Version))
    problems.push(`Version must be "2012-10-17", not ${describe(doc.Version)}.`);
  if (doc.Id !== undefined && typeof doc.Id !== 'string') problems.push(`Id must be a string, not ${describe(doc.Id)}.`);
  const statements = Array.isArray(doc.Statement) ? doc.Statement : isRecord(doc.Statement) ? [doc.Statement] : undefined;
  if (!statements || statements.length === 0) {
    problems.push(`Statement must be a non-empty list of statements, not ${describe(doc.Statement)}.`);
  } else {
    const label = (i: number) => (Array.isArray(doc.Statement) ? `Statement[${i}]` : 'Statement');
    statements.forEach((statement, i) => checkStatement(statement, label(i), kind, problems));
    const sids = statements
      .map((s) => (isRecord(s) && typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : undefined))
      .filter((s): s is string => !!s);
    for (const sid of new Set(sids.filter((s, i) => sids.indexOf(s) !== i)))
      problems.push(`Sid "${sid}" is used by more than one statement.`);
  }
  return { valid: problems.length === 0, problems };
}
