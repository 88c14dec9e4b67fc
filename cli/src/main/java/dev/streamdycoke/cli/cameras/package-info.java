/**
 * Cameras for the frames topic: {@link dev.streamdycoke.cli.cameras.FrameSource}s (the synthetic
 * street, a video file, a folder of images), {@link dev.streamdycoke.cli.cameras.FrameEncoding} to
 * the Avro {@code Frame}, and {@link dev.streamdycoke.cli.cameras.CameraFleetProducer}, which paces
 * a fleet of cameras and publishes through a {@link dev.streamdycoke.cli.cameras.FrameSink} (Kafka:
 * {@link dev.streamdycoke.cli.cameras.KafkaFrameSink}).
 */
package dev.streamdycoke.cli.cameras;
