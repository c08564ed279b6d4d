// infra/constructs: the one DynamoDB table, built from the shared definition
// (shared/adapters/dynamodb/table-definition.ts) that infra/local also creates, so the two cannot drift.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE } from '../../shared/adapters/dynamodb/table-definition.js';

export interface SignetTableProps {
  /** The customer-managed key that encrypts the table. */
  readonly encryptionKey: IKey;
  /** RETAIN also turns on deletion protection. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * On-demand, keys only (no secondary index: nothing queries one), TTL on `expiresAt`, a stream of new images (the
 * events forwarder's), point-in-time recovery, CMK encryption; in a retained stage, deletion
 * protection too, so neither a stack deletion nor a console click can drop it.
 *
 * @example
 * ```ts
 * const { table } = new SignetTable(this, 'Table', { encryptionKey, removalPolicy: RemovalPolicy.RETAIN });
 * ```
 */
class SignetTable extends Construct {
  public readonly table: Table;

  public constructor(scope: Construct, id: string, props: SignetTableProps) {
    super(scope, id);
    const retained = props.removalPolicy === RemovalPolicy.RETAIN;

    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE.ttlAttribute,
      stream: StreamViewType[TABLE.streamViewType],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      deletionProtection: retained,
      removalPolicy: props.removalPolicy,
    });
  }
}

export { SignetTable };
