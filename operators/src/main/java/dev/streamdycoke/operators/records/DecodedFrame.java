package dev.streamdycoke.operators.records;

import dev.streamdycoke.model.vision.RgbImage;

/**
 * A frame that passed decoding and validation: its pixels as packed RGB24, and where it came from.
 */
public class DecodedFrame {
  public String cameraId;
  public long seq;

  /** Event time, milliseconds since the epoch. */
  public long captureTime;

  public int width;
  public int height;

  /** width * height * 3 bytes, rows top to bottom, R G B per pixel. */
  public byte[] rgb;

  /**
   * Source coordinates, so a frame rejected later (e.g. out of order) still dead-letters precisely.
   */
  public String sourceTopic;

  public int sourcePartition;
  public long sourceOffset;

  public DecodedFrame() {}

  public DecodedFrame(String cameraId, long seq, long captureTime, RgbImage image) {
    this.cameraId = cameraId;
    this.seq = seq;
    this.captureTime = captureTime;
    this.width = image.width();
    this.height = image.height();
    this.rgb = image.rgb();
  }

  public DecodedFrame withSource(String topic, int partition, long offset) {
    this.sourceTopic = topic;
    this.sourcePartition = partition;
    this.sourceOffset = offset;
    return this;
  }

  public RgbImage image() {
    return new RgbImage(width, height, rgb);
  }

  @Override
  public String toString() {
    return cameraId + "#" + seq + " " + width + "x" + height;
  }
}
