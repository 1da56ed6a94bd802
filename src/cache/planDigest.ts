import type { CredentialChain } from '../plan/types';
import { fnv1a64Hex } from './fnv1a';

/**
 * What a cache entry is tied to: everything that decides where its credentials come from. The whole plan (base
 * provider with its credential_process command, SSO, web identity or source keys; every role with its external
 * id, MFA device, session name and duration) and the region its STS calls use. Edit any of them and the entry
 * no longer matches, so the next call resolves anew instead of serving the old configuration's keys.
 */
export interface PlanDigestInput {
  plan: CredentialChain;
  region?: string;
}

/** JSON with object keys sorted at every level: the same plan always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** "fnv1a64:<16 hex digits>": the prefix names the scheme, so another one can follow without mistaking old entries. */
export function planDigest(input: PlanDigestInput): string {
  return `fnv1a64:${fnv1a64Hex(canonicalJson({ v: 1, chain: input.plan.chain, profile: input.plan.profile, region: input.region ?? null }))}`;
}
