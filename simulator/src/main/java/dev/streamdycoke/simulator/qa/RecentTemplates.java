package dev.streamdycoke.simulator.qa;

import static dev.streamdycoke.simulator.qa.QuestionCategory.RECENT;

import dev.streamdycoke.simulator.qa.QuestionTemplate.Posed;
import dev.streamdycoke.simulator.scene.EventType;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.SceneEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Questions about the recent window ({@link SceneHistory#windowFrames()}). Entering, leaving and
 * stopping are the ground truth's events; "was there" uses {@link Visibility}.
 */
final class RecentTemplates {
  private RecentTemplates() {}

  static List<QuestionTemplate> all() {
    return List.of(
        new QuestionTemplate(
            "recent_kind_entered",
            RECENT,
            "did a {kind} enter in the last five seconds?",
            AnswerVocabulary.yesNoAnswers(),
            RecentTemplates::kindEntered),
        new QuestionTemplate(
            "recent_last_entered",
            RECENT,
            "what entered last?",
            AnswerVocabulary.kindAnswers(),
            RecentTemplates::lastEntered),
        new QuestionTemplate(
            "recent_count_left",
            RECENT,
            "how many objects left in the last five seconds?",
            AnswerVocabulary.countAnswers(),
            RecentTemplates::countLeft),
        new QuestionTemplate(
            "recent_anything_stopped",
            RECENT,
            "did anything stop in the last five seconds?",
            AnswerVocabulary.yesNoAnswers(),
            RecentTemplates::anythingStopped),
        new QuestionTemplate(
            "recent_kind_seen",
            RECENT,
            "was there a {kind} in the last five seconds?",
            AnswerVocabulary.yesNoAnswers(),
            RecentTemplates::kindSeen));
  }

  private static Optional<Posed> kindEntered(SceneHistory h, Random random) {
    List<ObjectKind> yes = new ArrayList<>();
    List<ObjectKind> no = new ArrayList<>();
    List<SceneEvent> events = h.recentEvents();
    for (ObjectKind kind : ObjectKind.values()) {
      boolean entered =
          events.stream().anyMatch(e -> e.type() == EventType.ENTERED && e.kind() == kind);
      (entered ? yes : no).add(kind);
    }
    return Pick.balanced(random, yes, no)
        .map(c -> new Posed(c.subject(), null, AnswerVocabulary.yesNo(c.yes())));
  }

  /** The kind of the latest arrival, when it is recent and unambiguous (one kind that frame). */
  private static Optional<Posed> lastEntered(SceneHistory h, Random random) {
    List<SceneEvent> latest = h.latestEntries();
    if (latest.isEmpty() || !h.isRecent(latest.get(0).frameIndex())) {
      return Optional.empty();
    }
    return Templates.singleKind(latest).map(k -> Posed.answer(k.label()));
  }

  private static Optional<Posed> countLeft(SceneHistory h, Random random) {
    long left = h.recentEvents().stream().filter(e -> e.type() == EventType.LEFT).count();
    return left <= AnswerVocabulary.MAX_COUNT
        ? Optional.of(Posed.answer(AnswerVocabulary.count(left)))
        : Optional.empty();
  }

  private static Optional<Posed> anythingStopped(SceneHistory h, Random random) {
    boolean stopped = h.recentEvents().stream().anyMatch(e -> e.type() == EventType.STOPPED);
    return Optional.of(Posed.answer(AnswerVocabulary.yesNo(stopped)));
  }

  /** Yes when seen in the window; no when no part of one showed; else not asked. */
  private static Optional<Posed> kindSeen(SceneHistory h, Random random) {
    List<ObjectKind> yes = new ArrayList<>();
    List<ObjectKind> no = new ArrayList<>();
    for (ObjectKind kind : ObjectKind.values()) {
      if (h.seenRecently(kind)) {
        yes.add(kind);
      } else if (!h.presentRecently(kind)) {
        no.add(kind);
      }
    }
    return Pick.balanced(random, yes, no)
        .map(c -> new Posed(c.subject(), null, AnswerVocabulary.yesNo(c.yes())));
  }
}
