/**
 * Hosting platform requirements (seed 002): HP-B1..HP-B7 and HP-E1..HP-E8.
 *
 * How the names were checked: see the comment at the top of `catalogue.ts`.
 */
import { LibraryConstructName as C, SeedFile } from './seeds';
import { collectionRecord, PIPELINE_NEAREST_EQUIVALENT, pipelineCloudTrailEvents, pipelineEventBridgeEvents, pipelineEventBridgeSource, userDirectoryRecord } from './shared';
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

/** The JSON keys of a Route 53 Resolver query log record, as the Route 53 documentation lists them. */
const RESOLVER_QUERY_LOG_FIELDS = [
  'version', 'account_id', 'region', 'vpc_id', 'query_timestamp', 'query_name', 'query_type', 'query_class', 'rcode',
  'answers', 'srcaddr', 'srcport', 'transport', 'srcids', 'firewall_rule_action', 'firewall_rule_group_id', 'firewall_domain_list_id',
];

/** HP-B1..HP-B7: the Baseline tier. */
const BASELINE: Requirement[] = [
  userDirectoryRecord('HP-B1', SEED),

  collectionRecord({
    id: 'HP-B2',
    title: 'Bastion/Jump/Action-proxy services',
    seed: SEED,
    fields: [
      'SSH keypair generation/revocation: public key',
      "SSH keypair generation/revocation: keypair 'friendly name' / identifier",
      'Account login attempts: public key',
      'Account login attempts: username',
    ],
    cloudTrailEvents: [
      { eventSource: 'ec2.amazonaws.com', eventNames: ['CreateKeyPair', 'ImportKeyPair', 'DeleteKeyPair'] },
      { eventSource: 'ec2-instance-connect.amazonaws.com', eventNames: ['SendSSHPublicKey', 'SendSerialConsoleSSHPublicKey'] },
      { eventSource: 'ssm.amazonaws.com', eventNames: ['StartSession', 'ResumeSession', 'TerminateSession'] },
      { eventSource: 'iam.amazonaws.com', eventNames: ['UploadSSHPublicKey', 'UpdateSSHPublicKey', 'DeleteSSHPublicKey'] },
    ],
    awsSources: [
      {
        name: LogSourceName.CLOUDTRAIL,
        fields: ['requestParameters.keyName', 'responseElements.keyPairId', 'responseElements.keyFingerprint', 'requestParameters.instanceId', 'requestParameters.osUser', 'userIdentity', 'sourceIPAddress'],
        notes:
          'EC2 key pair events carry the key name, id and fingerprint. EC2 Instance Connect SendSSHPublicKey carries the OS user ' +
          'and the one-time public key. Session Manager sessions are IAM-authenticated (no SSH key); the IAM SSH public key ' +
          'events concern CodeCommit keys only.',
      },
      {
        name: 'Session Manager session logs',
        notes: 'Session transcripts to S3 or CloudWatch Logs, switched on in the Session Manager preferences document.',
      },
      {
        name: 'Guest SSH authentication log (CloudWatch agent)',
        fields: ['/var/log/secure', '/var/log/auth.log'],
        notes: 'sshd accepted and failed attempts with user name and key fingerprint, collected by the CloudWatch agent on the bastion.',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'Key pair creation and deletion are recorded with name, id and fingerprint, but not the public key of a key AWS ' +
      'generated: snapshot it with DescribeKeyPairs (IncludePublicKey) if it is needed. Failed SSH logins never reach an AWS ' +
      'API: they are only in the bastion\'s own sshd log (user name and key fingerprint, not the full key), which the CloudWatch ' +
      'agent must ship. Session Manager or EC2 Instance Connect in place of long-lived keys gives an API record of every login.',
    implementedBy: [C.AUDIT_TRAIL],
  }),

  collectionRecord({
    id: 'HP-B3',
    title: 'Domain name service query logs',
    seed: SEED,
    fields: [
      'Client IP address',
      'Query',
      'Query response content: returned record(s) or NXDOMAIN',
      'Query response content: authoritative nameserver',
      'Query response code',
      'Zone and/or view identifier (if local zone response and/or multiview)',
      'Also where nodes bypass internal DNS services',
    ],
    awsSources: [
      {
        name: LogSourceName.RESOLVER_QUERY_LOGS,
        fields: RESOLVER_QUERY_LOG_FIELDS,
        notes:
          'answers is a list of { Rdata, Type, Class }; rcode is the response code (NOERROR, NXDOMAIN, SERVFAIL ...); srcids names ' +
          'the instance or Resolver endpoint. The firewall_* keys appear only when DNS Firewall acted on the query.',
      },
      {
        name: LogSourceName.VPC_FLOW_LOGS,
        fields: ['srcaddr', 'dstaddr', 'dstport', 'protocol', 'action'],
        notes: 'Traffic to port 53 or 853 at an address other than the VPC resolver shows a node bypassing it (no query content).',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'Resolver query logs carry client address, query, answers or NXDOMAIN and response code, but not the authoritative ' +
      'nameserver, and no zone or view identifier for private hosted zone answers: enrich from the hosted zone configuration ' +
      '(ListHostedZonesByVPC) downstream. Queries that bypass the VPC resolver are not in them at all: VPC flow logs (or ' +
      'Network Firewall) on ports 53 and 853 show that they happened, and DNS Firewall or egress rules can stop them.',
    implementedBy: [C.DNS_QUERY_LOGGING],
  }),

  collectionRecord({
    id: 'HP-B4',
    title: 'Web proxy access logs',
    seed: SEED,
    fields: [
      'Authenticated user name (if applicable)',
      'Client identifiers: IP address',
      'Client identifiers: reverse lookup client name (if applicable)',
      'HTTP method (for example, CONNECT GET)',
      'Where available, full destination/target URL or SNI value',
      'Connection return status code (for example, 200 or 403)',
      'Size of response',
    ],
    awsSources: [
      {
        name: 'AWS Network Firewall alert logs',
        notes:
          'With HTTP and TLS rules, alert records carry the source and destination address, the HTTP host, URL and method or ' +
          'the TLS SNI of the matched request.',
      },
      {
        name: 'Proxy access log on EC2 (CloudWatch agent)',
        notes: 'A forward proxy such as Squid logs user, client address, method, URL, status and size; the CloudWatch agent ships it.',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'AWS has no generally available managed forward web proxy (the Network Firewall proxy feature is in preview and its log ' +
      'schema was not confirmed). Network Firewall logs give client address, host, URL or SNI and method for matched traffic ' +
      'but no authenticated user, and alerts are written on the request, so status code and response size are not reliably ' +
      'present. Where a proxy is required, run one (for example Squid on EC2) and ship its access log with the CloudWatch ' +
      'agent; reverse lookups come from joining with the Resolver query logs.',
  }),

  collectionRecord({
    id: 'HP-B5',
    title: 'Hypervisor events',
    seed: SEED,
    fields: [
      'Virtual machine creation (including templates): identifier(s)',
      'Virtual machine creation (including templates): operating system image information',
      "Virtual machine 'power' events: identifier(s)",
      "Virtual machine 'power' events: 'power' on",
      "Virtual machine 'power' events: 'power' off (including restart flag)",
      'Virtual machine deletion: identifier(s)',
      'Virtual machine resource modification events: CPU addition/removal',
      'Virtual machine resource modification events: RAM addition/removal',
      'Virtual machine resource modification events: networking addition/removal',
      'Virtual machine resource modification events: storage mount/dismount/resize',
    ],
    cloudTrailEvents: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventNames: [
          'RunInstances', 'CreateFleet', 'RequestSpotInstances',
          'CreateLaunchTemplate', 'CreateLaunchTemplateVersion', 'ModifyLaunchTemplate',
          'RegisterImage', 'CreateImage', 'CopyImage',
          'StartInstances', 'StopInstances', 'RebootInstances', 'TerminateInstances',
          'ModifyInstanceAttribute', 'ModifyInstanceCpuOptions',
          'AttachNetworkInterface', 'DetachNetworkInterface', 'ModifyNetworkInterfaceAttribute',
          'AssignPrivateIpAddresses', 'UnassignPrivateIpAddresses', 'AssignIpv6Addresses', 'UnassignIpv6Addresses',
          'CreateVolume', 'AttachVolume', 'DetachVolume', 'ModifyVolume', 'DeleteVolume',
        ],
      },
    ],
    eventBridgeDetailTypes: [
      { source: 'aws.ec2', detailTypes: ['EC2 Instance State-change Notification', 'EBS Volume Notification'] },
    ],
    awsSources: [
      {
        name: LogSourceName.CLOUDTRAIL,
        fields: ['requestParameters.instancesSet', 'requestParameters.imageId', 'requestParameters.instanceType', 'requestParameters.launchTemplate', 'responseElements.instancesSet', 'userIdentity'],
        notes: 'Every instruction to the EC2 hypervisor is an API call; RebootInstances is the restart flag.',
      },
      {
        name: LogSourceName.EVENTBRIDGE,
        fields: ['detail.instance-id', 'detail.state'],
        notes: 'State changes (pending, running, stopping, stopped, shutting-down, terminated) including those AWS makes itself.',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'All API instructions (create, start, stop, reboot, terminate, resize, attach and detach) are recorded. Image information ' +
      'is the AMI id only: resolve the operating system with DescribeImages or SSM Inventory downstream. A reboot made from ' +
      'inside the guest emits no event (only the guest log shows it), and mounting or unmounting a filesystem inside the guest ' +
      'is invisible to AWS: attach and detach of the volume are the hypervisor-level record.',
    implementedBy: [C.AUDIT_TRAIL, C.COMPUTE_EVENT_FORWARDING],
  }),

  collectionRecord({
    id: 'HP-B6',
    title: 'Orchestrator events',
    seed: SEED,
    fields: [
      'Resource creation (including templates): identifier(s)',
      'Resource creation (including templates): resource type',
      'Resource creation (including templates): operating system image information (if applicable)',
      "Container 'power' events: identifier(s)",
      "Container 'power' events: 'power' on",
      "Container 'power' events: 'power' off (including restart flag)",
      'Resource deletion: identifier(s)',
      'Resource modification events: identifier(s)',
    ],
    cloudTrailEvents: [
      {
        eventSource: 'eks.amazonaws.com',
        eventNames: [
          'CreateCluster', 'DeleteCluster', 'UpdateClusterConfig', 'UpdateClusterVersion',
          'CreateNodegroup', 'DeleteNodegroup', 'UpdateNodegroupConfig', 'UpdateNodegroupVersion',
          'CreateFargateProfile', 'DeleteFargateProfile', 'CreateAddon', 'UpdateAddon', 'DeleteAddon',
          'CreateAccessEntry', 'UpdateAccessEntry', 'DeleteAccessEntry', 'AssociateAccessPolicy', 'DisassociateAccessPolicy',
        ],
      },
      {
        eventSource: 'ecs.amazonaws.com',
        eventNames: [
          'CreateCluster', 'DeleteCluster', 'RegisterTaskDefinition', 'DeregisterTaskDefinition',
          'CreateService', 'UpdateService', 'DeleteService', 'RunTask', 'StartTask', 'StopTask',
        ],
      },
    ],
    eventBridgeDetailTypes: [{ source: 'aws.ecs', detailTypes: ['ECS Task State Change'] }],
    awsSources: [
      {
        name: LogSourceName.EKS_CONTROL_PLANE_LOGS,
        fields: ['api', 'audit', 'authenticator'],
        notes:
          "The log types that must be on. 'audit' records every create, update, patch and delete with objectRef, user.username, " +
          "sourceIPs and (at RequestResponse level) the request body with the pod image; 'authenticator' maps IAM principals to " +
          "Kubernetes users; 'api' is the API server log. The other two types, 'controllerManager' and 'scheduler', are optional: " +
          'useful for troubleshooting, not for the standard. All go to CloudWatch Logs only.',
      },
      { name: LogSourceName.CLOUDTRAIL, notes: 'EKS and ECS control-plane API calls (clusters, node groups, task definitions, services, tasks).' },
      {
        name: LogSourceName.EVENTBRIDGE,
        fields: ['detail.taskArn', 'detail.lastStatus', 'detail.desiredStatus', 'detail.stopCode', 'detail.stoppedReason', 'detail.containers'],
        notes: 'ECS task starts and stops, with each container image and exit code.',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'Creation, deletion and modification are recorded with id, type and image (EKS audit log, EKS and ECS API calls, ECS ' +
      'task state changes). Kubernetes container restarts inside a running pod have no audit event of their own: they show ' +
      'only as kubelet status patches (restartCount) in the audit log, in exported Kubernetes Events or in Container Insights. ' +
      'Other orchestrators (Cloud Foundry, self-managed Kubernetes) must forward their own audit logs.',
    implementedBy: [C.EKS_AUDIT_LOGGING, C.ORCHESTRATOR_EVENT_FORWARDING],
  }),

  collectionRecord({
    id: 'HP-B7',
    title: 'Allocation of IP address leases from DHCP services',
    seed: SEED,
    fields: [
      'Successful client DHCP requests: requesting client MAC address',
      'Successful client DHCP requests: DHCP scope identifier',
      'Successful client DHCP requests: IP address leased',
      'Successful client DHCP requests: IP address lease duration',
      'Unsuccessful client DHCP requests: requesting client MAC address',
      'Unsuccessful client DHCP requests: DHCP scope identifier (if applicable for unsuccessful request)',
    ],
    cloudTrailEvents: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventNames: [
          'RunInstances', 'CreateNetworkInterface', 'DeleteNetworkInterface',
          'AssignPrivateIpAddresses', 'UnassignPrivateIpAddresses', 'AssignIpv6Addresses', 'UnassignIpv6Addresses',
        ],
      },
    ],
    awsSources: [
      {
        name: LogSourceName.CLOUDTRAIL,
        fields: ['responseElements.networkInterface.macAddress', 'responseElements.networkInterface.privateIpAddress', 'responseElements.networkInterface.subnetId', 'errorCode'],
        notes: 'The address allocation record that stands in for a lease: MAC, IP and subnet (the scope).',
      },
      { name: 'AWS Config', notes: 'Configuration history of AWS::EC2::NetworkInterface: which MAC held which address when.' },
      { name: 'VPC IP Address Manager', notes: 'GetIpamAddressHistory answers "which resource held this IP at that time".' },
    ],
    verdict: Verdict.NOT_POSSIBLE_ON_AWS,
    nearestEquivalent:
      'The VPC DHCP service keeps no lease log and flow logs exclude DHCP traffic. IPv4 addresses are not leased but ' +
      'allocated to a network interface for its life, so the ENI allocation history is the substitute: CreateNetworkInterface, ' +
      'RunInstances and Assign*/Unassign* calls in CloudTrail (MAC, address, subnet as the scope), AWS Config ENI history and ' +
      'IPAM GetIpamAddressHistory. Lease duration is "life of the interface" for IPv4 and the DHCP option set\'s IPv6 preferred ' +
      'lease time. Failed requests appear only as errorCode InsufficientFreeAddressesInSubnet or PrivateIpAddressLimitExceeded ' +
      'on those calls, with the subnet but no MAC (no interface was made). EKS pod addresses come from the VPC CNI, whose ' +
      'ipamd log is on the node.',
  }),
];

/** HP-E1..HP-E8: the Enhanced tier. */
const ENHANCED: Requirement[] = [
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
        notes:
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
    implementedBy: [C.VPC_FLOW_LOGGING],
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
    implementedBy: [C.AUDIT_TRAIL, C.NETWORK_INVENTORY_EXPORT],
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
    implementedBy: [C.NETWORK_INVENTORY_EXPORT],
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
    implementedBy: [C.SECURITY_FINDING_FORWARDING],
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
    implementedBy: [C.CLIENT_VPN_CONNECTION_LOGGING],
  }),

  collectionRecord({
    id: 'HP-E8',
    title: 'Pipeline events',
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
    implementedBy: [C.AUDIT_TRAIL, C.PIPELINE_EVENT_FORWARDING],
  }),
];

/** The hosting platform records, in id order. */
export const HOSTING_PLATFORM_REQUIREMENTS: readonly Requirement[] = [...BASELINE, ...ENHANCED];
