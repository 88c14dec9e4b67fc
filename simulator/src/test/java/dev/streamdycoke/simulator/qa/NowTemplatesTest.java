package dev.streamdycoke.simulator.qa;

import static dev.streamdycoke.simulator.qa.Frames.asked;
import static dev.streamdycoke.simulator.qa.Frames.frame;
import static dev.streamdycoke.simulator.qa.Frames.historyOf;
import static dev.streamdycoke.simulator.qa.Frames.obj;
import static dev.streamdycoke.simulator.scene.ObjectColour.BLACK;
import static dev.streamdycoke.simulator.scene.ObjectColour.BLUE;
import static dev.streamdycoke.simulator.scene.ObjectColour.GREEN;
import static dev.streamdycoke.simulator.scene.ObjectColour.RED;
import static dev.streamdycoke.simulator.scene.ObjectColour.YELLOW;
import static dev.streamdycoke.simulator.scene.ObjectKind.BIKE;
import static dev.streamdycoke.simulator.scene.ObjectKind.CAR;
import static dev.streamdycoke.simulator.scene.ObjectKind.PERSON;
import static dev.streamdycoke.simulator.scene.ObjectKind.TRUCK;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamdycoke.simulator.scene.Motion;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** NOW templates against one hand-built frame. */
class NowTemplatesTest {
  /**
   * Two cars (one stopped), a bike, a person showing 30 % (partial: not asked about) and a truck
   * fully hidden behind something (not there at all).
   */
  private final SceneHistory street =
      historyOf(
          frame(
              0,
              List.of(
                  obj(1, CAR, RED, 1.0, Motion.STOPPED),
                  obj(2, CAR, BLUE, 0.6),
                  obj(3, PERSON, GREEN, 0.3),
                  obj(4, BIKE, YELLOW, 0.9),
                  obj(5, TRUCK, BLACK, 0.0)),
              List.of()));

  @Test
  void countsSeenObjectsAndSkipsKindsWithPartialOnes() {
    assertEquals(
        Map.of(
            "how many cars are there?", "2",
            "how many bikes are there?", "1",
            "how many trucks are there?", "0"),
        asked(street, "now_count_kind"));
  }

  @Test
  void presenceIsYesWhenSeenNoWhenNothingShows() {
    assertEquals(
        Map.of(
            "is there a car?", "yes",
            "is there a bike?", "yes",
            "is there a truck?", "no"),
        asked(street, "now_kind_present"));
  }

  @Test
  void colourPresenceCoversEveryPairButThePartialOne() {
    Map<String, String> expected = new TreeMap<>();
    for (KindColour p : KindColour.ALL) {
      expected.put("is there a " + p.colour().label() + " " + p.kind().label() + "?", "no");
    }
    expected.remove("is there a green person?");
    expected.put("is there a red car?", "yes");
    expected.put("is there a blue car?", "yes");
    expected.put("is there a yellow bike?", "yes");
    assertEquals(expected, asked(street, "now_colour_kind_present"));
  }

  @Test
  void colourIsAskedOnlyOfAKindWithOneObjectInView() {
    // Two cars: "the car" is ambiguous; the person shows too little; no truck shows.
    assertEquals(Map.of("what colour is the bike?", "yellow"), asked(street, "now_kind_colour"));
  }

  @Test
  void stoppedIsYesForASeenStoppedObjectNoForNoneAndSkippedForAPartialOne() {
    assertEquals(Map.of("is anything stopped?", "yes"), asked(street, "now_anything_stopped"));
    SceneHistory moving = historyOf(frame(0, List.of(obj(1, CAR, RED, 1.0)), List.of()));
    assertEquals(Map.of("is anything stopped?", "no"), asked(moving, "now_anything_stopped"));
    SceneHistory edge =
        historyOf(
            frame(
                0,
                List.of(obj(1, CAR, RED, 1.0), obj(2, TRUCK, RED, 0.2, Motion.STOPPED)),
                List.of()));
    assertEquals(Map.of(), asked(edge, "now_anything_stopped"));
  }

  @Test
  void thresholdIsInclusive() {
    SceneHistory half =
        historyOf(frame(0, List.of(obj(1, CAR, RED, Visibility.SEEN_FRACTION)), List.of()));
    assertEquals("1", asked(half, "now_count_kind").get("how many cars are there?"));
  }
}
