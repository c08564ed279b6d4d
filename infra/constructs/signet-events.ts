// infra/constructs: lifecycle events in AWS: the stage's EventBridge bus (`signet-<stage>`), and the events
// forwarder wired to the table's stream: a filtered event source mapping (new outbox items only), partial
// batch failures, an encrypted TLS-only queue for the batches it gives up on, and alarms on both.
import { Duration, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { EventSourceMapping, FilterCriteria, StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OUTBOX_STREAM_FILTER } from '../../shared/adapters/dynamodb/dynamodb-event-outbox.js';
import type { StageName } from '../../shared/config/settings.js';
import type { SignetAlarms } from './alarms.js';

/** The bus of a stage. */
const eventBusName = (stage: StageName): string => `signet-${stage}`;

/** Records per invocation: one PutEvents call (EventBridge takes ten entries at most). */
const BATCH_SIZE = 10;
/** Tries of a failing batch before its record range goes to the failures queue. */
const RETRY_ATTEMPTS = 20;

export interface SignetEventsProps {
  readonly stage: StageName;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * @example
 * ```ts
 * const events = new SignetEvents(this, 'Events', { stage: 'dev', removalPolicy });
 * events.forwardFrom(table, forwarderFunction, alarms);
 * ```
 */
class SignetEvents extends Construct {
  public readonly bus: EventBus;
  /** Where Lambda records a batch it gave up on: shard and sequence numbers, never the records. */
  public readonly failures: Queue;
  public mapping: EventSourceMapping | undefined;

  public constructor(scope: Construct, id: string, props: SignetEventsProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: eventBusName(props.stage),
      description: `Signet ${props.stage}: lifecycle events (source signet), forwarded from the table's outbox`,
    });
    this.failures = new Queue(this, 'ForwarderFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is the events forwarder's on-failure destination, the end of the line: a message in it " +
        'raises an alarm and an operator replays the record range it names from the outbox items.',
    });
  }

  /**
   * Starts the forwarder on the table's stream (from its oldest record, so nothing committed before the
   * mapping is missed), and alarms on a batch given up on and on a forwarder falling behind.
   */
  public forwardFrom(table: ITable, forwarder: IFunction, alarms: SignetAlarms): EventSourceMapping {
    const streamArn = table.tableStreamArn;
    if (streamArn === undefined) throw new Error('The table has no stream for the events forwarder');
    this.mapping = new EventSourceMapping(this, 'ForwarderSource', {
      target: forwarder,
      eventSourceArn: streamArn,
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: BATCH_SIZE,
      maxBatchingWindow: Duration.seconds(1),
      parallelizationFactor: 1,
      reportBatchItemFailures: true,
      retryAttempts: RETRY_ATTEMPTS,
      maxRecordAge: Duration.hours(24),
      onFailure: new SqsDlq(this.failures),
      filters: [FilterCriteria.filter(OUTBOX_STREAM_FILTER as unknown as Record<string, unknown>)],
    });
    alarms.add('EventsForwarderFailures', {
      metric: this.failures.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' }),
      threshold: 1,
      description: 'The events forwarder gave up on a batch: its events were not published (see the failures queue).',
    });
    alarms.add('EventsForwarderIteratorAge', {
      metric: new Metric({
        namespace: 'AWS/Lambda',
        metricName: 'IteratorAge',
        dimensionsMap: { FunctionName: forwarder.functionName },
        statistic: 'Maximum',
      }),
      // Milliseconds: events reach apps more than five minutes after their change.
      threshold: 300_000,
      description: 'The events forwarder is more than 5 minutes behind the table stream.',
    });
    return this.mapping;
  }
}

export { eventBusName, SignetEvents };
