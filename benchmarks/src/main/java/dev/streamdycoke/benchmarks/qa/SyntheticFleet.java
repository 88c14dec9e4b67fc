package dev.streamdycoke.benchmarks.qa;

import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.FrameFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * N cameras at F fps on one thread, cheap enough that the producer is never what limits a load
 * test: each frame is a small RGB24 image (a per-camera gradient with a bar that moves one column
 * per frame, so consecutive frames differ as video does) built in place, no JPEG encoding. Frames
 * of all cameras are spread evenly over each period rather than sent in one burst.
 *
 * <p>With churn, {@code newPerMinute} cameras a minute replace the oldest ones: the live cameras at
 * any time are indices {@code [g, g + cameras)}, g the number replaced so far, and slot {@code c}
 * of the send loop serves the live index congruent to c, so a replaced camera just stops and its
 * successor starts with the next frame.
 */
final class SyntheticFleet implements AutoCloseable {
  private final int cameras;
  private final double fps;
  private final double newPerMinute;
  private final int width;
  private final int height;
  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  private final AtomicLong replaced = new AtomicLong();

  /** Camera index to the wall-clock millis when it was replaced, after its last frame. */
  private final Map<Long, Long> departedAt = new ConcurrentHashMap<>();

  SyntheticFleet(Properties client, String topic, int cameras, double fps, int width, int height) {
    this(client, topic, cameras, fps, 0, width, height);
  }

  SyntheticFleet(
      Properties client,
      String topic,
      int cameras,
      double fps,
      double newPerMinute,
      int width,
      int height) {
    this.cameras = cameras;
    this.newPerMinute = newPerMinute;
    this.fps = fps;
    this.width = width;
    this.height = height;
    this.topic = topic;
    Properties props = new Properties();
    props.putAll(client);
    props.put("linger.ms", "20");
    props.put("batch.size", String.valueOf(256 * 1024));
    props.put("acks", "1");
    this.producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    this.thread = new Thread(this::run, "synthetic-fleet");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  long framesSent() {
    return sent.get();
  }

  long sendFailures() {
    return failed.get();
  }

  /** Cameras replaced by new ones so far; the live ones are indices [replaced, replaced + N). */
  long replaced() {
    return replaced.get();
  }

  /**
   * When camera {@code index} was replaced (wall clock, after its last frame was sent), or {@link
   * Long#MAX_VALUE} while it is live or has not started.
   */
  long departedAtMillis(long index) {
    return departedAt.getOrDefault(index, Long.MAX_VALUE);
  }

  static String cameraId(long index) {
    return String.format("cam-%04d", index);
  }

  private void run() {
    AvroCodec<Frame> codec = AvroCodec.frames();
    long periodNanos = (long) (1e9 / fps);
    long start = System.nanoTime();
    byte[] rgb = new byte[width * height * 3];
    for (long seq = 0; running; seq++) {
      for (int c = 0; c < cameras && running; c++) {
        // Pace within the period: camera c of frame seq is due at its slot.
        long due = start + seq * periodNanos + c * periodNanos / cameras;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          sleepNanos(wait);
        }
        long generation = (long) ((System.nanoTime() - start) / 60e9 * newPerMinute);
        long now = System.currentTimeMillis();
        for (long gone = replaced.get(); gone < generation; gone++) {
          departedAt.put(gone, now);
        }
        replaced.set(generation);
        long index = generation + Math.floorMod(c - generation, (long) cameras);
        paint(rgb, (int) index, seq);
        String id = cameraId(index);
        Frame frame =
            Frame.newBuilder()
                .setCameraId(id)
                .setSeq(seq)
                .setCaptureTime(Instant.now())
                .setFormat(FrameFormat.RGB24)
                .setWidth(width)
                .setHeight(height)
                .setData(ByteBuffer.wrap(rgb.clone()))
                .setAttributes(null)
                .build();
        producer.send(
            new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), codec.encode(frame)),
            (metadata, error) -> (error == null ? sent : failed).incrementAndGet());
      }
    }
  }

  private void paint(byte[] rgb, int camera, long seq) {
    int bar = (int) (seq % width);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = 3 * (y * width + x);
        boolean onBar = Math.abs(x - bar) < 3;
        rgb[i] = (byte) (onBar ? 255 : x * 4 + camera);
        rgb[i + 1] = (byte) (onBar ? 255 : y * 4 + camera * 7);
        rgb[i + 2] = (byte) (onBar ? 0 : camera * 13);
      }
    }
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5_000);
    producer.close();
  }
}
