package dev.streamdycoke.cli.cameras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NewestFrameSlotTest {

  @Test
  void handsOutOnlyTheNewestItemAndEachItemOnce() {
    NewestFrameSlot<String> slot = new NewestFrameSlot<>();
    assertEquals(Optional.empty(), slot.takeNewest(), "nothing yet");
    slot.offer("f1");
    slot.offer("f2");
    slot.offer("f3");
    assertEquals(Optional.of("f3"), slot.takeNewest(), "a queue would hand out f1");
    assertEquals(Optional.empty(), slot.takeNewest(), "never the same frame twice");
    assertEquals(2, slot.overwritten());
    slot.offer("f4");
    assertEquals(Optional.of("f4"), slot.takeNewest());
    assertEquals(4, slot.offered());
    assertEquals(2, slot.overwritten());
  }

  @Test
  void anItemNotTakenYetIsNotCountedAsOverwritten() {
    NewestFrameSlot<String> slot = new NewestFrameSlot<>();
    slot.offer("f1");
    assertEquals(0, slot.overwritten());
    slot.offer("f2");
    assertEquals(1, slot.overwritten());
  }
}
