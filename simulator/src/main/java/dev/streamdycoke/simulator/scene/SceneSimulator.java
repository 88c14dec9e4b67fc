package dev.streamdycoke.simulator.scene;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Advances the street world one frame at a time, deterministically from the config's seed: the same
 * config yields the same objects, movements and events on every JVM.
 *
 * <p>Each step: halted objects count down, moving ones may halt; everything moves (vehicles in a
 * lane never run into the one ahead, they queue behind it); crossing pedestrians turn onto the far
 * sidewalk; a new object may spawn just outside an edge; then the frame's ground truth is measured.
 * Objects enter when any part is inside the frame and leave, for good, once no part is.
 *
 * <p>Not thread-safe: one simulator per scene.
 */
public final class SceneSimulator {

  /** A vehicle keeps this share of its own height as a gap to the one ahead. */
  private static final double QUEUE_GAP = 0.3;

  /** Objects that never made it into view (blocked at the edge) are dropped after this long. */
  private static final double MAX_WAIT_SECONDS = 120;

  private final SceneConfig config;
  private final int width;
  private final int height;
  private final double dt;
  private final Random random;

  /** Alive objects, in id order: every random draw iterates in this order. */
  private final List<Agent> agents = new ArrayList<>();

  /** Per pixel, the draw-order index of the front-most box covering it (-1: none). */
  private final int[] labels;

  private long frameIndex = -1;
  private int nextId;

  public SceneSimulator(SceneConfig config) {
    this.config = config;
    this.width = config.width();
    this.height = config.height();
    this.dt = config.frameSeconds();
    this.random = new Random(Seeds.derive(config.seed(), Seeds.SIMULATION));
    this.labels = new int[width * height];
  }

  public SceneConfig config() {
    return config;
  }

  /** Index of the frame the last {@link #next()} returned; -1 before the first. */
  public long frameIndex() {
    return frameIndex;
  }

  /** Advances one frame (frame 0 on the first call) and returns the world at that frame. */
  public SceneFrame next() {
    frameIndex++;
    if (frameIndex > 0) {
      updateHalts();
      move();
    }
    maybeSpawn();
    return measure();
  }

  private void updateHalts() {
    double stopChance = 1 - Math.exp(-config.stopRatePerSecond() * dt);
    for (Agent a : agents) {
      a.ageSeconds += dt;
      if (a.stopRemaining > 0) {
        a.stopRemaining = Math.max(0, a.stopRemaining - dt);
      } else if (a.entered
          && a.motion == Motion.MOVING
          && a.box(height).isInside(width, height)
          && random.nextDouble() < stopChance) {
        a.stopRemaining =
            config.minStopSeconds()
                + (config.maxStopSeconds() - config.minStopSeconds()) * random.nextDouble();
      }
    }
  }

  private void move() {
    // Front-most first within each one-way lane, so a follower sees its leader's new position.
    List<Agent> order = new ArrayList<>(agents);
    order.sort(
        Comparator.comparingDouble((Agent a) -> a.lane == null ? 0 : -a.dirX * a.x)
            .thenComparingInt(a -> a.id));
    for (Agent a : order) {
      double step = a.stopRemaining > 0 ? 0 : a.speed * a.scale(height) * dt;
      if (a.lane != null && !a.lane.twoWay()) {
        step = Math.min(step, roomAhead(a));
      }
      double oldX = a.x;
      double oldY = a.y;
      a.x += a.dirX * step;
      a.y += a.dirY * step;
      if (a.lane == null && a.y <= a.turnAtY) {
        // A crossing pedestrian reached the far sidewalk: from now on walk along it.
        a.y = a.turnAtY;
        a.lane = StreetLayout.FAR_SIDEWALK;
        a.dirX = a.turnDirX;
        a.dirY = 0;
      }
      a.lastDx = a.x - oldX;
      a.lastDy = a.y - oldY;
      a.motion = step > 1e-9 ? Motion.MOVING : Motion.STOPPED;
    }
  }

