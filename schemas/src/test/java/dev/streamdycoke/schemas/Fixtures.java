package dev.streamdycoke.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Sample records with every field set to something distinguishable. */
final class Fixtures {

  static final Instant T0 = Instant.ofEpochMilli(1_767_225_600_123L);

  private Fixtures() {}

  static Frame frame() {
    return Frame.newBuilder()
        .setCameraId("cam-7")
        .setSeq(42L)
        .setCaptureTime(T0)
        .setFormat(FrameFormat.RGB24)
        .setWidth(4)
        .setHeight(2)
        .setData(ByteBuffer.wrap(new byte[4 * 2 * 3]))
        .setAttributes(Map.of("site", "plaza", "exposure", "1/250"))
        .build();
  }

  static Query query() {
    return Query.newBuilder()
        .setQueryId("q-1")
        .setCameraIds(List.of("cam-7", "cam-8"))
        .setQuestion("How many people are crossing?")
        .setIssuedAt(T0)
        .setMaxNewTokens(16)
        .setDeadline(T0.plusSeconds(5))
        .build();
  }

  static Answer answer() {
    return Answer.newBuilder()
        .setQueryId("q-1")
        .setCameraId("cam-7")
        .setQuestion("How many people are crossing?")
        .setAnswer("Three.")
        .setStatus(AnswerStatus.OK)
        .setError(null)
        .setAnsweredAt(T0.plusMillis(840))
        .setAnsweredAtSeq(57L)
        .setFirstSeq(20L)
        .setLastSeq(57L)
        .setVisualTokens(1_234)
        .setTokensAttended(987)
        .setRetainedRatio(0.1425)
        .setTimings(
            AnswerTimings.newBuilder()
                .setQueueMs(12.5)
                .setPrefillMs(80.25)
                .setFirstTokenMs(95.0)
                .setDecodeMs(310.75)
                .build())
        .setNewestCaptureTime(T0.minusMillis(1_160))
        .setStalenessMs(2_000L)
        .build();
  }

  static DeadLetter deadLetter() {
    return DeadLetters.of(
        "frames", 3, 1_000_001L, "NOT_AVRO: expected marker", new byte[] {1, 2, 3}, T0, "cam-7");
  }
}
