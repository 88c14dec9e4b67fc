package dev.streamdycoke.cli.cameras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.FrameFormat;
import dev.streamdycoke.simulator.scene.SceneConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Keys, values, timestamps and per-camera order as a Kafka producer sees them (no broker). */
class KafkaFrameSinkTest {

  @Test
  void fleetRecordsAreKeyedByCameraAndStayInOrder() throws Exception {
    MockProducer<byte[], byte[]> producer = mockProducer(true);
    CameraFleetProducer.Settings settings = CameraFleetProducer.Settings.of(4, 30).withWorkers(2);
    try (CameraFleetProducer fleet =
        new CameraFleetProducer(
            settings,
            (id, index) -> new SimulatedCamera(SceneConfig.builder(index).size(128, 96).build()),
            new KafkaFrameSink(producer, "frames"))) {
      fleet.start();
      Thread.sleep(500);
      fleet.close();
      assertEquals(producer.history().size(), fleet.stats().framesSent());
    }
    assertTrue(producer.closed());

    AvroCodec<Frame> codec = AvroCodec.frames();
    Map<String, List<Long>> seqs = new HashMap<>();
    for (ProducerRecord<byte[], byte[]> record : producer.history()) {
      assertEquals("frames", record.topic());
      String key = new String(record.key(), StandardCharsets.UTF_8);
      Frame frame = codec.decode(record.value());
      assertEquals(key, frame.getCameraId());
      assertEquals(FrameFormat.JPEG, frame.getFormat());
      assertEquals(frame.getCaptureTime().toEpochMilli(), record.timestamp());
      seqs.computeIfAbsent(key, k -> new ArrayList<>()).add(frame.getSeq());
    }
    assertEquals(4, seqs.size());
    for (List<Long> s : seqs.values()) {
      for (int i = 0; i < s.size(); i++) {
        assertEquals(i, s.get(i));
      }
    }
  }

  @Test
  void failuresReachTheCompletion() {
    MockProducer<byte[], byte[]> producer = mockProducer(false);
    KafkaFrameSink sink = new KafkaFrameSink(producer, "frames");
    AtomicReference<Exception> outcome = new AtomicReference<>();
    sink.send("cam-01", 5, new byte[] {1}, outcome::set);
    producer.errorNext(new IllegalStateException("broker said no"));
    assertEquals("broker said no", outcome.get().getMessage());

    sink.close();
    AtomicReference<Exception> afterClose = new AtomicReference<>();
    sink.send("cam-01", 6, new byte[] {2}, afterClose::set);
    assertTrue(afterClose.get() != null, "a send that throws is reported, not thrown");
  }

  @Test
  void producerConfigAddsSafeDefaultsAndKeepsTheCallersSettings() {
    Properties user = new Properties();
    user.put("bootstrap.servers", "broker:9093");
    user.put("security.protocol", "SASL_SSL");
    user.put("sasl.mechanism", "SCRAM-SHA-512");
    user.put("linger.ms", "20");
    Properties jpeg = KafkaFrameSink.producerConfig(user, FrameFormat.JPEG);
    assertEquals("all", jpeg.get("acks"));
    assertEquals("true", jpeg.get("enable.idempotence"));
    assertEquals("none", jpeg.get("compression.type"));
    assertEquals("20", jpeg.get("linger.ms"));
    assertEquals("SASL_SSL", jpeg.get("security.protocol"));
    assertEquals("SCRAM-SHA-512", jpeg.get("sasl.mechanism"));
    assertEquals(
        "lz4", KafkaFrameSink.producerConfig(user, FrameFormat.RGB24).get("compression.type"));
    user.put("compression.type", "zstd");
    assertEquals(
        "zstd", KafkaFrameSink.producerConfig(user, FrameFormat.RGB24).get("compression.type"));
    assertTrue(!user.containsKey("acks"), "the caller's properties are not modified");
  }

  @Test
  void theValueIsTheCodecsSingleObjectEncoding() {
    MockProducer<byte[], byte[]> producer = mockProducer(true);
    KafkaFrameSink sink = new KafkaFrameSink(producer, "frames");
    SimulatedCamera camera = new SimulatedCamera(SceneConfig.defaults(3));
    Frame frame = FrameEncoding.png().toFrame("cam-09", camera.next().orElseThrow());
    byte[] value = AvroCodec.frames().encode(frame);
    sink.send("cam-09", 42, value, e -> {});
    ProducerRecord<byte[], byte[]> record = producer.history().get(0);
    assertArrayEquals("cam-09".getBytes(StandardCharsets.UTF_8), record.key());
    assertArrayEquals(value, record.value());
    assertEquals((byte) 0xC3, record.value()[0]);
    assertEquals((byte) 0x01, record.value()[1]);
    assertEquals(42L, record.timestamp());
  }

  private static MockProducer<byte[], byte[]> mockProducer(boolean autoComplete) {
    // A null partitioner: the producer's built-in key hashing, as a real producer does.
    return new MockProducer<>(
        autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
