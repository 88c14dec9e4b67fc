package dev.streamdycoke.operators.decode;

import java.io.Serializable;

/**
 * Bounds a frame must respect before the job spends memory on it. They are checked in order of
 * cost: record size before Avro decoding, declared dimensions before looking at the image, and the
 * image header's dimensions before any pixel is allocated, so a hostile or broken producer cannot
 * make a task allocate gigabytes.
 *
 * @param maxRecordBytes largest accepted Kafka record value, in bytes
 * @param maxWidth widest accepted image, in pixels
 * @param maxHeight tallest accepted image, in pixels
 * @param maxPixels most pixels (width * height) in one image
 * @param maxCameraIdChars longest accepted camera id, in characters; camera ids become state keys
 *     and metric-free log lines, so an unbounded one is a memory problem
 */
public record FrameLimits(
    int maxRecordBytes, int maxWidth, int maxHeight, long maxPixels, int maxCameraIdChars)
    implements Serializable {

  /** 8 MiB: a 1920x1080 RGB24 frame is 6.2 MB, JPEG frames are far smaller. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024;

  public static final int DEFAULT_MAX_SIDE = 4096;

  /** 4096 * 4096, about 16.7 million pixels (48 MiB as RGB24). */
  public static final long DEFAULT_MAX_PIXELS = 4096L * 4096L;

  public static final int DEFAULT_MAX_CAMERA_ID_CHARS = 256;

  public FrameLimits {
    if (maxRecordBytes < 1
        || maxWidth < 1
        || maxHeight < 1
        || maxPixels < 1
        || maxCameraIdChars < 1) {
      throw new IllegalArgumentException(
          "frame limits must all be positive: "
              + maxRecordBytes
              + " bytes, "
              + maxWidth
              + "x"
              + maxHeight
              + ", "
              + maxPixels
              + " pixels, "
              + maxCameraIdChars
              + " camera id chars");
    }
  }

  /** 8 MiB records, at most 4096x4096 and 16.7 M pixels, camera ids up to 256 characters. */
  public static FrameLimits defaults() {
    return new FrameLimits(
        DEFAULT_MAX_RECORD_BYTES,
        DEFAULT_MAX_SIDE,
        DEFAULT_MAX_SIDE,
        DEFAULT_MAX_PIXELS,
        DEFAULT_MAX_CAMERA_ID_CHARS);
  }

  /** These limits with another record size bound. */
  public FrameLimits withMaxRecordBytes(int bytes) {
    return new FrameLimits(bytes, maxWidth, maxHeight, maxPixels, maxCameraIdChars);
  }

  /** These limits with other image bounds. */
  public FrameLimits withMaxImage(int width, int height, long pixels) {
    return new FrameLimits(maxRecordBytes, width, height, pixels, maxCameraIdChars);
  }

  /** These limits with another camera id length bound. */
  public FrameLimits withMaxCameraIdChars(int chars) {
    return new FrameLimits(maxRecordBytes, maxWidth, maxHeight, maxPixels, chars);
  }

  /**
   * Null when a {@code width x height} image fits, else why not (for a TOO_LARGE reason).
   * Dimensions below 1 are not checked here: they are BAD_DIMENSIONS, not too large.
   */
  String checkSize(int width, int height) {
    if (width > maxWidth || height > maxHeight) {
      return width + "x" + height + " exceeds the " + maxWidth + "x" + maxHeight + " limit";
    }
    long pixels = (long) width * height;
    if (pixels > maxPixels) {
      return width
          + "x"
          + height
          + " is "
          + pixels
          + " pixels, over the "
          + maxPixels
          + " pixel limit";
    }
    return null;
  }
}
