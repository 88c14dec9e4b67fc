package dev.streamdycoke.simulator.qa;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every question template, in a fixed order: the {@link QuestionCategory#NOW NOW} ones, then {@link
 * QuestionCategory#RECENT RECENT}, then {@link QuestionCategory#MEMORY MEMORY}.
 */
public final class QuestionTemplates {
  private static final List<QuestionTemplate> ALL = all0();

  private QuestionTemplates() {}

  /** All templates. */
  public static List<QuestionTemplate> all() {
    return ALL;
  }

  /** The templates of one category. */
  public static List<QuestionTemplate> of(QuestionCategory category) {
    return ALL.stream().filter(t -> t.category() == category).toList();
  }

  /**
   * The template with this id.
   *
   * @throws NoSuchElementException when there is none
   */
  public static QuestionTemplate byId(String id) {
    return ALL.stream()
        .filter(t -> t.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no question template " + id));
  }

  private static List<QuestionTemplate> all0() {
    List<QuestionTemplate> out = new ArrayList<>();
    out.addAll(NowTemplates.all());
    out.addAll(RecentTemplates.all());
    out.addAll(MemoryTemplates.all());
    return List.copyOf(out);
  }
}
