import type { ProfileOrigin, ProfileSet, VaultLookup } from '../config/types';

/** What the planner reads: the merged profiles, the sso-session sections, and where each profile was defined. */
export interface PlanContext {
  profiles: ProfileSet;
  ssoSessions: ProfileSet;
  origins: Record<string, ProfileOrigin>;
  /** Which profiles keep their keys in the vault; asked only about profiles without credentials in the files. */
  vault?: VaultLookup;
}

export type { VaultLookup } from '../config/types';

/** `Profile "dev" (/home/me/.aws/config, line 4)`, or without the place when it is not known. */
export function profileAt(context: Pick<PlanContext, 'origins'>, name: string): string {
  const origin = Object.prototype.hasOwnProperty.call(context.origins, name) ? context.origins[name] : undefined;
  return origin ? `Profile "${name}" (${origin.file}, line ${origin.line})` : `Profile "${name}"`;
}
