/**
 * Hosting platform requirements (seed 002), Enhanced tier: HP-E1..HP-E8.
 *
 * How the names were checked: see the comment at the top of `catalogue.ts`.
 */
import { SeedFile } from './seeds';
import { collectionRecord, PIPELINE_NEAREST_EQUIVALENT, pipelineCloudTrailEvents, pipelineEventBridgeEvents, pipelineEventBridgeSource } from './shared';
import { LogSourceName, Requirement, Verdict } from './types';

const SEED = SeedFile.HOSTING_PLATFORMS;

/**
 * VPC flow log fields for a custom format that carries HP-E1, in the order the
 * VPC documentation's "Available fields" table lists them (versions 2 to 5).
 */
const FLOW_LOG_FIELDS = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes',
  'start', 'end', 'action', 'log-status',
  'vpc-id', 'subnet-id', 'instance-id', 'tcp-flags', 'type', 'pkt-srcaddr', 'pkt-dstaddr',
  'region',
  'flow-direction', 'traffic-path',
];

/**
 * The flow log fields that carry the items the standard names for HP-E1:
 * client address (`srcaddr`), the firewall or router (`interface-id`, the
 * network interface whose security group or network ACL decided), the
 * response (`action`: ACCEPT or REJECT), the IP protocol, the destination
 * port and address. AWS's default format carries all of them; the rest of
 * `FLOW_LOG_FIELDS` is what this library recommends on top.
 */
const FLOW_LOG_REQUIRED_FIELDS = ['interface-id', 'srcaddr', 'dstaddr', 'dstport', 'protocol', 'action'];