  /** How far {@code a} may advance before it comes too close to the next object ahead. */
  private double roomAhead(Agent a) {
    double front = a.x + a.dirX * a.width(height) / 2;
    double room = Double.POSITIVE_INFINITY;
    for (Agent other : agents) {
      if (other == a || other.lane != a.lane) {
        continue;
      }
      double rear = other.x - a.dirX * other.width(height) / 2;
      double gap = (rear - front) * a.dirX;
      if ((other.x - a.x) * a.dirX > 0) {
        room = Math.min(room, gap - QUEUE_GAP * a.height(height));
      }
    }
    return Math.max(0, room);
  }

  private void maybeSpawn() {
    double spawnChance = 1 - Math.exp(-config.spawnRatePerSecond() * dt);
    if (agents.size() >= config.maxObjects() || random.nextDouble() >= spawnChance) {
      return;
    }
    ObjectKind kind = pickKind();
    ObjectColour colour = config.colours().get(random.nextInt(config.colours().size()));
    double speed =
        (kind.minSpeed() + (kind.maxSpeed() - kind.minSpeed()) * random.nextDouble()) * width;
    double baseHeight = kind.heightFraction() * height * (0.9 + 0.2 * random.nextDouble());
    boolean crossing = kind == ObjectKind.PERSON && random.nextDouble() < config.crossingShare();
    Agent a;
    if (crossing) {
      a = new Agent(nextId, kind, colour, Side.BOTTOM, baseHeight, speed);
      a.x = width * (0.1 + 0.8 * random.nextDouble());
      a.y = height + baseHeight * StreetLayout.scaleAt(1) + 1;
      a.dirY = -1;
      a.turnAtY = StreetLayout.FAR_SIDEWALK.baseline() * height;
      a.turnDirX = random.nextBoolean() ? 1 : -1;
    } else {
      List<StreetLayout.Lane> lanes = StreetLayout.lanesFor(kind);
      StreetLayout.Lane lane = lanes.get(random.nextInt(lanes.size()));
      int dir = lane.twoWay() ? (random.nextBoolean() ? 1 : -1) : lane.direction();
      a = new Agent(nextId, kind, colour, dir > 0 ? Side.LEFT : Side.RIGHT, baseHeight, speed);
      a.lane = lane;
      a.y = lane.baseline() * height;
      a.dirX = dir;
      double w = a.width(height);
      a.x = dir > 0 ? -w / 2 - 1 : width + w / 2 + 1;
    }
    if (entryBlocked(a)) {
      // Somebody is still squeezing in at that spot: skip this spawn rather than stack objects.
      return;
    }
    nextId++;
    agents.add(a);
  }

  private ObjectKind pickKind() {
    double total = 0;
    for (ObjectKind k : ObjectKind.values()) {
      total += config.kindWeights().getOrDefault(k, 0.0);
    }
    double u = random.nextDouble() * total;
    ObjectKind last = null;
    for (ObjectKind k : ObjectKind.values()) {
      double w = config.kindWeights().getOrDefault(k, 0.0);
      if (w > 0) {
        last = k;
        if (u < w) {
          return k;
        }
        u -= w;
      }
    }
    return last; // only reached through rounding
  }

  private boolean entryBlocked(Agent newcomer) {
    BoundingBox b = newcomer.box(height);
    int margin = (int) Math.ceil(QUEUE_GAP * newcomer.height(height));
    BoundingBox zone = new BoundingBox(b.x0() - margin, b.y0(), b.x1() + margin, b.y1());
    for (Agent other : agents) {
      boolean sameWay =
          other.lane == newcomer.lane && other.dirX == newcomer.dirX && other.dirY == newcomer.dirY;
      if (sameWay && overlaps(zone, other.box(height))) {
        return true;
      }
    }
    return false;
  }

  private static boolean overlaps(BoundingBox a, BoundingBox b) {
    return a.x0() < b.x1() && b.x0() < a.x1() && a.y0() < b.y1() && b.y0() < a.y1();
  }

