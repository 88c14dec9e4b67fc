package dev.streamdycoke.model.checkpoint;

import java.util.List;

/**
 * The names a tensor of canonical (legacy transformers) name may be stored under: itself, or the
 * name transformers 4.52 and later save ({@code model.language_model.*}, {@code lm_head.weight},
 * {@code model.vision_tower.*}, {@code model.multi_modal_projector.*}, {@code
 * model.image_newline}).
 */
final class TensorNames {
  private static final String[][] PREFIXES = {
    {"language_model.model.", "model.language_model."},
    {"vision_tower.", "model.vision_tower."},
    {"multi_modal_projector.", "model.multi_modal_projector."},
  };

  private TensorNames() {}

  /** The stored names to try for {@code canonical}, canonical first. */
  static List<String> candidates(String canonical) {
    if (canonical.equals(TensorLayout.LM_HEAD)) {
      return List.of(canonical, "lm_head.weight");
    }
    if (canonical.equals(TensorLayout.IMAGE_NEWLINE)) {
      return List.of(canonical, "model.image_newline");
    }
    for (String[] p : PREFIXES) {
      if (canonical.startsWith(p[0])) {
        return List.of(canonical, p[1] + canonical.substring(p[0].length()));
      }
    }
    return List.of(canonical);
  }
}
