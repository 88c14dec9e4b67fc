package dev.streamdycoke.simulator.qa;

import static dev.streamdycoke.simulator.qa.Frames.asked;
import static dev.streamdycoke.simulator.scene.ObjectColour.BLUE;
import static dev.streamdycoke.simulator.scene.ObjectColour.GREEN;
import static dev.streamdycoke.simulator.scene.ObjectColour.RED;
import static dev.streamdycoke.simulator.scene.ObjectColour.WHITE;
import static dev.streamdycoke.simulator.scene.ObjectKind.BIKE;
import static dev.streamdycoke.simulator.scene.ObjectKind.CAR;
import static dev.streamdycoke.simulator.scene.ObjectKind.PERSON;
import static dev.streamdycoke.simulator.scene.ObjectKind.TRUCK;
import static dev.streamdycoke.simulator.scene.Side.LEFT;
import static dev.streamdycoke.simulator.scene.Side.RIGHT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * RECENT and MEMORY templates against a hand-built street at 1 fps, so "the last five seconds" at
 * frame t are frames t-4 .. t.
 *
 * <pre>
 * frame 1  red car enters from the left
 * frame 2  blue person enters from the right, green bike from the left
 * frame 3  the car stops (resumes at 5)
 * frame 4  the person leaves by the left, the bike by the right
 * frame 6  white truck enters from the right
 * frame 8  the red car leaves by the right
 * frame 9  a second red car enters from the left
 * </pre>
 */
class RecentAndMemoryTemplatesTest {
  private final Timeline street =
      new Timeline()
          .object(1, CAR, RED, 1, LEFT, 8, RIGHT)
          .object(2, PERSON, BLUE, 2, RIGHT, 4, LEFT)
          .object(3, BIKE, GREEN, 2, LEFT, 4, RIGHT)
          .object(4, TRUCK, WHITE, 6, RIGHT, -1, null)
          .object(5, CAR, RED, 9, LEFT, -1, null)
          .stopped(1, 3, 5);

  @Test
  void kindEnteredLooksAtTheWindowOnly() {
    assertEquals(
        Map.of(
            "did a car enter in the last five seconds?", "no",
            "did a person enter in the last five seconds?", "no",
            "did a bike enter in the last five seconds?", "no",
            "did a truck enter in the last five seconds?", "yes"),
        asked(street.history(8), "recent_kind_entered"));
    assertEquals(
        "yes",
        asked(street.history(5), "recent_kind_entered")
            .get("did a car enter in the last five seconds?"));
    assertEquals(
        "no",
        asked(street.history(6), "recent_kind_entered")
            .get("did a car enter in the last five seconds?"));
  }

  @Test
  void lastEnteredIsTheLatestRecentArrival() {
    assertEquals(
        Map.of("what entered last?", "truck"), asked(street.history(8), "recent_last_entered"));
    assertEquals(
        Map.of("what entered last?", "car"), asked(street.history(9), "recent_last_entered"));
    // Frame 2 brought a person and a bike at once: no single answer.
    assertEquals(Map.of(), asked(street.history(3), "recent_last_entered"));
    SceneHistory early = new Timeline().object(1, BIKE, RED, 0, LEFT, -1, null).history(5);
    // At frame 5 (window 1..5) the only arrival, at frame 0, is no longer recent.
    assertEquals(Map.of(), asked(early, "recent_last_entered"));
    assertEquals(
        Map.of("what entered last?", "bike"),
        asked(
            new Timeline().object(1, BIKE, RED, 0, LEFT, -1, null).history(4),
            "recent_last_entered"));
  }

  @Test
  void countLeftCountsDeparturesInTheWindow() {
    assertEquals(
        Map.of("how many objects left in the last five seconds?", "3"),
        asked(street.history(8), "recent_count_left"));
    assertEquals(
        Map.of("how many objects left in the last five seconds?", "1"),
        asked(street.history(9), "recent_count_left"));
    assertEquals(
        Map.of("how many objects left in the last five seconds?", "0"),
        asked(street.history(3), "recent_count_left"));
  }

