package dev.streamdycoke.job.io;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group is behind a topic's end: the sum over partitions of end offset minus
 * committed offset. The job's Kafka sources commit on each checkpoint, so this is the lag as of the
 * last completed checkpoint: it may read up to one interval high, but it grows only if the job
 * falls behind.
 */
public final class ConsumerLag implements AutoCloseable {
  private final Admin admin;
  private final String groupId;
  private final String topic;

  public ConsumerLag(Properties clientProperties, String groupId, String topic) {
    this.admin = Admin.create(clientProperties);
    this.groupId = groupId;
    this.topic = topic;
  }

  /** Records behind; -1 while the group has committed nothing yet. */
  public long records() throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetAndMetadata> mine =
        committed.entrySet().stream()
            .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    if (mine.isEmpty()) {
      return -1;
    }
    Map<TopicPartition, OffsetSpec> latest =
        admin
            .describeTopics(java.util.List.of(topic))
            .allTopicNames()
            .get()
            .get(topic)
            .partitions()
            .stream()
            .collect(
                Collectors.toMap(
                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get();
    long lag = 0;
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
      OffsetAndMetadata at = mine.get(end.getKey());
      lag += end.getValue().offset() - (at == null ? 0 : at.offset());
    }
    return lag;
  }

  @Override
  public void close() {
    admin.close();
  }
}
