package dev.streamdycoke.operators.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.operators.ttm.MergeResult;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The header of a frame is what the standing-question router relies on, and nothing more. */
class FrameTokensTest {
  private static FrameTokens frame() {
    float[][] rows = {new float[896], new float[896]};
    MergeResult merged =
        new MergeResult(
            7,
            true,
            new int[] {3, 9},
            rows,
            new float[] {0.5f, 0.25f},
            new int[] {4},
            new long[] {6});
    return FrameTokens.of("cam-1", 1234L, 196, merged);
  }

  @Test
  void aHeaderKeepsTheCameraSeqAndTimesButNoTokens() {
    FrameTokens header = frame().header();

    assertEquals("cam-1", header.cameraId);
    assertEquals(7, header.seq);
    assertEquals(1234L, header.captureTime);
    assertEquals(196, header.tokensPerFrame);
    assertTrue(header.anchor);
    assertEquals(0, header.keptCount());
    assertEquals(0, header.embeddings.length);
    assertEquals(0, header.mergedCells.length);
  }

  @Test
  void aHeaderSerializesToAFewBytes() throws Exception {
    TypeSerializer<FrameTokens> serializer =
        TypeInformation.of(FrameTokens.class).createSerializer(new SerializerConfigImpl());
    DataOutputSerializer whole = new DataOutputSerializer(1 << 16);
    DataOutputSerializer header = new DataOutputSerializer(1 << 10);

    serializer.serialize(frame(), whole);
    serializer.serialize(frame().header(), header);

    assertTrue(whole.length() > 2 * 896 * Float.BYTES, "whole frame: " + whole.length());
    assertTrue(header.length() < 100, "header: " + header.length());
  }
}
