package dev.streamdycoke.simulator.qa;

import static dev.streamdycoke.simulator.qa.QuestionCategory.MEMORY;

import dev.streamdycoke.simulator.qa.QuestionTemplate.Posed;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.SceneEvent;
import dev.streamdycoke.simulator.scene.VisibleObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Questions about everything since the history began. "Appeared" means seen at some frame ({@link
 * Visibility}); arrivals and departures are the ground truth's events.
 *
 * <p>A memory question is asked only when the current frame cannot answer it: what it asks about
 * has gone out of view (or never came). "Has a car appeared?" with a car in view is a question
 * about now; asked of one that drove off eight seconds ago, it tests whether the camera's context
 * kept that car, which is what token budgets and eviction policies differ on.
 */
final class MemoryTemplates {
  private MemoryTemplates() {}

  static List<QuestionTemplate> all() {
    return List.of(
        new QuestionTemplate(
            "memory_first_entered",
            MEMORY,
            "what entered first?",
            AnswerVocabulary.kindAnswers(),
            (h, r) ->
                outOfView(h, h.firstEntries())
                    ? Templates.singleKind(h.firstEntries()).map(k -> Posed.answer(k.label()))
                    : Optional.empty()),
        new QuestionTemplate(
            "memory_kind_appeared",
            MEMORY,
            "has a {kind} appeared?",
            AnswerVocabulary.yesNoAnswers(),
            MemoryTemplates::kindAppeared),
        new QuestionTemplate(
            "memory_colour_kind_appeared",
            MEMORY,
            "has a {colour} {kind} appeared?",
            AnswerVocabulary.yesNoAnswers(),
            MemoryTemplates::colourKindAppeared),
        new QuestionTemplate(
            "memory_exit_side",
            MEMORY,
            "which way did the {colour} {kind} leave?",
            AnswerVocabulary.sideAnswers(),
            MemoryTemplates::exitSide),
        new QuestionTemplate(
            "memory_first_left",
            MEMORY,
            "what was the first thing to leave?",
            AnswerVocabulary.kindAnswers(),
            (h, r) -> Templates.singleKind(h.firstDepartures()).map(k -> Posed.answer(k.label()))));
  }

  /**
   * Yes once one was seen and none is in view now; no while no part of one ever showed; else not
   * asked.
   */
  private static Optional<Posed> kindAppeared(SceneHistory h, Random random) {
    List<ObjectKind> yes = new ArrayList<>();
    List<ObjectKind> no = new ArrayList<>();
    for (ObjectKind kind : ObjectKind.values()) {
      if (inView(h, o -> o.kind() == kind)) {
        continue;
      }
      if (h.appeared(kind)) {
        yes.add(kind);
      } else if (!h.everPresent(kind)) {
        no.add(kind);
      }
    }
    return Pick.balanced(random, yes, no)
        .map(c -> new Posed(c.subject(), null, AnswerVocabulary.yesNo(c.yes())));
  }

  private static Optional<Posed> colourKindAppeared(SceneHistory h, Random random) {
    List<KindColour> yes = new ArrayList<>();
    List<KindColour> no = new ArrayList<>();
    for (KindColour p : KindColour.ALL) {
      if (inView(h, o -> o.kind() == p.kind() && o.colour() == p.colour())) {
        continue;
      }
      if (h.appeared(p.kind(), p.colour())) {
        yes.add(p);
      } else if (!h.everPresent(p.kind(), p.colour())) {
        no.add(p);
      }
    }
    return Pick.balanced(random, yes, no)
        .map(
            c ->
                new Posed(
                    c.subject().kind(), c.subject().colour(), AnswerVocabulary.yesNo(c.yes())));
  }

  /** Asked only about a pair of which exactly one object entered, and it has left. */
  private static Optional<Posed> exitSide(SceneHistory h, Random random) {
    List<KindColour> departed = new ArrayList<>();
    for (KindColour p : KindColour.ALL) {
      if (h.exitOfOnly(p.kind(), p.colour()).isPresent()) {
        departed.add(p);
      }
    }
    return Pick.any(random, departed)
        .map(
            p ->
                new Posed(
                    p.kind(),
                    p.colour(),
                    h.exitOfOnly(p.kind(), p.colour()).orElseThrow().label()));
  }

  /** Whether any part of a matching object shows in the current frame. */
  private static boolean inView(SceneHistory h, Predicate<VisibleObject> matches) {
    return h.now().objects().stream().anyMatch(o -> Visibility.isPresent(o) && matches.test(o));
  }

  /** Whether no part of the objects of {@code events} shows in the current frame. */
  private static boolean outOfView(SceneHistory h, List<SceneEvent> events) {
    return events.stream().noneMatch(e -> inView(h, o -> o.id() == e.objectId()));
  }
}
