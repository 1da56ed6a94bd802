import { chosenBy } from './profileChecks';
import type { CheckOutcome, DoctorFacts, DoctorRequest } from './types';

/**
 * Who chose the profile. Inside an Amplify project its environment does, from amplify/.config/local-env-info.json and
 * local-aws-info.json; when those cannot be read the doctor still checks AWS_PROFILE's profile (else "default"), and
 * this is the check that fails, naming the file.
 */
export function projectCheck(
  facts: Pick<DoctorFacts, 'profile' | 'profileChosenBy' | 'environment'>,
  request: Pick<DoctorRequest, 'projectError' | 'bridge'>,
): CheckOutcome {
  const error = request.projectError;
  if (error) return { status: 'fail', message: error.message, ...(error.resolution ? { fix: error.resolution } : {}) };
  switch (facts.profileChosenBy) {
    case 'project':
      return {
        status: 'pass',
        message: `This project's environment "${facts.environment}" selects ${request.bridge ? `[profile ${request.bridge}], the bridge to "${facts.profile}"` : `profile "${facts.profile}"`}.`,
      };
    case '--profile':
      return { status: 'pass', message: '--profile chose the profile.' };
    default:
      return { status: 'pass', message: `No Amplify environment selects a profile here: ${chosenBy(facts)}.` };
  }
}
