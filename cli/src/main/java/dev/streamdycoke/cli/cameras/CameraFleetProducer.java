package dev.streamdycoke.cli.cameras;

import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Frame;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet of cameras publishing frames at a fixed rate: each camera takes a frame from its {@link
 * FrameSource}, encodes it as an Avro {@code Frame} and hands it to a {@link FrameSink}.
 *
 * <p>One pacing thread serves the whole fleet (a thousand cameras at 1 fps is a thousand ticks a
 * second from one {@link PacingSchedule}, not a thousand threads). Capturing and encoding run on a
 * small worker pool, because decoding and JPEG encoding cost milliseconds a frame. A camera has at
 * most one frame in progress: a tick that finds it still busy is skipped, as a real camera drops
 * frames under load, and that is also what keeps each camera's frames in order.
 *
 * <p>Sources open lazily on their camera's first tick, on a worker, so a large fleet does not open
 * everything at once. A source that ends (a file without loop) or fails ends its camera; the fleet
 * ends when every camera has. A live source ({@link FrameSource#live()}, e.g. {@link
 * LiveStreamCamera}) never ends and never blocks a worker: it reads its stream on threads of its
 * own, and a tick that finds no new frame publishes nothing.
 *
 * <p>Cameras may have rates of their own ({@link Member}); cameras at the same rate share one
 * {@link PacingSchedule}.
 */
