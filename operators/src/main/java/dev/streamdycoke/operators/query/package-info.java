/**
 * Query intake: {@link dev.streamdycoke.operators.query.QueryFanOut} (the algorithm, Flink-free)
 * validates a client query and splits it into per-camera work or immediate REJECTED answers, and
 * {@link dev.streamdycoke.operators.query.QueryFanOutFunction} runs it in the job with dead-letter
 * and rejected-answer side outputs.
 */
package dev.streamdycoke.operators.query;
