package dev.streamdycoke.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  @Test
  void largeValuesAreTruncatedAndTheirSizeKept() throws Exception {
    byte[] rgbFrame = new byte[768 * 576 * 3];
    Arrays.fill(rgbFrame, (byte) 7);
    DeadLetter d = DeadLetters.of("frames", 0, 5L, "MALFORMED: x", rgbFrame, Fixtures.T0, null);
    assertEquals(DeadLetters.MAX_RAW_BYTES, d.getRaw().remaining());
    assertEquals(rgbFrame.length, d.getRawSize());
    byte[] msg = AvroCodec.deadLetters().encode(d);
    assertEquals(true, msg.length < 1024 * 1024);
    assertEquals(d, AvroCodec.deadLetters().decode(msg));
  }

  @Test
  void schemaDocumentsTheSameLimit() {
    String doc = DeadLetter.getClassSchema().getField("raw").doc();
    assertEquals(true, doc.contains(String.valueOf(DeadLetters.MAX_RAW_BYTES)), doc);
  }

  @Test
  void fromUndecodableCarriesTheReason() {
    UndecodableRecordException e =
        assertThrows(
            UndecodableRecordException.class,
            () -> AvroCodec.frames().decode(new byte[] {'h', 'i'}));
    DeadLetter d =
        DeadLetters.undecodable("frames", 2, 9L, e, new byte[] {'h', 'i'}, Fixtures.T0, "cam-3");
    assertEquals(e.deadLetterReason(), d.getReason());
    assertEquals(ByteBuffer.wrap(new byte[] {'h', 'i'}), d.getRaw());
    assertEquals(2, d.getRawSize());
    assertEquals("cam-3", d.getCameraId());
  }

  @Test
  void tombstoneIsRecordedAsEmpty() {
    DeadLetter d = DeadLetters.of("queries", 1, 0L, "NOT_AVRO: null", null, Fixtures.T0, null);
    assertEquals(0, d.getRaw().remaining());
    assertEquals(0, d.getRawSize());
    assertNull(d.getCameraId());
  }
}
