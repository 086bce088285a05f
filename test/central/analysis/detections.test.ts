import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Parser } from 'node-sql-parser';
import { CentralLogTargets } from '../../../lib/central';
import { CloudTrailLayout } from '../../../lib/central/analysis/archive-analysis-props';
import { DetectionParameter } from '../../../lib/central/analysis/detection';
import { detectionCatalogue } from '../../../lib/central/analysis/detections';
import { CloudWatchSource } from '../../../lib/central/analysis/cloudwatch-tables';
import { archiveTables, CLOUDTRAIL_COLUMNS, columnNames, flowLogColumnName, TableSpec } from '../../../lib/central/analysis/tables';
import { VpcFlowLogging } from '../../../lib/sources';

const parser = new Parser();
const LOG_GROUPS = {
  [CloudWatchSource.EKS_AUDIT]: ['/aws/eks/platform/cluster'],
  [CloudWatchSource.API_ACCESS]: ['/aws/apigateway/access-logs/orders'],
  [CloudWatchSource.DATABASE_AUDIT]: ['/aws/rds/cluster/orders/audit'],
  [CloudWatchSource.OTHER]: ['/aws/clientvpn/remote'],
};
const TABLES = archiveTables({ cloudTrailLayout: CloudTrailLayout.ACCOUNT, flowLogExtraFields: [], logGroups: LOG_GROUPS });
const byName = new Map(TABLES.map((t) => [t.name, t]));

/** Every column reference of a query, as a dotted path (`useridentity.sessioncontext.sessionissuer.arn`). */
function columnPaths(ast: unknown): string[][] {
  const out: string[][] = [];
  const parts = (e: any): string[] => {
    if (typeof e === 'string') return [e];
    if (e?.type === 'binary_expr' && e.operator === '.') return [...parts(e.left), ...parts(e.right)];
    if (e?.type === 'default') return [String(e.value)];
    if (e?.expr) return parts(e.expr);
    return [];
  };
  const walk = (n: any) => {
    if (Array.isArray(n)) {
      n.forEach(walk);
    } else if (n && typeof n === 'object') {
      if (n.type === 'column_ref') {
        out.push([...(n.schema ? [n.schema] : []), ...(n.table ? [n.table] : []), ...parts(n.column)]);
      }
      Object.values(n).forEach(walk);
    }
  };
  walk(ast);
  return out;
}

/** Names the query defines itself: output aliases and UNNEST aliases. */
function aliases(sql: string): Set<string> {
  const names = new Set<string>();
  for (const m of sql.matchAll(/\bAS\s+([a-z_][a-z0-9_]*)(?:\(([a-z_]+)\))?/gi)) {
    names.add(m[1].toLowerCase());
    if (m[2]) names.add(m[2].toLowerCase());
  }
  return names;
}

function typeOf(table: TableSpec, column: string): string | undefined {
  return table.columns.find((c) => c.name === column)?.type ?? (columnNames(table).includes(column) ? 'string' : undefined);
}

/** The column paths of `sql` that `table` does not have. */
function unknownColumns(sql: string, table: TableSpec): string[] {
    const own = aliases(sql);
    const unknown: string[] = [];
    for (const path of columnPaths(parser.astify(sql, { database: 'trino' }))) {
      const [head, ...rest] = path[0] === table.name ? path.slice(1) : path;
      if (own.has(head.toLowerCase()) && !typeOf(table, head)) {
        if (head === 't' || head === 'e') {
          // UNNEST(logevents) AS t(e): e's fields are those of the array's element struct.
          const element = typeOf(table, 'logevents') ?? '';
          const field = rest[rest.length - 1];
          if (!element.includes(`${field}:`)) unknown.push(path.join('.'));
        }
        continue;
      }
      const type = typeOf(table, head);
      if (type === undefined || rest.some((f) => !type.includes(`${f}:`))) {
        unknown.push(path.join('.'));
      }
    }
    return unknown;
}

/**
 * The JSON paths a query reads from `e.message` that the table's source does not write: the first key of each
 * path must be one of the table's message fields (a table without message fields has text messages, so none).
 */
function unknownMessagePaths(sql: string, table: TableSpec): string[] {
  const fields = table.messageFields ?? [];
  const unknown: string[] = [];
  for (const m of sql.matchAll(/json_extract(?:_scalar)?\(e\.message, '([^']*)'\)/g)) {
    const path = m[1];
    const key = path.startsWith('$["') ? path.slice(3, path.indexOf('"]')) : path.slice(2).split('.')[0];
    if (!fields.includes(key)) unknown.push(path);
  }
  return unknown;
}

