package dev.streamdycoke.operators.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.testing.TestFrames;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.FrameFormat;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link FrameDecoder} with Jazzer: whatever the bytes, it returns a
 * consistent frame or throws {@link InvalidFrameException}; any other exception or error (an
 * OutOfMemoryError from a decompression bomb included) is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs as a regression test on the empty input and the files
 * under {@code FrameDecoderJazzerTestInputs}; the operators build also fuzzes it for a bounded time
 * (see operators/pom.xml, execution {@code fuzz-frame-decoder}).
 */
class FrameDecoderJazzerTest {
  private static final FrameDecoder DECODER = new FrameDecoder(FrameLimits.defaults());

  @FuzzTest(maxDuration = "20s")
  void decodesOrRejects(byte[] input) {
    try {
      DecodedFrame frame = DECODER.decode(TestFrames.record(FuzzedFrames.value(input)));
      assertTrue(frame.width >= 1 && frame.height >= 1);
      assertEquals(3L * frame.width * frame.height, frame.rgb.length);
    } catch (InvalidFrameException e) {
      assertTrue(e.deadLetterReason().startsWith(e.category() + ": "), e.deadLetterReason());
    }
  }

  /** The inputs' modes reach what they are meant to: valid frames decode. */
  @Test
  void seedShapesDecode() throws Exception {
    for (FrameFormat format : List.of(FrameFormat.JPEG, FrameFormat.PNG, FrameFormat.RGB24)) {
      byte[] image =
          switch (format) {
            case JPEG -> TestFrames.jpeg(TestFrames.smooth(16, 8));
            case PNG -> TestFrames.png(TestFrames.pattern(16, 8));
            case RGB24 -> new byte[16 * 8 * 3];
          };
      DecodedFrame f =
          DECODER.decode(
              TestFrames.record(FuzzedFrames.value(FuzzedFrames.imageInput(format, 16, 8, image))));
      assertEquals(16, f.width, format.toString());
    }
    byte[] whole = TestFrames.value("cam-1", FrameFormat.RGB24, 2, 2, new byte[12]);
    assertEquals(
        2,
        DECODER.decode(TestFrames.record(FuzzedFrames.value(FuzzedFrames.rawInput(whole)))).width);
    byte[] body = Arrays.copyOfRange(whole, AvroCodec.HEADER_SIZE, whole.length);
    assertEquals(
        2,
        DECODER.decode(TestFrames.record(FuzzedFrames.value(FuzzedFrames.bodyInput(body)))).width);
  }
}
