package dev.streamdycoke.operators.records;

/**
 * A Kafka record as read, before any decoding. Sources hand records on undecoded so that a record
 * that cannot be decoded becomes a dead letter with its coordinates instead of failing the source.
 */
public class RawRecord {
  public String topic;
  public int partition;
  public long offset;

  /** Kafka record timestamp, milliseconds since the epoch. */
  public long timestamp;

  /** Record key; null when the producer sent none. */
  public byte[] key;

  /** Record value; null for a tombstone. */
  public byte[] value;

  public RawRecord() {}

  public RawRecord(
      String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
  }

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset;
  }
}
