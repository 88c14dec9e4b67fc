package dev.streamdycoke.simulator.qa;

import static dev.streamdycoke.simulator.qa.QuestionCategory.NOW;

import dev.streamdycoke.simulator.qa.QuestionTemplate.Posed;
import dev.streamdycoke.simulator.scene.Motion;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.VisibleObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Questions about the frame they are asked at. "There is" means seen ({@link Visibility}); a
 * question is skipped when a partial object could change its answer.
 */
final class NowTemplates {
  private NowTemplates() {}

  static List<QuestionTemplate> all() {
    return List.of(
        new QuestionTemplate(
            "now_count_kind",
            NOW,
            "how many {kinds} are there?",
            AnswerVocabulary.countAnswers(),
            NowTemplates::countKind),
        new QuestionTemplate(
            "now_kind_present",
            NOW,
            "is there a {kind}?",
            AnswerVocabulary.yesNoAnswers(),
            NowTemplates::kindPresent),
        new QuestionTemplate(
            "now_colour_kind_present",
            NOW,
            "is there a {colour} {kind}?",
            AnswerVocabulary.yesNoAnswers(),
            NowTemplates::colourKindPresent),
        new QuestionTemplate(
            "now_kind_colour",
            NOW,
            "what colour is the {kind}?",
            AnswerVocabulary.colourAnswers(),
            NowTemplates::kindColour),
        new QuestionTemplate(
            "now_anything_stopped",
            NOW,
            "is anything stopped?",
            AnswerVocabulary.yesNoAnswers(),
            NowTemplates::anythingStopped));
  }

  /** Seen objects of the kind; asked only with no partial one, half the time about a kind shown. */
  private static Optional<Posed> countKind(SceneHistory h, Random random) {
    List<ObjectKind> some = new ArrayList<>();
    List<ObjectKind> none = new ArrayList<>();
    for (ObjectKind kind : ObjectKind.values()) {
      Predicate<VisibleObject> ofKind = o -> o.kind() == kind;
      long seen = count(h, ofKind.and(Visibility::isSeen));
      if (count(h, ofKind.and(Visibility::isPartial)) == 0 && seen <= AnswerVocabulary.MAX_COUNT) {
        (seen > 0 ? some : none).add(kind);
      }
    }
    return Pick.balanced(random, some, none)
        .map(
            c ->
                new Posed(
                    c.subject(),
                    null,
                    AnswerVocabulary.count(
                        count(h, o -> o.kind() == c.subject() && Visibility.isSeen(o)))));
  }

  private static Optional<Posed> kindPresent(SceneHistory h, Random random) {
    List<ObjectKind> yes = new ArrayList<>();
    List<ObjectKind> no = new ArrayList<>();
    for (ObjectKind kind : ObjectKind.values()) {
      classify(h, o -> o.kind() == kind, kind, yes, no);
    }
    return Pick.balanced(random, yes, no)
        .map(c -> new Posed(c.subject(), null, AnswerVocabulary.yesNo(c.yes())));
  }

  private static Optional<Posed> colourKindPresent(SceneHistory h, Random random) {
    List<KindColour> yes = new ArrayList<>();
    List<KindColour> no = new ArrayList<>();
    for (KindColour p : KindColour.ALL) {
      classify(h, o -> o.kind() == p.kind() && o.colour() == p.colour(), p, yes, no);
    }
    return Pick.balanced(random, yes, no)
        .map(
            c ->
                new Posed(
                    c.subject().kind(), c.subject().colour(), AnswerVocabulary.yesNo(c.yes())));
  }

  /** Asked about a kind with exactly one seen object and no partial one, so "the" names it. */
  private static Optional<Posed> kindColour(SceneHistory h, Random random) {
    List<VisibleObject> only = new ArrayList<>();
    for (ObjectKind kind : ObjectKind.values()) {
      List<VisibleObject> present =
          h.now().objects().stream()
              .filter(o -> o.kind() == kind && Visibility.isPresent(o))
              .toList();
      if (present.size() == 1 && Visibility.isSeen(present.get(0))) {
        only.add(present.get(0));
      }
    }
    return Pick.any(random, only).map(o -> new Posed(o.kind(), null, o.colour().label()));
  }

  private static Optional<Posed> anythingStopped(SceneHistory h, Random random) {
    Predicate<VisibleObject> stopped = o -> o.motion() == Motion.STOPPED;
    if (count(h, stopped.and(Visibility::isSeen)) > 0) {
      return Optional.of(Posed.answer(AnswerVocabulary.YES));
    }
    return count(h, stopped.and(Visibility::isPresent)) == 0
        ? Optional.of(Posed.answer(AnswerVocabulary.NO))
        : Optional.empty();
  }

  /**
   * Files {@code subject} under yes when a matching object is seen, under no when none is even
   * present; otherwise only partial ones match and the subject is not asked about.
   */
  private static <T> void classify(
      SceneHistory h, Predicate<VisibleObject> matches, T subject, List<T> yes, List<T> no) {
    if (count(h, matches.and(Visibility::isSeen)) > 0) {
      yes.add(subject);
    } else if (count(h, matches.and(Visibility::isPresent)) == 0) {
      no.add(subject);
    }
  }

  private static long count(SceneHistory h, Predicate<VisibleObject> p) {
    return h.now().objects().stream().filter(p).count();
  }
}
