package dev.streamdycoke.job;

import dev.streamdycoke.job.io.KafkaConnections;
import dev.streamdycoke.operators.answer.AnswerFunction;
import dev.streamdycoke.operators.decode.DecodeFrameFunction;
import dev.streamdycoke.operators.encode.EncodeAndMergeOperator;
import dev.streamdycoke.operators.query.QueryFanOutFunction;
import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.records.RawRecord;
import dev.streamdycoke.operators.standing.StandingLimits;
import dev.streamdycoke.operators.standing.StandingRouter;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.DeadLetter;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.schemas.RegistryCodec;
import dev.streamdycoke.schemas.registry.RegistryConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;

/**
 * The StreamDyCoke topology: frames are decoded, encoded into visual tokens and merged per camera;
 * queries are fanned out per camera and answered from each camera's token cache; answers and dead
 * letters go to their sinks.
 *
 * <p>Sources and sinks are arguments, as in apache/flink-training, so tests and the command line
 * wire the same topology to Kafka, and tests could wire it to anything else. Every operator has a
 * stable uid: savepoints map state by uid, so renaming one is a breaking change.
 */
public final class StreamDyCokeJob {
  public static final String FRAMES_SOURCE = "frames-source";
  public static final String QUERIES_SOURCE = "queries-source";
  public static final String DECODE = "decode-frames";
  public static final String ENCODE = "encode-and-merge";
  public static final String FAN_OUT = "fan-out-queries";
  public static final String STANDING_ROUTER = "standing-router";
  public static final String FRAME_HEADERS = "frame-headers";
  public static final String ANSWER = "answer";
  public static final String ANSWERS_SINK = "answers-sink";
  public static final String DEAD_LETTERS_SINK = "dead-letters-sink";

  private StreamDyCokeJob() {}

  /** Adds the topology to {@code env}, reading and writing the topics of {@code kafka}. */
  public static void build(
      StreamExecutionEnvironment env, JobSettings settings, KafkaConnections kafka) {
    build(
        env,
        settings,
        kafka.framesSource(),
        kafka.queriesSource(),
        kafka.answersSink(),
        kafka.deadLettersSink());
  }

  /** Adds the topology to {@code env}; the caller executes it. */
  public static void build(
      StreamExecutionEnvironment env,
      JobSettings settings,
      Source<RawRecord, ?, ?> frames,
      Source<RawRecord, ?, ?> queries,
      Sink<Answer> answers,
      Sink<DeadLetter> deadLetters) {
    build(env, settings, frames, queries, answers, deadLetters, (RegistryConfig) null);
  }

  /**
   * The topology reading frames and queries in Confluent's wire format too, their writer schemas
   * looked up in the schema registry {@code registry} names (null: single-object encoding only).
   */
  public static void build(
      StreamExecutionEnvironment env,
      JobSettings settings,
      Source<RawRecord, ?, ?> frames,
      Source<RawRecord, ?, ?> queries,
      Sink<Answer> answers,
      Sink<DeadLetter> deadLetters,
      RegistryConfig registry) {
    build(
        env,
        settings,
        frames,
        queries,
        answers,
        deadLetters,
        new EncodeAndMergeOperator(
            settings.model(),
            settings.ttm(),
            settings.batching(),
            settings.gate(),
            settings.shedder(),
            settings.idleTimeout()),
        registry);
  }

  /**
   * The topology with another encode stage in place of {@link EncodeAndMergeOperator}, for load
   * tests that must take the vision tower out of the measurement (precomputed tokens). The stage is
   * keyed by camera and sends its dead letters to {@link EncodeAndMergeOperator#DEAD_LETTERS}.
   */
  public static void build(
      StreamExecutionEnvironment env,
      JobSettings settings,
      Source<RawRecord, ?, ?> frames,
      Source<RawRecord, ?, ?> queries,
      Sink<Answer> answers,
      Sink<DeadLetter> deadLetters,
      OneInputStreamOperator<DecodedFrame, FrameTokens> encode) {
    build(env, settings, frames, queries, answers, deadLetters, encode, null);
  }

