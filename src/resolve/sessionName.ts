/** A valid RoleSessionName ([\w+=,.@-], 2-64 chars) that says where the session came from (visible in CloudTrail). */
export function generatedSessionName(now: Date): string {
  return `amplify-aws-roles-${Math.floor(now.getTime() / 1000)}`;
}
