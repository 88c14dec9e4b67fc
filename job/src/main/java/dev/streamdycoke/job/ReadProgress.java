package dev.streamdycoke.job;

import java.time.Duration;
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
   * A partition that yields no record for this long stops holding the watermark back: with fewer
   * cameras than partitions some stay empty, and a watermark waiting on them would never move
   * (retirement would then fall back to twice the timeout). A partition the consumer has not
   * fetched for a minute while it holds records would let the watermark pass its cameras' queued
   * frames; Kafka consumers fetch every assigned partition far more often than that.
   */
  static final Duration IDLE_PARTITION = Duration.ofMinutes(1);

  /**
   * Frames: the Kafka record time each partition has been read up to. Records of a partition are in
   * append order, so their record times rise but for producer clock jitter, which is tiny next to
   * any idle timeout.
   */
  static <T> WatermarkStrategy<T> frames() {
    return WatermarkStrategy.<T>forMonotonousTimestamps().withIdleness(IDLE_PARTITION);
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