  private SceneFrame measure() {
    double time = frameIndex / config.fps();
    List<SceneEvent> events = new ArrayList<>();
    List<Agent> inView = new ArrayList<>();
    List<Agent> gone = new ArrayList<>();
    for (Agent a : agents) {
      BoundingBox box = a.box(height);
      boolean visible = !box.clip(width, height).isEmpty();
      if (visible && !a.entered) {
        a.entered = true;
        a.reportedMotion = a.motion;
        events.add(event(EventType.ENTERED, a, a.enteredFrom, time));
      } else if (!visible && a.entered) {
        events.add(event(EventType.LEFT, a, exitSide(box), time));
        gone.add(a);
      } else if (!visible && a.ageSeconds > MAX_WAIT_SECONDS) {
        gone.add(a);
      }
      if (visible) {
        inView.add(a);
        if (a.motion != a.reportedMotion) {
          EventType type = a.motion == Motion.STOPPED ? EventType.STOPPED : EventType.RESUMED;
          events.add(event(type, a, null, time));
          a.reportedMotion = a.motion;
        }
      }
    }
    agents.removeAll(gone);
    events.sort(Comparator.comparingInt(SceneEvent::objectId).thenComparing(SceneEvent::type));

    // Painter's order: farther (smaller baseline) first; equal depth by id.
    inView.sort(Comparator.comparingDouble((Agent a) -> a.y).thenComparingInt(a -> a.id));
    double[] fractions = visibleFractions(inView);
    List<SceneObject> drawOrder = new ArrayList<>(inView.size());
    List<VisibleObject> objects = new ArrayList<>(inView.size());
    for (int i = 0; i < inView.size(); i++) {
      SceneObject o = inView.get(i).snapshot(height, dt);
      drawOrder.add(o);
      objects.add(
          new VisibleObject(
              o.id(),
              o.kind(),
              o.colour(),
              o.box().clip(width, height),
              fractions[i],
              o.motion(),
              o.enteredFrom(),
              o.heading()));
    }
    objects.sort(Comparator.comparingInt(VisibleObject::id));
    return new SceneFrame(
        frameIndex, time, drawOrder, new GroundTruth(frameIndex, time, objects, events));
  }

  /** Unoccluded in-frame share of each box, painting boxes back to front into a label map. */
  private double[] visibleFractions(List<Agent> drawOrder) {
    Arrays.fill(labels, -1);
    BoundingBox[] full = new BoundingBox[drawOrder.size()];
    BoundingBox[] clipped = new BoundingBox[drawOrder.size()];
    for (int i = 0; i < full.length; i++) {
      full[i] = drawOrder.get(i).box(height);
      clipped[i] = full[i].clip(width, height);
      for (int y = clipped[i].y0(); y < clipped[i].y1(); y++) {
        Arrays.fill(labels, y * width + clipped[i].x0(), y * width + clipped[i].x1(), i);
      }
    }
    double[] fractions = new double[full.length];
    for (int i = 0; i < full.length; i++) {
      long own = 0;
      for (int y = clipped[i].y0(); y < clipped[i].y1(); y++) {
        for (int x = clipped[i].x0(), p = y * width + x; x < clipped[i].x1(); x++, p++) {
          if (labels[p] == i) {
            own++;
          }
        }
      }
      fractions[i] = full[i].area() == 0 ? 0 : (double) own / full[i].area();
    }
    return fractions;
  }

  private Side exitSide(BoundingBox box) {
    if (box.x1() <= 0) {
      return Side.LEFT;
    }
    if (box.x0() >= width) {
      return Side.RIGHT;
    }
    return box.y1() <= 0 ? Side.TOP : Side.BOTTOM;
  }

  private SceneEvent event(EventType type, Agent a, Side side, double time) {
    return new SceneEvent(type, frameIndex, time, a.id, a.kind, a.colour, side);
  }
}
