// shared/observability: CloudWatch metrics in the Embedded Metric Format (EMF). A metric is one JSON line on
// stdout that CloudWatch Logs turns into a data point, so no PutMetricData call and no extra permission.
// Names and values only: a metric never carries a number, an address, a name or a code.

/** The namespace of every Signet metric; infra/constructs/alarms.ts alarms on the same names. */
const METRICS_NAMESPACE = 'Signet';

/** The metrics the code emits, by name. */
const METRIC_NAMES = {
  /** An SMS the texter refused because the number's country is not in sms.allowedCountries (Count). */
  smsCountryRefused: 'SmsCountryRefused',
  /** SMS counted against the stage's daily budget so far today, emitted with each one (Count, Maximum). */
  smsSentToday: 'SmsSentToday',
  /** An SMS not sent because its prefix's hourly budget or the stage's daily one was spent (Count). */
  smsBudgetRefused: 'SmsBudgetRefused',
} as const;

type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];

/** Where metrics go: EMF on stdout in Lambda; tests pass a recorder. */
type MetricSink = (name: MetricName, value: number) => void;

/**
 * One EMF document without dimensions (each stage lives in its own account), written as one line.
 *
 * @example
 * emfSink(METRIC_NAMES.smsCountryRefused, 1);
 */
const emfSink: MetricSink = (name, value) => {
  const document = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [[]], Metrics: [{ Name: name, Unit: 'Count' }] }],
    },
    [name]: value,
  };
  process.stdout.write(`${JSON.stringify(document)}\n`);
};

export { emfSink, METRIC_NAMES, METRICS_NAMESPACE };
export type { MetricName, MetricSink };
