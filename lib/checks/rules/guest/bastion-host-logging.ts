import { CfnResource, Stack } from 'aws-cdk-lib';
import { agentConfigNamed, associationsFor, collectList, GuestResourceType, parameterText, reaches } from '../../private/guest-resources';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { BASTION_TAG, LINUX_AUTH_LOG_PATHS, SSHD_LOG_LEVEL } from '../../../requirements/guest-logs';
import { BastionLogging } from '../../../sources';

/**
 * HP-B2 (bastion / jump hosts): every EC2 instance or Auto Scaling group
 * tagged `SecurityLogRole=bastion` is reached (by tag or instance id) by
 *
 * - an `AWS-RunShellScript` association that sets sshd `LogLevel VERBOSE`, so
 *   login attempts carry the user name and key fingerprint, and
 * - an `AmazonCloudWatch-ManageAgent` association whose configuration (an
 *   `AmazonCloudWatch-…` parameter of the app) collects the authentication log
 *   (`/var/log/secure` or `/var/log/auth.log`).
 *
 * Associations in any stack of the app count when they are in the host's
 * account and region. Untagged instances are not judged.
 */
export const bastionHostLogging: LogCollectionRule = {
  name: 'bastion-host-logging',
  requirementIds: fixedRequirements('HP-B2'),
  idSuffix: 'Bastion',
  resourceTypes: [GuestResourceType.INSTANCE, GuestResourceType.AUTO_SCALING_GROUP],
  fixedBy: [BastionLogging.IMPLEMENTS.construct],
  summary:
    `Every instance or Auto Scaling group tagged ${BASTION_TAG.key}=${BASTION_TAG.value} is reached by a State Manager association that ` +
    `sets sshd LogLevel ${SSHD_LOG_LEVEL} and one that applies a CloudWatch agent configuration collecting its authentication log.`,
  check(host: CfnResource, context: RuleContext): RuleOutcome {
    const path = host.node.path;
    const tags = context.index.tagsOf(host);
    if (tags[BASTION_TAG.key] !== BASTION_TAG.value) {
      return outcome.notApplicable(`${path} is not tagged ${BASTION_TAG.key}=${BASTION_TAG.value}.`);
    }
    const stack = Stack.of(host);
    const reaching = associationsFor(context.index, stack).filter((a) => reaches(a, host, tags));
    const sshd = reaching.filter((a) => a.document === 'AWS-RunShellScript'
      && parameterText(a, 'commands').some((c) => c.includes(`LogLevel ${SSHD_LOG_LEVEL}`)));
    const agent = reaching.filter((a) => a.document === 'AmazonCloudWatch-ManageAgent').filter((a) => {
      const location = parameterText(a, 'optionalConfigurationLocation')[0];
      const files = collectList(location ? agentConfigNamed(context.index, stack, location) : undefined, 'files');
      return files.some((f) => LINUX_AUTH_LOG_PATHS.includes(String(f.file_path)));
    });
    const missing = [
      sshd.length === 0 ? `an AWS-RunShellScript association setting sshd LogLevel ${SSHD_LOG_LEVEL} (without it sshd logs no key fingerprint)` : '',
      agent.length === 0 ? `an AmazonCloudWatch-ManageAgent association whose configuration collects ${LINUX_AUTH_LOG_PATHS.join(' or ')}` : '',
    ].filter((m) => m !== '');
    if (missing.length > 0) {
      return outcome.nonCompliant(`Bastion ${path} is not reached by ${missing.join(', nor by ')}, so its login attempts are not collected.`);
    }
    return outcome.compliant(
      `Bastion ${path} has sshd LogLevel ${SSHD_LOG_LEVEL} (${sshd[0].resource.node.path}) and its authentication log collected (${agent[0].resource.node.path}).`);
  },
};
