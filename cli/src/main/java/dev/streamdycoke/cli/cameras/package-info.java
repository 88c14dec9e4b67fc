/**
 * Cameras for the frames topic: {@link dev.streamdycoke.job.cameras.FrameSource}s (the
 * synthetic street, a video file, a folder of images), {@link
 * dev.streamdycoke.job.cameras.FrameEncoding} to the Avro {@code Frame}, and {@link
 * dev.streamdycoke.job.cameras.CameraFleetProducer}, which paces a fleet of cameras and
 * publishes through a {@link dev.streamdycoke.job.cameras.FrameSink} (Kafka: {@link
 * dev.streamdycoke.job.cameras.KafkaFrameSink}).
 */
package dev.streamdycoke.job.cameras;
