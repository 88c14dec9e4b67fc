package dev.streamdycoke.simulator.qa;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.simulator.scene.GroundTruth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A model that always gives a template's most common answer must score poorly. */
class AnswerBalanceTest {
  private static final int FRAMES = 1_500;
  private static final int STREAMS = 12;

  @Test
  void majorityAnswerBaselineStaysLow() {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    QuestionGenerator generator = new QuestionGenerator(99);
    Random moments = new Random(5);
    for (long seed = 1; seed <= STREAMS; seed++) {
      List<GroundTruth> stream = Frames.stream(seed, FRAMES);
      SceneHistory history = new SceneHistory(Frames.scene(seed).fps());
      for (GroundTruth frame : stream) {
        history.add(frame);
        // Questions at random moments, as the benchmark asks them.
        if (moments.nextDouble() < 0.3) {
          generator
              .ask(history)
              .ifPresent(
                  q ->
                      counts
                          .computeIfAbsent(q.templateId(), id -> new HashMap<>())
                          .merge(q.answer(), 1, Integer::sum));
        }
      }
    }
    StringBuilder report = new StringBuilder();
    for (QuestionTemplate t : QuestionTemplates.all()) {
      Map<String, Integer> perAnswer = counts.getOrDefault(t.id(), Map.of());
      int total = perAnswer.values().stream().mapToInt(Integer::intValue).sum();
      int majority = perAnswer.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      double baseline = total == 0 ? 1 : (double) majority / total;
      report.append(
          String.format(
              "%-28s n=%4d majority %.2f %s%n", t.id(), total, baseline, new TreeMap<>(perAnswer)));
    }
    System.out.print(report);
    for (QuestionTemplate t : QuestionTemplates.all()) {
      Map<String, Integer> perAnswer = counts.getOrDefault(t.id(), Map.of());
      int total = perAnswer.values().stream().mapToInt(Integer::intValue).sum();
      int majority = perAnswer.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      double baseline = total == 0 ? 1 : (double) majority / total;
      assertTrue(total >= 30, t.id() + " asked only " + total + " times\n" + report);
      if (t.answers().equals(AnswerVocabulary.yesNoAnswers())) {
        assertTrue(baseline < 0.6, t.id() + " majority baseline " + baseline + "\n" + report);
      } else {
        assertTrue(baseline <= 0.55, t.id() + " majority baseline " + baseline + "\n" + report);
      }
    }
  }
}