describe('detections', () => {
  const detections = detectionCatalogue();

  test('at least the issue\'s detections, each naming catalogue requirements', () => {
    expect(detections.length).toBeGreaterThanOrEqual(10);
    expect(new Set(detections.map((d) => d.name)).size).toBe(detections.length);
    expect(detections.flatMap((d) => d.requirementIds)).toEqual(expect.arrayContaining(['HP-B1', 'CA-B1', 'PU-3', 'HP-E1', 'HP-B3', 'CA-E1', 'CA-E2']));
  });

  test.each(detectionCatalogue().map((d) => [d.name, d] as const))('%s parses as Trino SQL', (_, d) => {
    expect(() => parser.astify(d.sql, { database: 'trino' })).not.toThrow();
  });

  test.each(detectionCatalogue().map((d) => [d.name, d] as const))('%s references only columns of its table', (_, d) => {
    const table = byName.get(d.table)!;
    expect(table).toBeDefined();
    expect(unknownColumns(d.sql, table)).toEqual([]);
    expect(unknownMessagePaths(d.sql, table)).toEqual([]);
  });

  test('every table has a detection, but the generic CloudWatch one', () => {
    const used = new Set(detections.map((d) => d.table));
    expect(TABLES.map((t) => t.name).filter((n) => !used.has(n))).toEqual(['cloudwatch_logs']);
  });

  test('the placeholders match the parameters', () => {
    for (const d of detections) {
      expect([d.name, (d.sql.match(/\?/g) ?? []).length]).toEqual([d.name, d.parameters.length]);
    }
    expect(detections.filter((d) => d.parameters.includes(DetectionParameter.VPC_ID)).map((d) => d.schedule)).toEqual(['ON_DEMAND']);
  });

  test('a detection over a CloudWatch source table only when the table exists', () => {
    const base = archiveTables({ cloudTrailLayout: CloudTrailLayout.ACCOUNT, flowLogExtraFields: [], logGroups: {} }).map((t) => t.name);
    expect(base).toEqual(['cloudtrail', 'vpc_flow', 'dns_query', 'security_events', 'identity_events', 'cognito_user_activity']);
    const tables = detectionCatalogue(base).map((d) => d.table);
    expect(tables).not.toEqual(expect.arrayContaining(['eks_audit']));
    expect(tables.filter((t) => !base.includes(t))).toEqual([]);
    expect(detectionCatalogue([...base, 'api_access']).filter((d) => d.table === 'api_access').length).toBe(2);
  });

  test('an unknown message field is caught (the check can fail)', () => {
    const sql = "SELECT json_extract_scalar(e.message, '$.nosuchkey') AS a, json_extract_scalar(e.message, '$[\"identity.sourceIp\"]') AS b, " +
      "json_extract_scalar(e.message, '$.verb') AS c FROM api_access CROSS JOIN UNNEST(logevents) AS t(e)";
    expect(unknownMessagePaths(sql, byName.get('api_access')!)).toEqual(['$.nosuchkey', '$.verb']);
    expect(unknownMessagePaths(sql, byName.get('database_audit')!)).toHaveLength(3);
  });

  test('an unknown column is caught (the check can fail)', () => {
    const sql = 'SELECT no_such_column, useridentity.nosuchfield, useridentity.arn AS who FROM cloudtrail WHERE year = ?';
    expect(unknownColumns(sql, byName.get('cloudtrail')!)).toEqual(['no_such_column', 'useridentity.nosuchfield']);
  });
});

describe('table schemas match what the library writes', () => {
  test('the flow log columns are the fields VpcFlowLogging writes, in its order', () => {
    const stack = new Stack(new App(), 'Workload', { env: { account: '222222222222', region: 'eu-west-2' } });
    const central = CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2' });
    const flowLogs = new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: [new ec2.Vpc(stack, 'Vpc')] });
    expect(byName.get('vpc_flow')!.columns.map((c) => c.name)).toEqual(flowLogs.fields.map(flowLogColumnName));
    const withExtra = new VpcFlowLogging(stack, 'More', { central, vpcs: [new ec2.Vpc(stack, 'Vpc2')], extraFields: ['pkt-srcaddr'] });
    const extraTable = archiveTables({ cloudTrailLayout: CloudTrailLayout.ACCOUNT, flowLogExtraFields: ['pkt-srcaddr'], logGroups: {} })
      .find((t) => t.name === 'vpc_flow')!;
    expect(extraTable.columns.map((c) => c.name)).toEqual(withExtra.fields.map(flowLogColumnName));
  });

  test('the CloudTrail table carries the record fields the detections and the standard rely on', () => {
    const names = CLOUDTRAIL_COLUMNS.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['eventtime', 'eventsource', 'eventname', 'useridentity', 'sourceipaddress',
      'errorcode', 'requestparameters', 'responseelements', 'readonly', 'recipientaccountid', 'eventcategory']));
  });

  test('the Resolver table has the query log fields, with vpc_id as its injected partition', () => {
    const dns = byName.get('dns_query')!;
    expect(columnNames(dns)).toEqual(expect.arrayContaining(['query_name', 'query_type', 'rcode', 'answers', 'srcaddr', 'vpc_id']));
    expect(dns.keyTemplate).toBe('AWSLogs/${account}/vpcdnsquerylogs/${vpc_id}/${year}/${month}/${day}/');
  });

  test('the Firehose tables follow the streams\' prefixes', () => {
    expect(byName.get('security_events')!.keyTemplate).toBe('events/${account}/${year}/${month}/${day}/');
    expect(byName.get('cloudwatch_logs')!.keyTemplate).toBe('cloudwatch/${account}/${region}/${log_group}/${year}/${month}/${day}/');
  });
});
