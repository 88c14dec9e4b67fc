package dev.streamdycoke.operators.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.operators.gate.ChangeGate.Decision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChangeGateTest {

  /** Mid-grey 128x96 with a little sensor noise, and a white 24x24 block at x. */
  static RgbImage sceneWithBlockAt(int x, long noiseSeed) {
    return scene(x, 36, 24, noiseSeed);
  }

  /** Mid-grey 128x96 with a little sensor noise, and a white square of side {@code size}. */
  static RgbImage scene(int x, int top, int size, long noiseSeed) {
    int w = 128;
    int h = 96;
    Random noise = new Random(noiseSeed);
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int px = 0; px < w; px++) {
        boolean block = px >= x && px < x + size && y >= top && y < top + size;
        int v = block ? 240 : 100 + noise.nextInt(5) - 2;
        int i = 3 * (y * w + px);
        rgb[i] = (byte) v;
        rgb[i + 1] = (byte) v;
        rgb[i + 2] = (byte) v;
      }
    }
    return new RgbImage(w, h, rgb);
  }

  private static List<Decision> run(ChangeGate gate, List<RgbImage> frames) {
    GateState state = new GateState();
    List<Decision> out = new ArrayList<>();
    for (int seq = 0; seq < frames.size(); seq++) {
      out.add(gate.admit(state, seq, frames.get(seq)));
    }
    return out;
  }

  /** A uniform grey 112x112 frame: each thumbnail cell is exactly one 2x2 block of it. */
  static RgbImage uniform(int grey) {
    byte[] rgb = new byte[112 * 112 * 3];
    Arrays.fill(rgb, (byte) grey);
    return new RgbImage(112, 112, rgb);
  }

  @Test
  void theThresholdIsInGreyLevelsAboveTheNoiseFloor() {
    // --change-threshold is documented as the most-changed block's mean grey-level change less the
    // noise floor of 4: a whole frame 11 levels brighter scores 7, the default, and is encoded;
    // 10 levels brighter scores 6 and is skipped.
    assertEquals(7.0, Thumbnail.of(uniform(100)).change(Thumbnail.of(uniform(111))));
    assertEquals(6.0, Thumbnail.of(uniform(100)).change(Thumbnail.of(uniform(110))));
    assertEquals(7.0, ChangeGateConfig.DEFAULT_THRESHOLD);
    ChangeGate gate = new ChangeGate(ChangeGateConfig.defaults());
    assertEquals(
        List.of(Decision.ENCODE, Decision.SKIP, Decision.ENCODE),
        run(gate, List.of(uniform(100), uniform(110), uniform(111))));
  }

  @Test
  void sensorNoiseAloneIsNotAChange() {
    Thumbnail a = Thumbnail.of(sceneWithBlockAt(10, 1));
    Thumbnail b = Thumbnail.of(sceneWithBlockAt(10, 2));
    assertEquals(0.0, a.change(b), "noise is below the floor");
    assertEquals(0.0, a.change(a));
  }

  @Test
  void aSmallObjectAppearingOrLeavingIsEncoded() {
    // A 6x6 square in a 128x96 frame: 0.3 % of the frame, a few thumbnail cells.
    RgbImage empty = scene(0, 0, 0, 1);
    RgbImage withObject = scene(90, 20, 6, 2);
    ChangeGate gate = new ChangeGate(ChangeGateConfig.defaults());
    assertEquals(
        List.of(Decision.ENCODE, Decision.ENCODE, Decision.ENCODE, Decision.SKIP),
        run(gate, List.of(empty, withObject, empty, scene(0, 0, 0, 3))));
  }

  @Test
  void aStaticSceneIsEncodedOnceThenOnlyAtForcedKeyframes() {
    List<RgbImage> frames = new ArrayList<>();
    for (int seq = 0; seq < 40; seq++) {
      frames.add(sceneWithBlockAt(10, seq));
    }
    List<Decision> d =
        run(new ChangeGate(new ChangeGateConfig(ChangeGateConfig.DEFAULT_THRESHOLD, 16)), frames);
    for (int seq = 0; seq < 40; seq++) {
      assertEquals(seq % 16 == 0 ? Decision.ENCODE : Decision.SKIP, d.get(seq), "seq " + seq);
    }
  }

  @Test
  void aMovingObjectIsEncodedEveryFrame() {
    List<RgbImage> frames = new ArrayList<>();
    for (int seq = 0; seq < 10; seq++) {
      frames.add(sceneWithBlockAt(4 + 10 * seq, seq));
    }
    assertEquals(
        List.of(Decision.ENCODE),
        run(new ChangeGate(ChangeGateConfig.defaults()), frames).stream().distinct().toList());
  }

  @Test
  void aSlowDriftAddsUpAgainstTheLastEncodedFrame() {
    // 2 px a frame stays under the threshold frame to frame, but not against the reference.
    List<RgbImage> frames = new ArrayList<>();
    for (int seq = 0; seq < 12; seq++) {
      frames.add(sceneWithBlockAt(4 + 2 * seq, 0));
    }
    List<Decision> d =
        run(new ChangeGate(new ChangeGateConfig(ChangeGateConfig.DEFAULT_THRESHOLD, 100)), frames);
    assertEquals(Decision.SKIP, d.get(1));
    assertTrue(d.subList(2, 12).contains(Decision.ENCODE), d.toString());
  }

  @Test
  void outOfOrderFramesAreNotJudgedAndALostReferenceForcesTheNextFrame() {
    ChangeGate gate = new ChangeGate(ChangeGateConfig.defaults());
    GateState state = new GateState();
    RgbImage still = sceneWithBlockAt(10, 0);
    assertEquals(Decision.ENCODE, gate.admit(state, 5, still));
    assertEquals(Decision.NOT_GATED, gate.admit(state, 5, still));
    assertEquals(Decision.NOT_GATED, gate.admit(state, 3, still));
    assertEquals(Decision.SKIP, gate.admit(state, 6, still));
    assertTrue(ChangeGate.lost(state, 5));
    assertEquals(Decision.ENCODE, gate.admit(state, 7, still));
  }

  @Test
  void thresholdZeroEncodesEverything() {
    List<RgbImage> frames = new ArrayList<>();
    for (int seq = 0; seq < 5; seq++) {
      frames.add(sceneWithBlockAt(10, 0));
    }
    assertEquals(
        List.of(Decision.ENCODE),
        run(new ChangeGate(ChangeGateConfig.off()), frames).stream().distinct().toList());
  }
}
