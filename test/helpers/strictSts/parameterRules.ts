import { refusal, type StsRefusal } from './stsXml';

/**
 * Request parameters as the STS API reference constrains them (each action's "Request Parameters": length, range,
 * pattern). A violation is STS's ValidationError, worded as STS words it ("1 validation error detected: ...").
 */
interface ParameterRule {
  name: string;
  required?: boolean;
  length?: [number, number];
  range?: [number, number];
  pattern?: RegExp;
  /** The pattern as the reference prints it, for the message. */
  patternText?: string;
}

const ROLE_ARN: ParameterRule = { name: 'RoleArn', required: true, length: [20, 2048] };
const ROLE_SESSION_NAME: ParameterRule = {
  name: 'RoleSessionName',
  required: true,
  length: [2, 64],
  pattern: /^[\w+=,.@-]*$/,
  patternText: '[\\w+=,.@-]*',
};
const EXTERNAL_ID: ParameterRule = { name: 'ExternalId', length: [2, 1224], pattern: /^[\w+=,.@:/-]*$/, patternText: '[\\w+=,.@:\\/-]*' };
const SERIAL_NUMBER: ParameterRule = { name: 'SerialNumber', length: [9, 256], pattern: /^[\w+=/:,.@-]*$/, patternText: '[\\w+=/:,.@-]*' };
const TOKEN_CODE: ParameterRule = { name: 'TokenCode', length: [6, 6], pattern: /^\d*$/, patternText: '[\\d]*' };
const SOURCE_IDENTITY: ParameterRule = { name: 'SourceIdentity', length: [2, 64], pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' };

export const PARAMETER_RULES: Record<string, ParameterRule[]> = {
  AssumeRole: [
    ROLE_ARN,
    ROLE_SESSION_NAME,
    { name: 'DurationSeconds', range: [900, 43200] },
    EXTERNAL_ID,
    SERIAL_NUMBER,
    TOKEN_CODE,
    SOURCE_IDENTITY,
  ],
  GetSessionToken: [{ name: 'DurationSeconds', range: [900, 129600] }, SERIAL_NUMBER, TOKEN_CODE],
  AssumeRoleWithWebIdentity: [
    ROLE_ARN,
    ROLE_SESSION_NAME,
    { name: 'WebIdentityToken', required: true, length: [4, 20000] },
    { name: 'DurationSeconds', range: [900, 43200] },
  ],
};

function memberName(name: string): string {
  return name[0].toLowerCase() + name.slice(1);
}

function problem(rule: ParameterRule, value: string | undefined): string | undefined {
  const at = `at '${memberName(rule.name)}' failed to satisfy constraint: Member must`;
  if (value === undefined) return rule.required ? `Value null ${at} not be null` : undefined;
  if (rule.range) {
    const number = Number(value);
    if (!/^-?\d+$/.test(value)) return `Value '${value}' ${at} be an integer`;
    if (number < rule.range[0]) return `Value '${value}' ${at} have value greater than or equal to ${rule.range[0]}`;
    if (number > rule.range[1]) return `Value '${value}' ${at} have value less than or equal to ${rule.range[1]}`;
  }
  if (rule.length) {
    const length = [...value].length;
    if (length < rule.length[0]) return `Value '${value}' ${at} have length greater than or equal to ${rule.length[0]}`;
    if (length > rule.length[1]) return `Value '${value}' ${at} have length less than or equal to ${rule.length[1]}`;
  }
  if (rule.pattern && !rule.pattern.test(value)) return `Value '${value}' ${at} satisfy regular expression pattern: ${rule.patternText}`;
  return undefined;
}

/** STS's ValidationError for the action's parameters, or undefined when they all fit. */
export function parameterRefusal(action: string, params: Record<string, string>): StsRefusal | undefined {
  const problems = (PARAMETER_RULES[action] ?? [])
    .map((rule) => problem(rule, params[rule.name]))
    .filter((p): p is string => p !== undefined);
  if (problems.length === 0) return undefined;
  const count = `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected`;
  return refusal(400, 'ValidationError', `${count}: ${problems.join('; ')}`);
}
