/**
 * The records that travel between the job's operators. All are Flink POJOs (public fields, no-arg
 * constructor), so Flink serializes them without Kryo ({@code pipeline.generic-types: false}).
 * Kafka-facing records (Answer, DeadLetter) are the Avro classes of {@code schemas/}.
 */
package dev.streamdycoke.operators.records;
