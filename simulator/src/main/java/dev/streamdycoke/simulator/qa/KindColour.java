package dev.streamdycoke.simulator.qa;

import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import java.util.ArrayList;
import java.util.List;

/** A kind and a colour: "the red car". */
record KindColour(ObjectKind kind, ObjectColour colour) {
  /** Every pair, kinds outer, both in enum order. */
  static final List<KindColour> ALL = all();

  private static List<KindColour> all() {
    List<KindColour> out = new ArrayList<>();
    for (ObjectKind k : ObjectKind.values()) {
      for (ObjectColour c : ObjectColour.values()) {
        out.add(new KindColour(k, c));
      }
    }
    return List.copyOf(out);
  }
}
