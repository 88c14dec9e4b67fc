package dev.streamdycoke.operators.query;

import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.operators.records.RawRecord;
import dev.streamdycoke.operators.standing.StandingControl;
import dev.streamdycoke.operators.standing.StandingLimits;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.DeadLetter;
import dev.streamdycoke.schemas.DeadLetters;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.schemas.RecordDecoder;
import dev.streamdycoke.schemas.UndecodableRecordException;
import dev.streamdycoke.schemas.registry.RegistryUnavailableException;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's query intake: raw {@code queries} records in, one {@link CameraQuery} per target camera
 * out (to be keyed by camera next to the frames), REJECTED answers to {@link #REJECTED} (straight
 * to the {@code answers} topic) and undecodable records to {@link #DEAD_LETTERS}. It never throws
 * for any input: a poison query replayed after every restart would stall the job.
 *
 * <p>The job clock is the operator's processing time. Metrics, on the operator's group: {@code
 * queriesIn}; {@code queriesRejected}, queries with at least one REJECTED answer (whole or one
 * camera); {@code queriesDeadLettered}.
 *
 * <p>Should the fan-out ever throw an unchecked exception (a bug, not a bad record), the record is
 * still dead-lettered, with reason {@code INTERNAL_ERROR: ...}, and logged at WARN; except {@link
 * RegistryUnavailableException}, which is not the record's fault and fails the task, as in {@code
 * DecodeFrameFunction}.
 */
public class QueryFanOutFunction extends ProcessFunction<RawRecord, CameraQuery> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(QueryFanOutFunction.class);

  /** Undecodable or unaddressable query records, for the {@code deadletter} topic. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("query-dead-letters", TypeInformation.of(DeadLetter.class));

  /** Answers with status REJECTED, for the {@code answers} topic. */
  public static final OutputTag<Answer> REJECTED =
      new OutputTag<>("query-rejected", TypeInformation.of(Answer.class));

  /** Standing questions' registrations and cancels, for the standing router's broadcast input. */
  public static final OutputTag<StandingControl> STANDING =
      new OutputTag<>("query-standing", TypeInformation.of(StandingControl.class));

  /** Reason category for a bug caught by the safety net rather than a bad record. */
  static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  private final QueryLimits limits;
  private final StandingLimits standingLimits;
  private final RecordDecoder<Query> codec;

  private transient QueryFanOut fanOut;
  private transient Counter queriesIn;
  private transient Counter queriesRejected;
  private transient Counter queriesDeadLettered;

  /** With {@link QueryLimits#defaults()}. */
  public QueryFanOutFunction() {
    this(QueryLimits.defaults());
  }

  /** With the given limits; {@link QueryLimits} is serializable and travels with the function. */
  public QueryFanOutFunction(QueryLimits limits) {
    this(limits, StandingLimits.defaults(), AvroCodec.queries());
  }

  /** With the given limits, reading Avro through {@code codec} (e.g. a schema registry codec). */
  public QueryFanOutFunction(QueryLimits limits, RecordDecoder<Query> codec) {
    this(limits, StandingLimits.defaults(), codec);
  }

  /** With limits on standing questions' specs too. */
  public QueryFanOutFunction(QueryLimits limits, StandingLimits standingLimits) {
    this(limits, standingLimits, AvroCodec.queries());
  }

  /** With limits on standing questions' specs, reading Avro through {@code codec}. */
  public QueryFanOutFunction(
      QueryLimits limits, StandingLimits standingLimits, RecordDecoder<Query> codec) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.standingLimits = Objects.requireNonNull(standingLimits, "standingLimits");
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  @Override
  public void open(OpenContext openContext) {
    fanOut = new QueryFanOut(limits, standingLimits, codec);
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    queriesIn = metrics.counter("queriesIn");
    queriesRejected = metrics.counter("queriesRejected");
    queriesDeadLettered = metrics.counter("queriesDeadLettered");
  }

  @Override
  public void processElement(RawRecord record, Context ctx, Collector<CameraQuery> out) {
    queriesIn.inc();
    long now = ctx.timerService().currentProcessingTime();
    QueryFanOut.Result result;
    try {
      result = fanOut.fanOut(record.key, record.value, now);
    } catch (UndecodableRecordException e) {
      deadLetter(record, e.deadLetterReason(), now, ctx);
      return;
    } catch (RegistryUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      // QueryFanOut maps every input problem to a rejection or UndecodableRecordException; this
      // is a bug, but one record must still not take the job down with it.
      LOG.warn("Unexpected failure fanning out {}; dead-lettering it", record, e);
      deadLetter(record, INTERNAL_ERROR + ": " + e, now, ctx);
      return;
    }
    // Emit only once the whole result exists, so a failure above never leaves half a query out.
    result.accepted().forEach(out::collect);
    if (result.standing() != null) {
      ctx.output(STANDING, result.standing());
    }
    if (!result.rejected().isEmpty()) {
      queriesRejected.inc();
      result.rejected().forEach(answer -> ctx.output(REJECTED, answer));
    }
  }

  private void deadLetter(RawRecord record, String reason, long now, Context ctx) {
    // A query spans cameras, and its key is (by convention) the query id, so no camera_id.
    DeadLetter letter =
        DeadLetters.of(
            record.topic == null ? "" : record.topic,
            record.partition,
            record.offset,
            reason,
            record.value,
            Instant.ofEpochMilli(now),
            null);
    queriesDeadLettered.inc();
    LOG.debug("Dead-lettered query record {}: {}", record, reason);
    ctx.output(DEAD_LETTERS, letter);
  }
}
