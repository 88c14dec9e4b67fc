package dev.streamdycoke.benchmarks.qa;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * RocksDB's own counters for the load benchmark: a metric reporter that keeps the native RocksDB
 * gauges of the MiniCluster running in this JVM, summed per operator, so a run can say how many
 * bytes the job wrote into RocksDB, how many compaction rewrote, and how long writes stalled.
 * Statistics cost RocksDB a few percent; {@code -Dload.rocksdb-metrics=false} leaves them off.
 */
public final class RocksDbMetrics implements MetricReporter, MetricReporterFactory {
  private static final String[] METRICS = {
    "bytes-written",
    "compaction-read-bytes",
    "compaction-write-bytes",
    "stall-micros",
    "total-sst-files-size",
    "live-sst-files-size",
    "estimate-live-data-size",
    "cur-size-all-mem-tables",
    "num-running-compactions",
  };

  private static final Map<String, Gauge<?>> GAUGES = new ConcurrentHashMap<>();

  /** Turns the native metrics on and registers this reporter, unless disabled. */
  static void enable(Configuration conf) {
    if (!Boolean.parseBoolean(System.getProperty("load.rocksdb-metrics", "true"))) {
      return;
    }
    for (String metric : METRICS) {
      conf.setString("state.backend.rocksdb.metrics." + metric, "true");
    }
    conf.setString("metrics.reporter.loadrocksdb.factory.class", RocksDbMetrics.class.getName());
  }

  /** Prints the sums per operator and metric; per merged frame for the bytes written. */
  static void summarize(long framesMerged) {
    Map<String, Double> sums = new TreeMap<>();
    GAUGES.forEach(
        (key, gauge) -> {
          Object value = gauge.getValue();
          if (value instanceof Number number) {
            sums.merge(key.substring(0, key.lastIndexOf('|')), number.doubleValue(), Double::sum);
          }
        });
    if (sums.isEmpty()) {
      return;
    }
    System.out.println("RocksDB (native metrics, all subtasks and states):");
    sums.forEach(
        (key, value) -> {
          String perFrame =
              key.endsWith("bytes_written") && framesMerged > 0
                  ? String.format(Locale.ROOT, " = %.0f B per merged frame", value / framesMerged)
                  : "";
          System.out.printf(Locale.ROOT, "  %-60s %,.0f%s%n", key, value, perFrame);
        });
  }

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return this;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    String full = group.getMetricIdentifier(name);
    if (metric instanceof Gauge<?> gauge && full.contains("rocksdb")) {
      GAUGES.put(key(name, group) + "|" + full, gauge);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    GAUGES.remove(key(name, group) + "|" + group.getMetricIdentifier(name));
  }

  private static String key(String name, MetricGroup group) {
    String operator = group.getAllVariables().getOrDefault("<operator_name>", "?");
    return (operator.length() > 24 ? operator.substring(0, 24) : operator) + " " + name;
  }
}
