package dev.streamdycoke.simulator.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Over simulated streets, every question the generator asks has the answer {@link ReferenceAnswers}
 * reads off the raw ground truth up to the frame it is asked at, and is one it may ask at all.
 */
class AnswersFollowFromGroundTruthTest {
  private static final int FRAMES = 2_000;
  private static final long[] SEEDS = {1, 2, 3};

  /** Asking at every fourth frame keeps the reference's rescans of the whole past affordable. */
  private static final int EVERY = 4;

  @Test
  void everyAnswerMatchesTheReference() {
    Map<String, Integer> asked = new HashMap<>();
    Map<String, Set<String>> answers = new HashMap<>();
    Set<String> vocabulary = new HashSet<>(QaVocabulary.words());
    for (long seed : SEEDS) {
      List<GroundTruth> stream = Frames.stream(seed, FRAMES);
      double fps = Frames.scene(seed).fps();
      SceneHistory history = new SceneHistory(fps);
      // No balancing: it would turn down most questions whose answer is fixed for the stream.
      QuestionGenerator generator = new QuestionGenerator(seed, AnswerBalancer.none());
      for (int f = 0; f < FRAMES; f++) {
        history.add(stream.get(f));
        if (f % EVERY != 0) {
          continue;
        }
        ReferenceAnswers reference = new ReferenceAnswers(stream.subList(0, f + 1), fps);
        for (QuestionTemplate template : QuestionTemplates.all()) {
          Optional<QaExample> q = generator.ask(history, template);
          if (q.isEmpty()) {
            continue;
          }
          QaExample e = q.get();
          String where = "seed " + seed + " frame " + f + ": " + e.question();
          assertEquals(f, e.frameIndex(), where);
          assertEquals(template.category(), e.category(), where);
          assertEquals(Optional.of(e.answer()), referenceAnswer(reference, template, e), where);
          assertTrue(template.answers().contains(e.answer()), where + " -> " + e.answer());
          assertTrue(AnswerVocabulary.contains(e.answer()), where);
          assertTrue(QaText.isNormal(e.question()), where);
          assertTrue(vocabulary.containsAll(QaText.tokens(e.question())), where);
          asked.merge(template.id(), 1, Integer::sum);
          answers.computeIfAbsent(template.id(), id -> new HashSet<>()).add(e.answer());
        }
      }
    }
    for (QuestionTemplate template : QuestionTemplates.all()) {
      // Not vacuous: every template was asked often and gave more than one answer (except the
      // first arrival and departure, whose answer is one per stream: three streams may agree).
      assertTrue(asked.getOrDefault(template.id(), 0) >= 20, template.id() + " asked " + asked);
      if (!template.id().startsWith("memory_first_")) {
        assertTrue(answers.get(template.id()).size() >= 2, template.id() + " " + answers);
      }
    }
  }

  /** The slot values are recovered by matching the text against every rendering. */
  private static Optional<String> referenceAnswer(
      ReferenceAnswers reference, QuestionTemplate template, QaExample e) {
    for (ObjectKind k : ObjectKind.values()) {
      for (ObjectColour c : ObjectColour.values()) {
        if (template.render(k, c).equals(e.question())) {
          return reference.answer(template.id(), k, c);
        }
      }
    }
    throw new AssertionError("no rendering of " + template.id() + " reads " + e.question());
  }
}