public final class CameraFleetProducer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CameraFleetProducer.class);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** Send failures logged in full; later ones are only counted. */
  private static final int LOGGED_SEND_ERRORS = 10;

  /**
   * How the fleet runs.
   *
   * @param cameras number of cameras, at least 1
   * @param fps frames per second per camera
   * @param idPrefix camera ids are the prefix plus a zero-padded number from 1, e.g. "cam-01"
   * @param encoding how frames are encoded
   * @param workers threads capturing and encoding, at least 1
   */
  public record Settings(
      int cameras, double fps, String idPrefix, FrameEncoding encoding, int workers) {

    public Settings {
      if (cameras < 1 || !(fps > 0) || workers < 1) {
        throw new IllegalArgumentException(
            "need cameras >= 1, fps > 0, workers >= 1: " + cameras + ", " + fps + ", " + workers);
      }
    }

    /** {@code cameras} at {@code fps}, ids "cam-NN", JPEG at the default quality, one worker. */
    public static Settings of(int cameras, double fps) {
      return new Settings(
          cameras, fps, "cam-", FrameEncoding.jpeg(FrameEncoding.DEFAULT_JPEG_QUALITY), 1);
    }

    public Settings withEncoding(FrameEncoding value) {
      return new Settings(cameras, fps, idPrefix, value, workers);
    }

    public Settings withWorkers(int value) {
      return new Settings(cameras, fps, idPrefix, encoding, value);
    }

    public Settings withIdPrefix(String value) {
      return new Settings(cameras, fps, value, encoding, workers);
    }
  }

  /**
   * One camera of a fleet whose cameras have their own ids and rates.
   *
   * @param id the camera id
   * @param fps its frame rate
   */
  public record Member(String id, double fps) {
    public Member {
      if (id == null || id.isBlank() || !(fps > 0)) {
        throw new IllegalArgumentException("need an id and fps > 0: " + id + ", " + fps);
      }
    }
  }

  /** Opens the source of one camera. */
  @FunctionalInterface
  public interface SourceFactory {
    /**
     * @param cameraId the camera's id
     * @param index 0-based camera number (handy as a scene seed)
     */
    FrameSource open(String cameraId, int index) throws IOException;
  }

  private final Settings settings;
  private final SourceFactory factory;
  private final FrameSink sink;
  private final AvroCodec<Frame> codec = AvroCodec.frames();
  private final List<Camera> cameras;
  private final ExecutorService workers;
  private final Thread pacer;
  private final CountDownLatch allEnded;
  private final CountDownLatch firstFrame = new CountDownLatch(1);
  private final AtomicInteger active;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean running = true;
  private boolean closed;

  private final LongAdder captured = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder sendErrors = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder sourceErrors = new LongAdder();
  private final LongAdder noNewFrame = new LongAdder();

  /** A fleet that owns {@code sink}: {@link #close()} closes it. Call {@link #start()} to run. */
  public CameraFleetProducer(Settings settings, SourceFactory factory, FrameSink sink) {
    this(settings, prefixed(settings), factory, sink);
  }

  /**
   * A fleet of the given cameras, each at its own rate ({@code settings}' camera count and rate are
   * ignored). Owns {@code sink}.
   */
  public CameraFleetProducer(
      Settings settings, List<Member> members, SourceFactory factory, FrameSink sink) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a fleet needs a camera");
    }
    this.settings =
        new Settings(
            members.size(),
            members.get(0).fps(),
            settings.idPrefix(),
            settings.encoding(),
            settings.workers());
    this.factory = factory;
    this.sink = sink;
    this.cameras = new ArrayList<>(members.size());
    for (int i = 0; i < members.size(); i++) {
      cameras.add(new Camera(i, members.get(i).id(), members.get(i).fps()));
    }
    this.active = new AtomicInteger(members.size());
    this.allEnded = new CountDownLatch(1);
    AtomicInteger threadNumber = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            this.settings.workers(),
            this.settings.workers(),
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "camera-worker-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.pacer = new Thread(this::pace, "camera-pacer");
    pacer.setDaemon(true);
  }

  private static List<Member> prefixed(Settings settings) {
    List<Member> members = new ArrayList<>(settings.cameras());
    for (int i = 0; i < settings.cameras(); i++) {
      members.add(new Member(cameraId(settings.idPrefix(), i, settings.cameras()), settings.fps()));
    }
    return members;
  }

  /**
   * The id of camera {@code index} (0-based) in a fleet of {@code cameras}: the prefix and the
   * 1-based number, zero-padded to at least two digits and to the width of the largest number, so
   * ids sort in camera order ("cam-01" .. "cam-12", "cam-0001" .. "cam-1000").
   */
  public static String cameraId(String prefix, int index, int cameras) {
    int digits = Math.max(2, Integer.toString(cameras).length());
    return prefix + String.format("%0" + digits + "d", index + 1);
  }

  /** The ids of all cameras, in camera order. */
  public List<String> cameraIds() {
    return cameras.stream().map(c -> c.id).toList();
  }

  /** Starts the pacing thread; the first camera ticks at once. */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("already started");
    }
    LOG.info(
        "{} cameras at {} fps, {} frames, {} worker(s)",
        settings.cameras(),
        cameras.stream().map(c -> c.fps).distinct().toList(),
        settings.encoding(),
        settings.workers());
    pacer.start();
  }

  /** Waits until every camera's source has ended or failed; true if they did in time. */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return allEnded.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Waits until some camera delivered its first frame; false if none did in time (or every camera
   * ended first).
   */
  public boolean awaitFirstFrame(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (firstFrame.await(100, TimeUnit.MILLISECONDS)) {
        return true;
      }
      if (allEnded.getCount() == 0) {
        return false;
      }
    }
    return firstFrame.getCount() == 0;
  }

  /** Each camera's health now, in camera order. */
  public List<CameraHealth> health() {
    long now = System.nanoTime();
    return cameras.stream()
        .map(
            c -> {
              FrameSource source = c.source;
              CameraState state =
                  c.ended
                      ? CameraState.ENDED
                      : source == null ? CameraState.CONNECTING : source.state();
              long last = c.lastFrameNanos;
              long age = last == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(now - last);
              return new CameraHealth(
                  c.id, state, c.published.sum(), age, source == null ? 0 : source.reconnects());
            })
        .toList();
  }

  public FleetStats stats() {
    return new FleetStats(
        settings.cameras(),
        active.get(),
        captured.sum(),
        sent.sum(),
        bytes.sum(),
        sendErrors.sum(),
        skipped.sum(),
        sourceErrors.sum(),
        noNewFrame.sum());
  }

  private void pace() {
    // Cameras at the same rate share one schedule (phases spread over the period); the pacer
    // serves whichever schedule is due first.
    Map<Double, List<Camera>> byRate = new LinkedHashMap<>();
    cameras.forEach(c -> byRate.computeIfAbsent(c.fps, k -> new ArrayList<>()).add(c));
    long start = System.nanoTime();
    List<List<Camera>> groups = new ArrayList<>(byRate.values());
    List<PacingSchedule> schedules = new ArrayList<>();
    for (List<Camera> group : groups) {
      long periodNanos = Math.max(1, Math.round(1e9 / group.get(0).fps));
      schedules.add(new PacingSchedule(group.size(), periodNanos, start));
    }
    while (running && active.get() > 0) {
      int g = 0;
      for (int i = 1; i < schedules.size(); i++) {
        if (schedules.get(i).nextDueNanos() - schedules.get(g).nextDueNanos() < 0) {
          g = i;
        }
      }
      PacingSchedule schedule = schedules.get(g);
      long wait = schedule.nextDueNanos() - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(this, wait); // close() unparks; the loop re-checks the time
        continue;
      }
      Camera camera = groups.get(g).get(schedule.nextCamera());
      skipped.add(schedule.advance(System.nanoTime()));
      if (camera.ended) {
        continue;
      }
      if (!camera.busy.compareAndSet(false, true)) {
        skipped.increment();
        continue;
      }
      workers.execute(() -> capture(camera));
    }
  }

  /** One tick of one camera, on a worker; the camera's busy flag is held throughout. */
  private void capture(Camera camera) {
    try {
      if (!running || camera.ended) {
        return;
      }
      if (camera.source == null) {
        camera.source = factory.open(camera.id, camera.index);
      }
      Optional<CapturedFrame> next = camera.source.next();
      if (next.isEmpty()) {
        if (camera.source.live()) {
          // No new frame since the last tick (a slow or down camera): publish nothing rather
          // than the same frame twice.
          noNewFrame.increment();
        } else {
          end(camera);
        }
        return;
      }
      CapturedFrame frame = next.get();
      byte[] value = codec.encode(settings.encoding().toFrame(camera.id, frame));
      captured.increment();
      camera.published.increment();
      camera.lastFrameNanos = System.nanoTime();
      firstFrame.countDown();
      sink.send(
          camera.id,
          frame.captureTime().toEpochMilli(),
          value,
          error -> {
            if (error == null) {
              sent.increment();
              bytes.add(value.length);
            } else {
              sendErrors.increment();
              if (sendErrors.sum() <= LOGGED_SEND_ERRORS) {
                LOG.warn("{}: frame {} not sent: {}", camera.id, frame.seq(), error.toString());
              }
            }
          });
    } catch (IOException | RuntimeException e) {
      sourceErrors.increment();
      LOG.warn("{}: source failed, camera stops: {}", camera.id, e.toString());
      end(camera);
    } finally {
      camera.busy.set(false);
    }
  }

  private void end(Camera camera) {
    if (camera.ended) {
      return;
    }
    camera.ended = true;
    closeSource(camera);
    if (active.decrementAndGet() == 0) {
      allEnded.countDown();
    }
  }

  private void closeSource(Camera camera) {
    FrameSource source = camera.source;
    camera.source = null;
    if (source != null) {
      try {
        source.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("{}: closing the source failed: {}", camera.id, e.toString());
      }
    }
  }

  /**
   * Stops pacing, lets frames in progress finish (up to 30 s), flushes and closes the sink, and
   * closes every source. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    running = false;
    LockSupport.unpark(pacer);
    try {
      if (started.get()) {
        pacer.join(DRAIN_TIMEOUT.toMillis());
      }
      workers.shutdown();
      if (!workers.awaitTermination(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("camera workers still busy after {}; closing anyway", DRAIN_TIMEOUT);
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.shutdownNow();
    }
    try {
      sink.flush();
    } finally {
      // Every worker has stopped, so no source is in use any more.
      cameras.forEach(this::closeSource);
      sink.close();
    }
    LOG.info("cameras stopped: {}", stats());
  }

  /** Per-camera state. Fields other than busy are handed between workers under the busy flag. */
  private static final class Camera {
    final int index;
    final String id;
    final double fps;
    final AtomicBoolean busy = new AtomicBoolean();
    final LongAdder published = new LongAdder();
    volatile long lastFrameNanos;
    volatile boolean ended;
    volatile FrameSource source;

    Camera(int index, String id, double fps) {
      this.index = index;
      this.id = id;
      this.fps = fps;
    }
  }
}
