/**
 * The four files of the standard (`shared/seeds/`). Each requirement record
 * names the file it comes from in `Requirement.seed`.
 */
export enum SeedFile {
  /** Log collection for custom applications (CA-B1..CA-B3, CA-E1..CA-E2). */
  CUSTOM_APPLICATIONS = '000_61bf80266c6bc013.txt',
  /** Log collection for hosting platforms (HP-B1..HP-B7, HP-E1..HP-E8). */
  HOSTING_PLATFORMS = '002_938777f7f2d010ee.txt',
  /** Logging and monitoring policy: retention and protection of log data (LM-1..LM-6). */
  LOGGING_AND_MONITORING = '003_b7cad1972bc91fbf.txt',
  /** Privileged user logging and protective monitoring guide (PU-1..PU-4). */
  PRIVILEGED_USER_LOGGING = '004_d524e2439d280406.txt',
}
