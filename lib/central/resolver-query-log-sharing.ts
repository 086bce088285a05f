import { CfnOutput, CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ram from 'aws-cdk-lib/aws-ram';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { Construct } from 'constructs';
import { CentralLogTargets, LogFamily, RegionalLogKind } from './targets';
import { VendedLogLanding } from './vended-log-landing';

const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ARN = /^arn:aws[a-z-]*:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/;
const OU_ARN = /^arn:aws[a-z-]*:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/;
const CONFIG_NAME = /^(?!\d+$)[a-zA-Z0-9\-_ ']{1,64}$/;

/** Props for {@link ResolverQueryLogSharing}. */
export interface ResolverQueryLogSharingProps {
  /** The central log account (this construct's stack must be in it). */
  readonly central: CentralLogTargets;
  /**
   * Who may associate VPCs with the configuration, by AWS RAM: the
   * organisation's ARN (`arn:aws:organizations::<management account>:organization/o-…`),
   * organisational unit ARNs (`…:ou/o-…/ou-…`) or 12-digit account ids.
   * Sharing with the organisation or an OU needs RAM sharing with AWS
   * Organizations enabled in the management account; accounts outside the
   * organisation are never admitted (`AllowExternalPrincipals` false).
   */
  readonly sharePrincipals: string[];
  /**
   * The region-local landing bucket the configuration writes to
   * (a {@link VendedLogLanding} of kind DNS_QUERY in this stack's region).
   *
   * @default - the archive's DNS_QUERY landing bucket; only in the archive's region
   */
  readonly landing?: VendedLogLanding;
  /**
   * Name of the configuration (1 to 64 letters, digits, spaces, `-`, `_` or `'`, not only digits).
   *
   * @default '<prefix>-dns-query-<region>'
   */
  readonly configName?: string;
}

/**
 * The one central Route 53 Resolver query logging configuration of a region
 * (HP-B3), owned by the central log account and shared with the organisation
 * by AWS RAM, so that workload accounts associate their VPCs with it
 * (`DnsQueryLogging` with `resolverQueryLogConfigId`). A configuration logs
 * only VPCs of its own region, its destination must be in that region and
 * belong to the configuration's account, and RAM sharing lets other accounts
 * associate VPCs
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_CreateResolverQueryLogConfig.html,
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logging-configurations-managing.html;
 * the ownership rule is as the research notes read that page). Make one per region that has VPCs, in
 * a central-account stack of that region: in the archive's region it writes
 * to the archive's DNS_QUERY landing bucket; elsewhere to a
 * {@link VendedLogLanding} of that region, which replicates into the vault.
 *
 * The configuration id (`rqlc-…`) is known only once deployed: it is a
 * stack output (`ResolverQueryLogConfigId` under this construct); pass it to the workloads'
 * `DnsQueryLogging` / `WorkloadLogCollection` (`resolverQueryLogConfigId`).
 *
 * @example
 * new ResolverQueryLogSharing(centralStackInEuWest1, 'DnsQueryLogs', {
 *   central: archive.targets,
 *   landing: dnsLandingInEuWest1,
 *   sharePrincipals: ['arn:aws:organizations::555555555555:organization/o-a1b2c3d4e5'],
 * });
 */
export class ResolverQueryLogSharing extends Construct {
  /** The query logging configuration. */
  public readonly queryLogConfig: route53resolver.CfnResolverQueryLoggingConfig;
  /** Its id (`rqlc-…`, a token until deployed; the stack output carries it). */
  public readonly resolverQueryLogConfigId: string;
  /** The RAM share that offers it to the organisation. */
  public readonly resourceShare: ram.CfnResourceShare;
  /** ARN of the bucket the query logs are delivered to. */
  public readonly destinationArn: string;
  /** The region whose VPCs the configuration can log. */
  public readonly region: string;

  constructor(scope: Construct, id: string, props: ResolverQueryLogSharingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const central = props.central;
    if (Token.isUnresolved(stack.region) || Token.isUnresolved(stack.account)) {
      throw new Error(`ResolverQueryLogSharing needs a stack with a concrete account and region (stack '${stack.stackName}'): ` +
        'a query logging configuration logs only VPCs of its own region; set env: { account, region }.');
    }
    if (stack.account !== central.accountId) {
      throw new Error(`ResolverQueryLogSharing is in account ${stack.account}, not the central log account ${central.accountId}: ` +
        'the configuration must be owned by the account that owns its destination bucket; place it in a central-account stack of the region.');
    }
    this.region = stack.region;
    if (props.landing) {
      if (props.landing.region !== this.region) {
        throw new Error(`landing ${props.landing.node.path} is in ${props.landing.region}, but ResolverQueryLogSharing is in ${this.region}: ` +
          'a query logging configuration writes only to a destination in its own region; pass a VendedLogLanding of this region.');
      }
      if (props.landing.kind !== RegionalLogKind.DNS_QUERY) {
        throw new Error(`landing ${props.landing.node.path} is for RegionalLogKind.${kindName(props.landing.kind)}; ` +
          'pass a VendedLogLanding with kind: RegionalLogKind.DNS_QUERY.');
      }
      this.destinationArn = props.landing.bucketArn;
    } else if (this.region === central.region) {
      this.destinationArn = central.bucketArn(LogFamily.DNS_QUERY);
    } else {
      throw new Error(`ResolverQueryLogSharing in ${this.region} has no landing, and the archive's DNS_QUERY bucket is in ${central.region}: ` +
        'a query logging configuration writes only to a destination in its own region; pass landing: a VendedLogLanding ' +
        `(kind RegionalLogKind.DNS_QUERY) of ${this.region}.`);
    }
    const principals = validateSharePrincipals(props.sharePrincipals);
    const name = props.configName ?? `${central.namePrefix}-dns-query-${this.region}`;
    if (!Token.isUnresolved(name) && !CONFIG_NAME.test(name)) {
      throw new Error(`configName '${name}' is not a valid query logging configuration name; use 1 to 64 letters, digits, ` +
        "spaces, '-', '_' or \"'\", and not only digits.");
    }

    this.queryLogConfig = new route53resolver.CfnResolverQueryLoggingConfig(this, 'Config', { name, destinationArn: this.destinationArn });
    // Vended delivery checks the bucket (and key) policy when the configuration is created.
    const landingPolicy = props.landing?.bucket.policy?.node.defaultChild as CfnResource | undefined;
    if (landingPolicy && Stack.of(landingPolicy) === stack) {
      this.queryLogConfig.node.addDependency(landingPolicy);
    }
    this.resolverQueryLogConfigId = this.queryLogConfig.attrId;
    this.resourceShare = new ram.CfnResourceShare(this, 'Share', {
      name,
      resourceArns: [this.queryLogConfig.attrArn],
      principals,
      allowExternalPrincipals: false,
    });
    new CfnOutput(this, 'ResolverQueryLogConfigId', {
      value: this.queryLogConfig.attrId,
      description: `Resolver query logging configuration of ${this.region}, shared by RAM: pass it as resolverQueryLogConfigId ` +
        'to DnsQueryLogging or WorkloadLogCollection in workload stacks of this region',
    });
  }
}

/** Each principal must be an organisation ARN, an OU ARN or an account id; at least one. */
function validateSharePrincipals(values: string[]): string[] {
  if (values.length === 0) {
    throw new Error('sharePrincipals is empty: nobody could associate VPCs with the configuration; pass the organisation ARN ' +
      "('arn:aws:organizations::<management account>:organization/o-...'), OU ARNs or account ids.");
  }
  values.forEach((v, i) => {
    if (!Token.isUnresolved(v) && !ACCOUNT_ID.test(v) && !ORGANIZATION_ARN.test(v) && !OU_ARN.test(v)) {
      throw new Error(`sharePrincipals[${i}] '${v}' is not an organisation ARN, an OU ARN or a 12-digit account id; use for example ` +
        "'arn:aws:organizations::555555555555:organization/o-a1b2c3d4e5' or '222222222222'.");
    }
  });
  return values;
}

function kindName(kind: RegionalLogKind): string {
  return Object.entries(RegionalLogKind).find(([, v]) => v === kind)?.[0] ?? String(kind);
}
