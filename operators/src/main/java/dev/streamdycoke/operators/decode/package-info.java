/**
 * Decoding and validation of camera frames: {@link dev.streamdycoke.operators.decode.FrameDecoder}
 * (the algorithm, Flink-free) turns a raw {@code frames} record into packed RGB24 or an {@link
 * dev.streamdycoke.operators.decode.InvalidFrameException} with a dead-letter category, and {@link
 * dev.streamdycoke.operators.decode.DecodeFrameFunction} runs it in the job with a dead-letter side
 * output.
 */
package dev.streamdycoke.operators.decode;
