import { REQUIREMENTS } from '../../requirements/catalogue';
import { LoggingProfile } from '../../requirements/types';

/** What the check reads of `LogCollectionChecksProps` (named here, so this file does not import the pack). */
export interface GateProps {
  readonly profile: LoggingProfile;
  readonly failOnNotMet?: boolean;
  readonly coverageReport?: boolean;
  readonly acceptedGaps?: { readonly [requirementId: string]: string };
}

/** The accepted gaps, checked: catalogue ids, each with a reason, and only with the gate on. */
export function validateAcceptedGaps(props: GateProps, gated: boolean): { readonly [requirementId: string]: string } {
  const gaps = props.acceptedGaps ?? {};
  const ids = Object.keys(gaps);
  if (ids.length > 0 && !gated) {
    const [why, fix] = props.failOnNotMet === false
      ? ['failOnNotMet is false', 'set failOnNotMet: true']
      : props.coverageReport === false
        ? ['coverageReport is false (the gate judges the coverage report)', 'remove coverageReport: false']
        : [`failOnNotMet is off (its default for LoggingProfile.${props.profile})`, 'set failOnNotMet: true'];
    throw new Error(`LogCollectionChecks acceptedGaps names ${ids.join(', ')}, but ${why}, so nothing would be gated; ${fix}, or remove acceptedGaps.`);
  }
  for (const id of ids) {
    if (!REQUIREMENTS.some((r) => r.id === id)) {
      throw new Error(
        `LogCollectionChecks acceptedGaps names '${id}', which is not a requirement id; use one of ${REQUIREMENTS.map((r) => r.id).join(', ')}.`,
      );
    }
    if (typeof gaps[id] !== 'string' || gaps[id].trim() === '') {
      throw new Error(`LogCollectionChecks acceptedGaps['${id}'] has no reason; give the reason the gap is accepted, as text.`);
    }
  }
  return { ...gaps };
}
