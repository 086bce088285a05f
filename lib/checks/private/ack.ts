import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CheckAcknowledgement } from '../check-result';

/**
 * The namespace `Validations.acknowledge()` records an id under when it is
 * written without one (`LogCollection-HP-E1` → `Annotation::LogCollection-HP-E1`).
 * `aws-cdk-lib` before 2.262.1 wrote it in lower case.
 */
const ANNOTATION_NAMESPACE = /^annotation::/i;

/**
 * Finds the acknowledgement that covers a rule on a construct: made on the
 * construct or any ancestor with `Validations.of(scope).acknowledge()`.
 *
 * Two forms are honoured:
 * - namespaced, `<plugin namespace>::<rule id>` (for this pack
 *   `LogCollection::LogCollection-HP-E1`): the form the CDK validation
 *   framework itself matches, listing the finding as suppressed with its reason;
 * - without a namespace, `LogCollection-HP-E1` (recorded by CDK as
 *   `Annotation::LogCollection-HP-E1`): the form cdk-nag documents. The
 *   framework does not match it to a plugin, so the pack marks the finding
 *   acknowledged itself.
 *
 * The closest namespaced acknowledgement wins (it is the one the framework
 * uses); an un-namespaced one is used only when there is no namespaced one.
 */
export function findAcknowledgement(construct: IConstruct, namespace: string, ruleId: string): CheckAcknowledgement | undefined {
  const namespacedId = `${namespace}::${ruleId}`;
  let fallback: CheckAcknowledgement | undefined;
  for (let current: IConstruct | undefined = construct; current; current = current.node.scope) {
    for (const entry of current.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data || typeof entry.data !== 'object') {
        continue;
      }
      for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        const text = typeof reason === 'string' ? reason : String(reason);
        if (id === namespacedId) {
          return { reason: text, acknowledgedId: id, acknowledgedAt: current.node.path, namespaced: true };
        }
        if (!fallback && ANNOTATION_NAMESPACE.test(id) && id.replace(ANNOTATION_NAMESPACE, '') === ruleId) {
          fallback = { reason: text, acknowledgedId: id, acknowledgedAt: current.node.path, namespaced: false };
        }
      }
    }
  }
  return fallback;
}
