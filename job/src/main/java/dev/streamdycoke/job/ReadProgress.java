package dev.streamdycoke.job;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The job's watermarks, which measure how far its input has been read, not event time: no operator
 * waits on them or drops late data. Retirement judges a silent camera against them ({@code
 * IdleTimeout}): a camera is gone only once every input of the subtask has been read past its last
 * frame by the idle timeout, and only a watermark, the minimum over Kafka partitions and channels,
 * says that.
 */
final class ReadProgress {
  /** How often the sources emit a watermark. */
  static final long INTERVAL_MILLIS = 1_000;

  private ReadProgress() {}

  /**
   * Frames: the Kafka record time each partition has been read up to. Records of a partition are in
   * append order, so their record times rise but for producer clock jitter, which is tiny next to
   * any idle timeout.
   */
  static <T> WatermarkStrategy<T> frames() {
    return WatermarkStrategy.forMonotonousTimestamps();
  }

  /**
   * Questions: never hold the watermark back. The answer stage takes the minimum of its frame and
   * question inputs, and questions are sparse, so an input that waited on them would stand still.
   */
  static <T> WatermarkStrategy<T> neverHoldsBack() {
    return context -> new AlwaysIdle<>();
  }

  /** Declares its output idle: downstream minimums skip it. */
  private static final class AlwaysIdle<T> implements WatermarkGenerator<T> {
    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
      output.markIdle();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.markIdle();
    }
  }
}
