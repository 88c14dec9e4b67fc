package dev.streamdycoke.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamdycoke.model.LlavaOnevisionModel;
import dev.streamdycoke.model.ModelOptions;
import dev.streamdycoke.model.checkpoint.StandardConfigs;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.operators.gate.ChangeGateConfig;
import dev.streamdycoke.operators.gate.Thumbnail;
import dev.streamdycoke.simulator.qa.QaExample;
import dev.streamdycoke.simulator.qa.QuestionCategory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scorer with the change gate in front of the tower, on the tiny random checkpoint. */
class StreamingQaScorerTest {
  private static final int FRAMES = 20;

  /** The default threshold with a keyframe every 16 frames, so that a still scene shows one. */
  private static final ChangeGateConfig GATE =
      new ChangeGateConfig(ChangeGateConfig.DEFAULT_THRESHOLD, 16);

  @TempDir static Path dir;
  private static LlavaOnevisionModel model;

  @BeforeAll
  static void load() {
    TinyCheckpointWriter.writeTiny(dir);
    model = LlavaOnevisionModel.load(dir, ModelOptions.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /** A scene of {@link #FRAMES} frames with one question, asked at the last frame. */
  private static HeldOutScene scene(IntFunction<RgbImage> frame) {
    List<RgbImage> images = new ArrayList<>();
    Thumbnail[] thumbnails = new Thumbnail[FRAMES];
    for (int f = 0; f < FRAMES; f++) {
      images.add(frame.apply(f));
      thumbnails[f] = Thumbnail.of(images.get(f));
    }
    QaExample question =
        new QaExample(QuestionCategory.NOW, "now-count", "how many cars?", "two", FRAMES - 1);
    return new HeldOutScene(0, model.encoder().encode(images), thumbnails, List.of(question));
  }

  private static RgbImage grey(int level) {
    int side = StandardConfigs.tiny().vision().imageSize();
    return RgbImage.filled(side, side, level, level, level);
  }

  private static StreamSetup fullContext() {
    return StreamSetup.fullContext(FRAMES, model.tokensPerFrame());
  }

  @Test
  void theGateSkipsAStaticScenesRepeatedFramesButForcesKeyframes() {
    HeldOutScene still = scene(f -> grey(90));

    QaScore gated = StreamingQaScorer.score(model, fullContext().withGate(GATE), List.of(still));

    // Frame 0 is the first reference; frame 16 is the forced keyframe (one in every 16).
    assertEquals(FRAMES, gated.framesSeen());
    assertEquals(2, gated.framesEncoded());
    assertEquals((FRAMES - 2) / (double) FRAMES, gated.towerPassesSaved(), 1e-9);
    assertEquals(2 / (double) FRAMES, gated.tokensKeptRatio(), 1e-9);
    // The question at the last, skipped, frame is answered from the context as of that frame:
    // the two encoded frames' tokens, over all tokens of the frames seen.
    assertEquals(1, gated.answers());
    assertEquals(2 / (double) FRAMES, gated.retainedRatio(), 1e-9);
  }

  @Test
  void withoutTheGateEveryFrameIsEncoded() {
    QaScore plain = StreamingQaScorer.score(model, fullContext(), List.of(scene(f -> grey(90))));

    assertEquals(FRAMES, plain.framesEncoded());
    assertEquals(0.0, plain.towerPassesSaved());
    assertEquals(1.0, plain.retainedRatio(), 1e-9);
  }

  @Test
  void theGateEncodesEveryFrameOfAChangingScene() {
    HeldOutScene flicker = scene(f -> grey(f % 2 == 0 ? 40 : 200));

    QaScore gated = StreamingQaScorer.score(model, fullContext().withGate(GATE), List.of(flicker));

    assertEquals(FRAMES, gated.framesEncoded());
    assertEquals(1.0, gated.retainedRatio(), 1e-9);
  }
}
