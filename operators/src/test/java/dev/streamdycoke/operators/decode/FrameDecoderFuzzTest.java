package dev.streamdycoke.operators.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.testing.TestFrames;
import dev.streamdycoke.schemas.FrameFormat;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random damage to valid frame records: whatever the bytes, FrameDecoder either returns a
 * consistent frame or throws InvalidFrameException, never anything else.
 */
class FrameDecoderFuzzTest {

  private static final int MUTATIONS = 2_000;

  @Test
  void randomMutationsOnlyEverThrowInvalidFrameException() {
    FrameDecoder decoder = new FrameDecoder(FrameLimits.defaults());
    List<byte[]> seeds =
        List.of(
            TestFrames.value(
                "cam-1", FrameFormat.JPEG, 32, 24, TestFrames.jpeg(TestFrames.pattern(32, 24))),
            TestFrames.value(
                "cam-1", FrameFormat.PNG, 32, 24, TestFrames.png(TestFrames.pattern(32, 24))),
            TestFrames.value("cam-1", FrameFormat.RGB24, 6, 4, new byte[6 * 4 * 3]));
    Random random = new Random(20261121L);
    Map<InvalidFrameException.Category, Integer> seen =
        new EnumMap<>(InvalidFrameException.Category.class);
    int decoded = 0;
    long start = System.nanoTime();
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] mutant = mutate(seeds.get(i % seeds.size()), random);
      try {
        DecodedFrame f = decoder.decode(TestFrames.record(i, "cam-1", mutant));
        assertEquals(3L * f.width * f.height, f.rgb.length);
        decoded++;
      } catch (InvalidFrameException e) {
        seen.merge(e.category(), 1, Integer::sum);
        assertTrue(e.deadLetterReason().startsWith(e.category() + ": "));
      } catch (Throwable t) {
        fail("mutation " + i + " escaped as " + t + "; bytes " + Arrays.toString(mutant), t);
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    // Bounded: ~1 s on a shared 2-core box; the bound only catches pathological slowness.
    assertTrue(millis < 20_000, MUTATIONS + " mutations took " + millis + " ms");
    // The damage must reach the image decoders, not only the Avro framing.
    assertTrue(
        seen.getOrDefault(InvalidFrameException.Category.CORRUPT_IMAGE, 0) > 50,
        "categories " + seen);
    System.out.printf(
        "%d mutations in %d ms: %d decoded, rejected %s%n", MUTATIONS, millis, decoded, seen);
  }

  /** Flips, overwrites, truncates or extends; mostly inside the image, which is most bytes. */
  private static byte[] mutate(byte[] seed, Random random) {
    byte[] b = seed.clone();
    switch (random.nextInt(5)) {
      case 0 -> {
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> {
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
      }
      case 2 -> {
        // Keep the Avro framing valid so the image decoder sees the damage: the tail of the
        // message is image data (attributes is a single null-union byte after it).
        int from = Math.max(0, b.length - 1 - random.nextInt(Math.max(1, b.length / 2)));
        for (int i = from; i < Math.min(b.length - 1, from + 16); i++) {
          b[i] = (byte) random.nextInt(256);
        }
      }
      case 3 -> b = Arrays.copyOf(b, random.nextInt(b.length));
      default -> {
        b = Arrays.copyOf(b, b.length + 1 + random.nextInt(16));
        for (int i = seed.length; i < b.length; i++) {
          b[i] = (byte) random.nextInt(256);
        }
      }
    }
    return b;
  }
}
