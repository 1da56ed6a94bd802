/**
 * The part of IAM policy evaluation that AssumeRole needs (IAM user guide, "Policy evaluation logic" and "IAM JSON
 * policy elements"): statements whose Action covers the request, a Principal (trust policies) or Resource (identity
 * policies) that matches, and conditions on the request context. An explicit Deny wins; otherwise an Allow is needed.
 */

/** Who is asking, as IAM names the principal. */
export interface Caller {
  /** arn:aws:iam::ACCOUNT:user/NAME, or for a role session arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION. */
  arn: string;
  account: string;
  /** For a role session: the role's own ARN (arn:aws:iam::ACCOUNT:role/ROLE), which trust policies name. */
  roleArn?: string;
}

/** Context keys and their values for this request; a key that is absent is not in the map. */
export type RequestContext = Map<string, string>;

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Principal?: '*' | Record<string, string | string[]>;
  NotPrincipal?: unknown;
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | boolean | number | Array<string | boolean | number>>>;
}

function list<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** IAM's wildcards: * any run of characters, ? one character; case-insensitive for actions. */
function wildcard(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

function coversAction(statement: Statement, action: string): boolean {
  if (statement.NotAction !== undefined) return !list(statement.NotAction).some((a) => wildcard(a, action, true));
  return list(statement.Action).some((a) => wildcard(a, action, true));
}

/** A trust policy's AWS principal: "*", an account (id or :root: any principal of it), a user, or a role. */
function coversPrincipal(statement: Statement, caller: Caller): boolean {
  if (statement.NotPrincipal !== undefined) return false;
  if (statement.Principal === '*') return true;
  for (const principal of list(statement.Principal?.AWS)) {
    if (principal === '*') return true;
    if (principal === caller.account || principal === `arn:aws:iam::${caller.account}:root`) return true;
    if (principal === caller.arn || (caller.roleArn !== undefined && principal === caller.roleArn)) return true;
  }
  return false;
}

function coversResource(statement: Statement, resource: string): boolean {
  return list(statement.Resource).some((r) => wildcard(r, resource));
}

/** One condition operator over one key (IAM user guide, "Condition operators"); ...IfExists passes an absent key. */
function conditionHolds(operator: string, key: string, expected: Array<string | boolean | number>, context: RequestContext): boolean {
  const ifExists = operator.endsWith('IfExists');
  const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  const actual = [...context.entries()].find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1];
  if (base === 'Null') return expected.some((e) => String(e) === 'true') === (actual === undefined);
  if (actual === undefined) return ifExists;
  const wanted = expected.map(String);
  switch (base) {
    case 'StringEquals':
      return wanted.includes(actual);
    case 'StringNotEquals':
      return !wanted.includes(actual);
    case 'StringLike':
      return wanted.some((w) => wildcard(w, actual));
    case 'Bool':
      return wanted.some((w) => w.toLowerCase() === actual.toLowerCase());
    case 'NumericLessThan':
      return wanted.some((w) => Number(actual) < Number(w));
    case 'NumericLessThanEquals':
      return wanted.some((w) => Number(actual) <= Number(w));
    case 'NumericGreaterThan':
      return wanted.some((w) => Number(actual) > Number(w));
    case 'NumericGreaterThanEquals':
      return wanted.some((w) => Number(actual) >= Number(w));
    default:
      // An operator this evaluator does not know never holds: the stand-in errs on the side of saying no.
      return false;
  }
}

function conditionsHold(statement: Statement, context: RequestContext): boolean {
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [key, expected] of Object.entries(keys)) {
      if (!conditionHolds(operator, key, list(expected), context)) return false;
    }
  }
  return true;
}

function statements(document: string): Statement[] {
  try {
    return list((JSON.parse(document) as { Statement?: Statement | Statement[] }).Statement);
  } catch {
    return [];
  }
}

type Matcher = (statement: Statement) => boolean;

function decide(documents: string[], action: string, matches: Matcher, context: RequestContext): boolean {
  let allowed = false;
  for (const document of documents) {
    for (const statement of statements(document)) {
      if (!coversAction(statement, action) || !matches(statement) || !conditionsHold(statement, context)) continue;
      if (statement.Effect === 'Deny') return false;
      if (statement.Effect === 'Allow') allowed = true;
    }
  }
  return allowed;
}

/** The role's trust policy lets `caller` call `action` (sts:AssumeRole) in this request context. */
export function trustAllows(trustPolicy: string, caller: Caller, action: string, context: RequestContext): boolean {
  return decide([trustPolicy], action, (s) => coversPrincipal(s, caller), context);
}

/** The trust policy names the caller itself (not only its account): then, within one account, it alone suffices. */
export function trustNamesCaller(trustPolicy: string, caller: Caller): boolean {
  return statements(trustPolicy).some(
    (s) =>
      s.Effect === 'Allow' &&
      list(s.Principal === '*' ? undefined : s.Principal?.AWS).some((p) => p === caller.arn || p === caller.roleArn),
  );
}

/** The caller's own policies (identity-based) allow `action` on `resource`. */
export function identityAllows(policies: string[], action: string, resource: string, context: RequestContext): boolean {
  return decide(policies, action, (s) => coversResource(s, resource), context);
}
