package dev.streamdycoke.training;

import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.simulator.qa.QaExample;
import dev.streamdycoke.simulator.scene.GroundTruth;
import java.util.List;

/**
 * Consecutive frames of one scene with their ground truth, and questions asked at the last frame
 * about the clip (its history starts at the clip's first frame).
 */
public record Clip(
    long seed, List<RgbImage> frames, List<GroundTruth> truths, List<QaExample> questions) {
  public Clip {
    frames = List.copyOf(frames);
    truths = List.copyOf(truths);
    questions = List.copyOf(questions);
  }
}