  @Test
  void anythingStoppedSeesTheStopWhileItIsInTheWindow() {
    assertEquals(
        Map.of("did anything stop in the last five seconds?", "yes"),
        asked(street.history(7), "recent_anything_stopped"));
    assertEquals(
        Map.of("did anything stop in the last five seconds?", "no"),
        asked(street.history(8), "recent_anything_stopped"));
  }

  @Test
  void kindSeenNeedsASeenObjectInTheWindow() {
    assertEquals(
        Map.of(
            "was there a car in the last five seconds?", "yes",
            "was there a truck in the last five seconds?", "yes",
            "was there a person in the last five seconds?", "no",
            "was there a bike in the last five seconds?", "no"),
        asked(street.history(8), "recent_kind_seen"));
    // At frame 1 the only car shows 30 %: neither yes nor no is fair.
    assertEquals(
        Map.of(
            "was there a truck in the last five seconds?", "no",
            "was there a person in the last five seconds?", "no",
            "was there a bike in the last five seconds?", "no"),
        asked(street.history(1), "recent_kind_seen"));
  }

  @Test
  void firstEnteredIsTheEarliestArrival() {
    assertEquals(Map.of(), asked(street.history(0), "memory_first_entered"));
    // The first car is still in view until frame 8: the current frame shows it, not memory.
    assertEquals(Map.of(), asked(street.history(1), "memory_first_entered"));
    assertEquals(Map.of(), asked(street.history(7), "memory_first_entered"));
    assertEquals(
        Map.of("what entered first?", "car"), asked(street.history(9), "memory_first_entered"));
    SceneHistory together =
        new Timeline()
            .object(1, CAR, RED, 1, LEFT, -1, null)
            .object(2, PERSON, RED, 1, RIGHT, -1, null)
            .history(3);
    assertEquals(Map.of(), asked(together, "memory_first_entered"));
  }

  @Test
  void kindAppearedRemembersWhatWasSeenAndSkipsWhatOnlyPeeked() {
    // The truck is in view at frame 8: asking whether one appeared would be a question about now.
    assertEquals(
        Map.of(
            "has a car appeared?", "yes",
            "has a person appeared?", "yes",
            "has a bike appeared?", "yes"),
        asked(street.history(8), "memory_kind_appeared"));
    // At frame 1 the car shows 30 %: not asked about; the rest never showed.
    assertEquals(
        Map.of(
            "has a person appeared?", "no",
            "has a bike appeared?", "no",
            "has a truck appeared?", "no"),
        asked(street.history(1), "memory_kind_appeared"));
  }

  @Test
  void colourKindAppearedCoversEveryPair() {
    Map<String, String> expected = new TreeMap<>();
    for (KindColour p : KindColour.ALL) {
      expected.put("has a " + p.colour().label() + " " + p.kind().label() + " appeared?", "no");
    }
    for (String seen : new String[] {"red car", "blue person", "green bike"}) {
      expected.put("has a " + seen + " appeared?", "yes");
    }
    expected.remove("has a white truck appeared?"); // in view: not a memory question
    assertEquals(expected, asked(street.history(8), "memory_colour_kind_appeared"));
  }

  @Test
  void exitSideNamesOnlyAnObjectItsColourAndKindIdentify() {
    assertEquals(
        Map.of(
            "which way did the red car leave?", "right",
            "which way did the blue person leave?", "left",
            "which way did the green bike leave?", "right"),
        asked(street.history(8), "memory_exit_side"));
    // A second red car arrived: "the red car" no longer names one object.
    assertEquals(
        Map.of(
            "which way did the blue person leave?", "left",
            "which way did the green bike leave?", "right"),
        asked(street.history(9), "memory_exit_side"));
    assertEquals(Map.of(), asked(street.history(3), "memory_exit_side"));
  }

  @Test
  void firstLeftIsTheEarliestDeparture() {
    // Frame 4 saw a person and a bike leave together: no single answer.
    assertEquals(Map.of(), asked(street.history(9), "memory_first_left"));
    assertEquals(Map.of(), asked(street.history(3), "memory_first_left"));
    SceneHistory one =
        new Timeline()
            .object(1, TRUCK, RED, 0, LEFT, 2, LEFT)
            .object(2, CAR, RED, 1, LEFT, 3, RIGHT)
            .history(5);
    assertEquals(
        Map.of("what was the first thing to leave?", "truck"), asked(one, "memory_first_left"));
  }
}
