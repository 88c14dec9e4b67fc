package dev.streamdycoke.simulator.qa;

import dev.streamdycoke.simulator.scene.EventType;
import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.SceneEvent;
import dev.streamdycoke.simulator.scene.Side;
import dev.streamdycoke.simulator.scene.VisibleObject;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a question asked at the latest frame may depend on: one camera's ground truth folded frame
 * by frame, everything up to and including that frame and nothing after it.
 *
 * <p>Compact, so questions can be asked at any moment of an endless stream: the current frame, the
 * events of the recent window, and fixed-size summaries of the whole past (first and latest
 * arrivals, the first departures, which kinds and kind-colour pairs ever showed, per pair how many
 * entered and where the only one left). Its size does not grow with the stream.
 *
 * <p>The recent window is the last {@link #windowFrames()} frames, {@value #RECENT_SECONDS} seconds
 * at the scene's frame rate, counted in frames so that no rounding of scene times decides what is
 * recent: frame {@code f} is recent at frame {@code t} when {@code t - f < windowFrames()}.
 *
 * <p>Not thread-safe.
 */
public final class SceneHistory {
  /** Length of the recent window, in seconds; the question texts say "five seconds". */
  public static final int RECENT_SECONDS = 5;

  private static final int KINDS = ObjectKind.values().length;
  private static final int COLOURS = ObjectColour.values().length;

  private final long windowFrames;
  private GroundTruth now;
  private final ArrayDeque<SceneEvent> recentEvents = new ArrayDeque<>();
  private final long[] lastSeen = new long[KINDS];
  private final long[] lastPresent = new long[KINDS];
  private final boolean[][] appeared = new boolean[KINDS][COLOURS];
  private final boolean[][] everPresent = new boolean[KINDS][COLOURS];
  private final int[][] entries = new int[KINDS][COLOURS];

  /** Per pair, the id of the first object of it to enter; its exit side once it has left. */
  private final int[][] firstEnteredId = new int[KINDS][COLOURS];

  private final Side[][] exitOfFirstEntered = new Side[KINDS][COLOURS];
  private List<SceneEvent> firstEntries = List.of();
  private List<SceneEvent> latestEntries = List.of();
  private List<SceneEvent> firstDepartures = List.of();

  /**
   * An empty history for a scene at {@code fps} frames per second.
   *
   * @throws IllegalArgumentException if {@code fps} is not positive
   */
  public SceneHistory(double fps) {
    if (!(fps > 0)) {
      throw new IllegalArgumentException("fps must be positive: " + fps);
    }
    this.windowFrames = Math.max(1, Math.round(RECENT_SECONDS * fps));
    Arrays.fill(lastSeen, Long.MIN_VALUE);
    Arrays.fill(lastPresent, Long.MIN_VALUE);
    for (int[] row : firstEnteredId) {
      Arrays.fill(row, -1);
    }
  }

  /**
   * Adds the next frame's ground truth.
   *
   * @throws IllegalArgumentException unless it is the frame right after the last one added (any
   *     frame may come first: the history then starts there)
   */
  public void add(GroundTruth frame) {
    if (now != null && frame.frameIndex() != now.frameIndex() + 1) {
      throw new IllegalArgumentException(
          "frames must be consecutive: got " + frame.frameIndex() + " after " + now.frameIndex());
    }
    now = frame;
    long t = frame.frameIndex();
    while (!recentEvents.isEmpty() && !isRecent(recentEvents.peekFirst().frameIndex())) {
      recentEvents.removeFirst();
    }
    recentEvents.addAll(frame.events());
    for (VisibleObject o : frame.objects()) {
      int k = o.kind().ordinal();
      if (Visibility.isSeen(o)) {
        lastSeen[k] = t;
        appeared[k][o.colour().ordinal()] = true;
      }
      if (Visibility.isPresent(o)) {
        lastPresent[k] = t;
        everPresent[k][o.colour().ordinal()] = true;
      }
    }
    foldEvents(frame.events(EventType.ENTERED), frame.events(EventType.LEFT));
  }

  private void foldEvents(List<SceneEvent> entered, List<SceneEvent> left) {
    if (!entered.isEmpty()) {
      if (firstEntries.isEmpty()) {
        firstEntries = entered;
      }
      latestEntries = entered;
    }
    if (!left.isEmpty() && firstDepartures.isEmpty()) {
      firstDepartures = left;
    }
    for (SceneEvent e : entered) {
      int k = e.kind().ordinal();
      int c = e.colour().ordinal();
      if (entries[k][c]++ == 0) {
        firstEnteredId[k][c] = e.objectId();
      }
    }
    for (SceneEvent e : left) {
      int k = e.kind().ordinal();
      int c = e.colour().ordinal();
      if (firstEnteredId[k][c] == e.objectId()) {
        exitOfFirstEntered[k][c] = e.side();
      }
    }
  }

  /** Whether no frame has been added yet. */
  public boolean isEmpty() {
    return now == null;
  }

  /** The latest frame's index; the frame a question is asked at. */
  public long frameIndex() {
    return requireNow().frameIndex();
  }

  /** The latest frame's ground truth. */
  public GroundTruth now() {
    return requireNow();
  }

  /** Frames in the recent window: {@value #RECENT_SECONDS} seconds' worth, at least 1. */
  public long windowFrames() {
    return windowFrames;
  }

  /** Whether frame {@code f} (at most the latest) lies in the recent window. */
  public boolean isRecent(long f) {
    return requireNow().frameIndex() - f < windowFrames;
  }

  /** Every event of the recent window, oldest first. */
  public List<SceneEvent> recentEvents() {
    return List.copyOf(recentEvents);
  }

  /** Whether an object of {@code kind} was seen in some frame of the recent window. */
  public boolean seenRecently(ObjectKind kind) {
    long f = lastSeen[kind.ordinal()];
    return f != Long.MIN_VALUE && isRecent(f);
  }

  /** Whether any part of an object of {@code kind} showed in some frame of the recent window. */
  public boolean presentRecently(ObjectKind kind) {
    long f = lastPresent[kind.ordinal()];
    return f != Long.MIN_VALUE && isRecent(f);
  }

  /** Whether an object of {@code kind} was ever seen (in any colour). */
  public boolean appeared(ObjectKind kind) {
    for (boolean seen : appeared[kind.ordinal()]) {
      if (seen) {
        return true;
      }
    }
    return false;
  }

  /** Whether an object of {@code kind} and {@code colour} was ever seen. */
  public boolean appeared(ObjectKind kind, ObjectColour colour) {
    return appeared[kind.ordinal()][colour.ordinal()];
  }

  /** Whether any part of an object of {@code kind} ever showed. */
  public boolean everPresent(ObjectKind kind) {
    return lastPresent[kind.ordinal()] != Long.MIN_VALUE;
  }

  /** Whether any part of an object of {@code kind} and {@code colour} ever showed. */
  public boolean everPresent(ObjectKind kind, ObjectColour colour) {
    return everPresent[kind.ordinal()][colour.ordinal()];
  }

  /** How many objects of {@code kind} and {@code colour} entered. */
  public int entries(ObjectKind kind, ObjectColour colour) {
    return entries[kind.ordinal()][colour.ordinal()];
  }

  /**
   * The side by which the one object of {@code kind} and {@code colour} left: present only when
   * exactly one such object ever entered and it has left, so "the red car" names one object.
   */
  public Optional<Side> exitOfOnly(ObjectKind kind, ObjectColour colour) {
    int k = kind.ordinal();
    int c = colour.ordinal();
    return entries[k][c] == 1 ? Optional.ofNullable(exitOfFirstEntered[k][c]) : Optional.empty();
  }

  /** The ENTERED events of the first frame that had any; empty while nothing has entered. */
  public List<SceneEvent> firstEntries() {
    return firstEntries;
  }

  /** The ENTERED events of the latest frame that had any; empty while nothing has entered. */
  public List<SceneEvent> latestEntries() {
    return latestEntries;
  }

  /** The LEFT events of the first frame that had any; empty while nothing has left. */
  public List<SceneEvent> firstDepartures() {
    return firstDepartures;
  }

  /** How many events the history holds: the recent window's; bounded however long it runs. */
  public int retainedEvents() {
    return recentEvents.size()
        + firstEntries.size()
        + latestEntries.size()
        + firstDepartures.size();
  }

  private GroundTruth requireNow() {
    if (now == null) {
      throw new IllegalStateException("no frame added yet");
    }
    return now;
  }
}