/** HP-E1..HP-E8: the Enhanced tier. */
export const HOSTING_PLATFORM_ENHANCED: Requirement[] = [
  collectionRecord({
    id: 'HP-E1',
    title: 'Firewall log data for denied network traffic',
    seed: SEED,
    fields: [
      'Client IP address',
      'Firewall/router identifier',
      'Request response code',
      'Request content: IP protocol (for example, ICMP)',
      'Request content: destination/target port',
      'Request content: destination/target IP address',
      'Request content: destination/target hostname address (if reverse lookup performed)',
    ],
    awsSources: [
      {
        name: LogSourceName.VPC_FLOW_LOGS,
        fields: FLOW_LOG_FIELDS,
        requiredFields: FLOW_LOG_REQUIRED_FIELDS,
        notes:
          'requiredFields carry what the standard names, and the default format carries them; the other fields are recommended. ' +
          "Write the custom format in this order. The Enhanced tier keeps REJECT records (traffic type REJECT or action = 'REJECT'). " +
          'pkt-srcaddr and pkt-dstaddr give the original addresses behind NAT; interface-id, subnet-id and vpc-id identify the ' +
          "enforcement point (security group or network ACL). Optional fields not used: az-id, sublocation-*, pkt-*-aws-service, ecs-* and 'reject-reason'.",
      },
      {
        name: 'AWS Network Firewall alert and flow logs',
        notes: 'firewall_name identifies the firewall; alert records carry src_ip, dest_ip, dest_port, proto, the rule signature and action.',
      },
      {
        name: 'AWS WAF logs',
        fields: ['action', 'terminatingRuleId', 'webaclId', 'httpRequest.clientIp', 'httpRequest.httpMethod', 'httpRequest.uri', 'httpRequest.headers', 'responseCodeSent'],
        notes: 'BLOCK decisions at CloudFront, ALB and API Gateway, with the rule that blocked.',
      },
      {
        name: LogSourceName.RESOLVER_QUERY_LOGS,
        fields: ['firewall_rule_action', 'firewall_rule_group_id', 'firewall_domain_list_id', 'query_name', 'srcaddr'],
        notes: 'DNS Firewall BLOCK decisions.',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'Flow logs record every rejected flow with client address, protocol, destination port and address and the interface, ' +
      'subnet and VPC that rejected it, but not which rule (security group or network ACL) or a response code: at layer 4 ' +
      'a REJECT has none. Network Firewall and WAF logs add the rule and, for WAF, the response code sent. No AWS log performs ' +
      'reverse lookups: join destination addresses with the Resolver query logs downstream.',
  }),

  collectionRecord({
    id: 'HP-E2',
    title: 'Internal DNS namespace zone content',
    seed: SEED,
    fields: ['Internal domain name space content in an RFC 5936 (AXFR) compatible format, including all information described in the RFC'],
    cloudTrailEvents: [
      {
        eventSource: 'route53.amazonaws.com',
        eventNames: ['CreateHostedZone', 'DeleteHostedZone', 'ChangeResourceRecordSets', 'AssociateVPCWithHostedZone', 'DisassociateVPCFromHostedZone'],
      },
    ],
    awsSources: [
      { name: LogSourceName.CLOUDTRAIL, notes: 'Every change to a private hosted zone (records, VPC associations), with who made it.' },
      { name: 'Route 53 ListResourceRecordSets export', notes: 'A scheduled export of each private zone, written as an RFC 1035 master file.' },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'Route 53 does not support zone transfer (AXFR). The nearest equivalent is a scheduled export of every private hosted ' +
      'zone with ListResourceRecordSets, written in RFC 1035 master-file format (the text form AXFR carries), plus the ' +
      'CloudTrail record of every ChangeResourceRecordSets between exports. Alias records have no RFC equivalent: they are ' +
      "written as comments naming their target, with the target's records when the target is in the same zone.",
  }),

  collectionRecord({
    id: 'HP-E3',
    title: 'DHCP scopes (and the functional segmentation of each)',
    seed: SEED,
    fields: ['Machine-readable DHCP scope exports', 'Metadata/description of the purpose of each scope'],
    cloudTrailEvents: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventNames: [
          'CreateSubnet', 'DeleteSubnet', 'ModifySubnetAttribute',
          'CreateDhcpOptions', 'DeleteDhcpOptions', 'AssociateDhcpOptions',
          'CreateIpamPool', 'DeleteIpamPool',
        ],
      },
    ],
    awsSources: [
      { name: LogSourceName.CLOUDTRAIL, notes: 'Changes to subnets, DHCP option sets and IPAM pools.' },
      {
        name: 'AWS Config',
        notes: 'Configuration items for AWS::EC2::Subnet and AWS::EC2::DHCPOptions: a machine-readable, versioned export of every "scope".',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'VPCs have no DHCP scopes: a subnet (its CIDR) with the VPC\'s DHCP option set is the scope, and IPAM pools are the ' +
      'allocation plan. Both can be exported machine-readably (DescribeSubnets, DescribeDhcpOptions, AWS Config), but the ' +
      'purpose of each exists only if it is written in tags or descriptions: tag every subnet with its function.',
  }),

  collectionRecord({
    id: 'HP-E4',
    title: 'Endpoint protection security logs',
    seed: SEED,
    fields: ['Security log data as defined by the endpoint protection vendor'],
    eventBridgeDetailTypes: [
      { source: 'aws.guardduty', detailTypes: ['GuardDuty Finding'] },
      { source: 'aws.inspector2', detailTypes: ['Inspector2 Finding'] },
      { source: 'aws.securityhub', detailTypes: ['Security Hub Findings - Imported', 'Findings Imported V2'] },
    ],
    awsSources: [
      {
        name: LogSourceName.EVENTBRIDGE,
        notes:
          'GuardDuty findings (including Runtime Monitoring and Malware Protection), Inspector vulnerability findings, and ' +
          'Security Hub findings (CSPM in ASFF as "Security Hub Findings - Imported"; the newer Security Hub in OCSF as ' +
          '"Findings Imported V2"), which also aggregates third-party products that integrate with it.',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'AWS security services emit findings, not an endpoint agent\'s full security log. GuardDuty Runtime Monitoring and ' +
      'Malware Protection are the AWS-native endpoint protection; a third-party EDR agent\'s logs must be forwarded from the ' +
      'vendor (many integrate with Security Hub, whose findings are forwarded here).',
  }),

  collectionRecord({
    id: 'HP-E5',
    title: 'Windows security logs (NCSC Logging Made Easy)',
    seed: SEED,
    fields: ["Security-related logs, as defined by NCSC's Logging Made Easy template, from all end-user devices running Microsoft Windows"],
    awsSources: [
      {
        name: 'CloudWatch agent Windows event logs',
        fields: ['Security', 'System', 'Application', 'Microsoft-Windows-Sysmon/Operational', 'Microsoft-Windows-PowerShell/Operational'],
        notes:
          "Windows event log channels to collect with the agent's windows_events section; the event ids to keep come from the " +
          'Logging Made Easy template. Sysmon must be installed for its channel to exist.',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'Only Windows machines in AWS (EC2 instances, WorkSpaces) can ship their event logs through the CloudWatch agent. ' +
      'End-user devices outside AWS must forward with Logging Made Easy itself or the device management platform.',
    notes: 'The seed lost this item\'s heading; it is Enhanced item 5 of the hosting platforms file, and the title here is a description, not a quotation.',
  }),

  collectionRecord({
    id: 'HP-E6',
    title: 'Mobile device enrollment activity',
    seed: SEED,
    fields: [
      'Enrolment or un-enrolment event type',
      'End-user device identifier(s), such as client IP address and/or MAC address and/or assigned DHCP name',
      'End-user account name (if applicable)',
    ],
    awsSources: [],
    verdict: Verdict.NOT_POSSIBLE_ON_AWS,
    nearestEquivalent:
      'AWS offers no mobile device management service, so there is no enrolment event. Forward the MDM\'s own audit log ' +
      '(for example Intune or Jamf). For devices reaching AWS-hosted desktops, the EventBridge "WorkSpaces Access" event and ' +
      'Verified Access logs (with device trust context) record the device at each access, not its enrolment.',
  }),

  collectionRecord({
    id: 'HP-E7',
    title: 'VPN concentrator activity data',
    seed: SEED,
    fields: ['Success or unsuccessful status', 'User/certificate identifier', 'Client IP address', 'Concentrator identifier'],
    awsSources: [
      {
        name: 'Client VPN connection logs',
        fields: [
          'connection-log-type', 'connection-attempt-status', 'connection-attempt-failure-reason', 'connection-id',
          'client-vpn-endpoint-id', 'connection-start-time', 'connection-end-time', 'common-name', 'username', 'device-ip', 'client-ip', 'port',
        ],
        notes: 'device-ip is the client\'s public address; client-ip is the address Client VPN assigned. Logs go to CloudWatch Logs.',
      },
      { name: 'Site-to-Site VPN tunnel logs', notes: 'IKE and tunnel state per tunnel; there is no user in site-to-site VPN.' },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'Client VPN connection logs carry status, failure reason, certificate common name or user name, client address and ' +
      'endpoint id, but AWS documents that failed mutual (certificate) authentication attempts are not logged: use ' +
      'Active Directory or SAML authentication so that failures reach the identity provider\'s logs. Site-to-Site VPN logs ' +
      'tunnel state only.',
  }),

  collectionRecord({
    id: 'HP-E8',
    title: 'Pipeline events of the hosting platform',
    section: 'Pipeline events',
    seed: SEED,
    fields: ['Source identifier(s): user(s)', 'Source identifier(s): repository', 'Activity events: resource creation', 'Activity events: resource destruction'],
    cloudTrailEvents: pipelineCloudTrailEvents(),
    eventBridgeDetailTypes: pipelineEventBridgeEvents(),
    awsSources: [
      pipelineEventBridgeSource(),
      { name: LogSourceName.CLOUDTRAIL, notes: 'Who started, approved or changed pipelines, builds and stacks; OIDC role sessions of external pipelines.' },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent: PIPELINE_NEAREST_EQUIVALENT,
  }),
];
