package dev.streamdycoke.cli.cameras;

/**
 * Where the fleet's encoded frames go: Kafka in production ({@link KafkaFrameSink}), a list in
 * tests. Keeping the fleet's pacing apart from Kafka lets it be tested without a broker.
 */
public interface FrameSink extends AutoCloseable {

  /** Told once per send how it ended. */
  @FunctionalInterface
  interface Completion {
    /**
     * @param error null when the frame was stored, else why not
     */
    void completed(Exception error);
  }

  /**
   * Sends one frame asynchronously. Sends with the same {@code cameraId} must arrive in the order
   * of the calls (the fleet never overlaps two calls for one camera). Never throws: a failure, even
   * an immediate one, goes to {@code completion}.
   *
   * @param cameraId the record key
   * @param timestampMillis the record timestamp (the frame's capture time)
   * @param value the Avro single-object encoded {@code Frame}
   */
  void send(String cameraId, long timestampMillis, byte[] value, Completion completion);

  /** Blocks until every send so far has completed. */
  void flush();

  @Override
  void close();
}
