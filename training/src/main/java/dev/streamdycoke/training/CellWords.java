package dev.streamdycoke.training;

import dev.streamdycoke.simulator.qa.AnswerVocabulary;
import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.VisibleObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The answer words the decoder is taught to say at each visual position, an auxiliary target on the
 * visual tokens (equal weight to each word of a cell):
 *
 * <ul>
 *   <li>background: {@code no};
 *   <li>an object's cell ({@link CellLabels#of}): its kind;
 *   <li>the cell holding a seen object's centre ({@link CellLabels#centres}): that object's kind
 *       and its rank among the seen objects of its kind in the frame, in token order ({@code 1},
 *       {@code 2}, ...). The last of them says the count "how many cars?" asks for.
 * </ul>
 *
 * <p>Colour is left to the tokens themselves: teaching object cells to say kind and colour (half
 * each) cost "is there a car?" 5 points and "is there a red car?" 8 to 10 in two training runs.
 */
public final class CellWords {
  private CellWords() {}

  /** The words of each cell of a {@code side x side} grid, row-major as the visual tokens. */
  public static List<List<String>> of(GroundTruth truth, int width, int height, int side) {
    VisibleObject[] owners = CellLabels.owners(truth, width, height, side);
    List<List<String>> out = new ArrayList<>(owners.length);
    for (VisibleObject o : owners) {
      out.add(o == null ? List.of(AnswerVocabulary.NO) : List.of(o.kind().label()));
    }
    List<VisibleObject> seen =
        truth.objects().stream()
            .filter(o -> CellLabels.centreCell(o, width, height, side) >= 0)
            .sorted(
                Comparator.comparingInt(
                        (VisibleObject o) -> CellLabels.centreCell(o, width, height, side))
                    .thenComparingInt(VisibleObject::id))
            .toList();
    int[] rank = new int[ObjectKind.values().length];
    for (VisibleObject o : seen) {
      int r = Math.min(AnswerVocabulary.MAX_COUNT, ++rank[o.kind().ordinal()]);
      out.set(
          CellLabels.centreCell(o, width, height, side),
          List.of(o.kind().label(), AnswerVocabulary.count(r)));
    }
    return out;
  }
}
