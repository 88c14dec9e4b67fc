package dev.streamdycoke.operators.answer;

/**
 * The newest frame a camera's answers cover, as a Flink POJO kept in keyed state: the last encoded
 * frame, or a later one the change gate skipped as unchanged.
 */
public class NewestFrame {
  public long seq;

  /** Frame.capture_time, milliseconds since the epoch. */
  public long captureTime;

  public NewestFrame() {}

  public NewestFrame(long seq, long captureTime) {
    this.seq = seq;
    this.captureTime = captureTime;
  }

  /**
   * Whether frame {@code otherSeq} would be newer than this one; replays and late frames are not.
   */
  public static boolean isNewer(NewestFrame current, long otherSeq) {
    return current == null || otherSeq > current.seq;
  }
}
