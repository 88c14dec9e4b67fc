package dev.streamdycoke.job.qa;

import static dev.streamdycoke.job.qa.QuestionCategory.MEMORY;

import dev.streamdycoke.job.cameras.scene.ObjectKind;
import dev.streamdycoke.job.qa.QuestionTemplate.Posed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Questions about everything since the history began. "Appeared" means seen at some frame
 * ({@link Visibility}); arrivals and departures are the ground truth's events.
 */
final class MemoryTemplates {
  private MemoryTemplates() {}

  static List<QuestionTemplate> all() {
    return List.of(
        new QuestionTemplate("memory_first_entered", MEMORY, "what entered first?",
            AnswerVocabulary.kindAnswers(),
            (h, r) -> Templates.singleKind(h.firstEntries()).map(k -> Posed.answer(k.label()))),
        new QuestionTemplate("memory_kind_appeared", MEMORY, "has a {kind} appeared?",
            AnswerVocabulary.yesNoAnswers(), MemoryTemplates::kindAppeared),
        new QuestionTemplate("memory_colour_kind_appeared", MEMORY,
            "has a {colour} {kind} appeared?",
            AnswerVocabulary.yesNoAnswers(), MemoryTemplates::colourKindAppeared),
        new QuestionTemplate("memory_exit_side", MEMORY,
            "which way did the {colour} {kind} leave?",
            AnswerVocabulary.sideAnswers(), MemoryTemplates::exitSide),
        new QuestionTemplate("memory_first_left", MEMORY, "what was the first thing to leave?",
            AnswerVocabulary.kindAnswers(),
            (h, r) -> Templates.singleKind(h.firstDepartures())
                .map(k -> Posed.answer(k.label()))));
  }

  /** Yes once one was seen; no while no part of one ever showed; else not asked. */
  private static Optional<Posed> kindAppeared(SceneHistory h, Random random) {
    List<ObjectKind> yes = new ArrayList<>();
    List<ObjectKind> no = new ArrayList<>();
    for (ObjectKind kind : ObjectKind.values()) {
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
      if (h.appeared(p.kind(), p.colour())) {
        yes.add(p);
      } else if (!h.everPresent(p.kind(), p.colour())) {
        no.add(p);
      }
    }
    return Pick.balanced(random, yes, no).map(c -> new Posed(
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
    return Pick.any(random, departed).map(p -> new Posed(p.kind(), p.colour(),
        h.exitOfOnly(p.kind(), p.colour()).orElseThrow().label()));
  }
}