  private static void build(
      StreamExecutionEnvironment env,
      JobSettings settings,
      Source<RawRecord, ?, ?> frames,
      Source<RawRecord, ?, ?> queries,
      Sink<Answer> answers,
      Sink<DeadLetter> deadLetters,
      OneInputStreamOperator<DecodedFrame, FrameTokens> encode,
      RegistryConfig registry) {
    // Processing time throughout: answers are about "now", and no operator waits on event time.
    // Watermarks only say how far the input has been read, for retirement (ReadProgress): once a
    // second is plenty next to an idle timeout, and the encode stage flushes its micro-batch at
    // each watermark, which the default 200 ms would cut short five times a second.
    env.getConfig().setAutoWatermarkInterval(ReadProgress.INTERVAL_MILLIS);
    SingleOutputStreamOperator<DecodedFrame> decoded =
        env.fromSource(frames, ReadProgress.frames(), FRAMES_SOURCE)
            .uid(FRAMES_SOURCE)
            .process(
                new DecodeFrameFunction(
                    settings.frameLimits(),
                    settings.shedder(),
                    RegistryCodec.decoder(Frame.class, registry)))
            .name(DECODE)
            .uid(DECODE);

    SingleOutputStreamOperator<FrameTokens> tokens =
        decoded
            .keyBy(frame -> frame.cameraId, Types.STRING)
            .transform(ENCODE, TypeInformation.of(FrameTokens.class), encode)
            .uid(ENCODE);

    StandingLimits standingLimits = settings.standing();
    SingleOutputStreamOperator<CameraQuery> cameraQueries =
        env.fromSource(queries, ReadProgress.neverHoldsBack(), QUERIES_SOURCE)
            .uid(QUERIES_SOURCE)
            .process(
                new QueryFanOutFunction(
                    settings.queryLimits(),
                    standingLimits,
                    RegistryCodec.decoder(Query.class, registry)))
            .name(FAN_OUT)
            .uid(FAN_OUT);

    // Standing questions reach the cameras through broadcast state, so "*" reaches later cameras.
    // The router only needs to know which cameras send frames: it gets each frame without its
    // tokens, so a frame's embeddings (330 KB at D = 896) are serialized once, for the answer
    // operator, not twice.
    SingleOutputStreamOperator<CameraQuery> standing =
        tokens
            .map(FrameTokens::header, TypeInformation.of(FrameTokens.class))
            .name(FRAME_HEADERS)
            .uid(FRAME_HEADERS)
            .keyBy(t -> t.cameraId, Types.STRING)
            .connect(
                cameraQueries
                    .getSideOutput(QueryFanOutFunction.STANDING)
                    .broadcast(StandingRouter.REGISTRY))
            .process(
                new StandingRouter(standingLimits, settings.idleTimeout()),
                TypeInformation.of(CameraQuery.class))
            .name(STANDING_ROUTER)
            .uid(STANDING_ROUTER);

    DataStream<Answer> answered =
        tokens
            .keyBy(t -> t.cameraId, Types.STRING)
            .connect(cameraQueries.union(standing).keyBy(q -> q.cameraId, Types.STRING))
            .process(
                new AnswerFunction(
                    settings.model(), settings.answering(), settings.idleTimeout(), standingLimits),
                TypeInformation.of(Answer.class))
            .name(ANSWER)
            .uid(ANSWER);

    answered
        .union(
            cameraQueries.getSideOutput(QueryFanOutFunction.REJECTED),
            standing.getSideOutput(StandingRouter.ANSWERS))
        .sinkTo(answers)
        .name(ANSWERS_SINK)
        .uid(ANSWERS_SINK);

    decoded
        .getSideOutput(DecodeFrameFunction.DEAD_LETTERS)
        .union(
            tokens.getSideOutput(EncodeAndMergeOperator.DEAD_LETTERS),
            cameraQueries.getSideOutput(QueryFanOutFunction.DEAD_LETTERS))
        .sinkTo(deadLetters)
        .name(DEAD_LETTERS_SINK)
        .uid(DEAD_LETTERS_SINK);
  }
}
