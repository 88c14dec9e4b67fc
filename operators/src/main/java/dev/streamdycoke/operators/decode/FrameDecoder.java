package dev.streamdycoke.operators.decode;

import static dev.streamdycoke.operators.decode.InvalidFrameException.Category.BAD_DIMENSIONS;
import static dev.streamdycoke.operators.decode.InvalidFrameException.Category.EMPTY_CAMERA_ID;
import static dev.streamdycoke.operators.decode.InvalidFrameException.Category.FORMAT_MISMATCH;
import static dev.streamdycoke.operators.decode.InvalidFrameException.Category.NULL_VALUE;
import static dev.streamdycoke.operators.decode.InvalidFrameException.Category.TOO_LARGE;

import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.RawRecord;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.FrameFormat;
import dev.streamdycoke.schemas.RecordDecoder;
import dev.streamdycoke.schemas.UndecodableRecordException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Turns a raw {@code frames} record into a validated {@link DecodedFrame}, or says precisely why it
 * cannot.
 *
 * <p>Checks run cheapest first and before the allocation they protect: the record size before Avro
 * decoding, the camera id and declared dimensions before the image, the image header before its
 * pixels. Every failure is an {@link InvalidFrameException} whose category and detail go into the
 * dead letter; no other exception escapes {@link #decode} for any input.
 *
 * <p>Thread-safe: it holds only immutable configuration, and creates an ImageIO reader per image.
 */
public final class FrameDecoder {

  private final FrameLimits limits;
  private final RecordDecoder<Frame> codec;

  /** A decoder accepting the Frame schemas the job ships, within {@code limits}. */
  public FrameDecoder(FrameLimits limits) {
    this(limits, AvroCodec.frames());
  }

  /**
   * A decoder with another record decoder: a codec that also accepts extra writer schemas, or one
   * that reads Confluent's wire format through a schema registry.
   */
  public FrameDecoder(FrameLimits limits, RecordDecoder<Frame> codec) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.codec = Objects.requireNonNull(codec, "codec");
    ImageDecoder.requireReaders();
  }

  /** The limits this decoder enforces. */
  public FrameLimits limits() {
    return limits;
  }

  /**
   * Decodes and validates one record.
   *
   * @return the frame as packed RGB24, with the record's topic, partition and offset as source
   * @throws InvalidFrameException for anything that makes the record unusable; its {@link
   *     InvalidFrameException#deadLetterReason()} is fit for {@code DeadLetter.reason}
   */
  public DecodedFrame decode(RawRecord record) throws InvalidFrameException {
    return decodeUnlessStale(record, (cameraId, captureTime) -> false);
  }

  /** Whether a valid frame is to be shed rather than decoded. */
  @FunctionalInterface
  public interface ShedCheck {
    boolean shed(String cameraId, long captureTime);
  }

  /**
   * As {@link #decode}, but a valid frame that {@code shed} rejects is returned as null before its
   * image is decoded, the costly part this is meant to save.
   */
  public DecodedFrame decodeUnlessStale(RawRecord record, ShedCheck shed)
      throws InvalidFrameException {
    Frame frame = decodeAvro(record.value);
    String cameraId = checkCameraId(frame.getCameraId());
    int width = frame.getWidth();
    int height = frame.getHeight();
    checkDeclaredSize(width, height, cameraId);
    if (shed.shed(cameraId, frame.getCaptureTime().toEpochMilli())) {
      return null;
    }
    RgbImage image = decodePixels(frame.getFormat(), frame.getData(), width, height, cameraId);
    return new DecodedFrame(cameraId, frame.getSeq(), frame.getCaptureTime().toEpochMilli(), image)
        .withSource(record.topic, record.partition, record.offset);
  }

  private Frame decodeAvro(byte[] value) throws InvalidFrameException {
    if (value == null) {
      throw new InvalidFrameException(NULL_VALUE, "record value is null (a tombstone?)");
    }
    if (value.length > limits.maxRecordBytes()) {
      throw new InvalidFrameException(
          TOO_LARGE,
          "record of "
              + value.length
              + " bytes exceeds the "
              + limits.maxRecordBytes()
              + " byte limit");
    }
    try {
      return codec.decode(value);
    } catch (UndecodableRecordException e) {
      throw InvalidFrameException.of(e);
    }
  }

  private String checkCameraId(String cameraId) throws InvalidFrameException {
    if (cameraId.isBlank()) {
      throw new InvalidFrameException(
          EMPTY_CAMERA_ID, cameraId.isEmpty() ? "camera_id is empty" : "camera_id is blank");
    }
    if (cameraId.length() > limits.maxCameraIdChars()) {
      // Not carried into the dead letter: it is the very thing that is too large.
      throw new InvalidFrameException(
          TOO_LARGE,
          "camera_id of "
              + cameraId.length()
              + " chars exceeds the "
              + limits.maxCameraIdChars()
              + " char limit");
    }
    return cameraId;
  }

  private void checkDeclaredSize(int width, int height, String cameraId)
      throws InvalidFrameException {
    if (width < 1 || height < 1) {
      throw new InvalidFrameException(
          BAD_DIMENSIONS,
          "frame declares " + width + "x" + height + "; both must be at least 1",
          cameraId,
          null);
    }
    String tooLarge = limits.checkSize(width, height);
    if (tooLarge != null) {
      throw new InvalidFrameException(TOO_LARGE, "frame declares " + tooLarge, cameraId, null);
    }
  }

  private RgbImage decodePixels(
      FrameFormat format, ByteBuffer data, int width, int height, String cameraId)
      throws InvalidFrameException {
    byte[] array;
    int off;
    int len = data.remaining();
    if (data.hasArray()) {
      array = data.array();
      off = data.arrayOffset() + data.position();
    } else {
      array = new byte[len];
      data.duplicate().get(array);
      off = 0;
    }
    if (format == FrameFormat.RGB24) {
      return rgb24(array, off, len, width, height, cameraId);
    }
    return ImageDecoder.decode(format, array, off, len, width, height, limits, cameraId);
  }

  private static RgbImage rgb24(
      byte[] array, int off, int len, int width, int height, String cameraId)
      throws InvalidFrameException {
    long expected = 3L * width * height;
    if (len != expected) {
      String actual = Signatures.identify(array, off, len);
      if (actual != null) {
        throw new InvalidFrameException(
            FORMAT_MISMATCH,
            "format says RGB24 but the data is a " + actual + " file of " + len + " bytes",
            cameraId,
            null);
      }
      throw new InvalidFrameException(
          BAD_DIMENSIONS,
          "RGB24 data has " + len + " bytes but " + width + "x" + height + "x3 needs " + expected,
          cameraId,
          null);
    }
    // Avro hands each record its own buffer, usually exactly the data; copy only otherwise.
    byte[] rgb =
        off == 0 && array.length == len ? array : Arrays.copyOfRange(array, off, off + len);
    return new RgbImage(width, height, rgb);
  }
}
