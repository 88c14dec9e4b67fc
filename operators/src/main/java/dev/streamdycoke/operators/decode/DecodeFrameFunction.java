package dev.streamdycoke.operators.decode;

import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.RawRecord;
import dev.streamdycoke.operators.shed.FairShedding;
import dev.streamdycoke.operators.shed.FrameShedder;
import dev.streamdycoke.operators.shed.ShedReason;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.DeadLetter;
import dev.streamdycoke.schemas.DeadLetters;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.RecordDecoder;
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
 * The job's "decode + validate" stage: raw {@code frames} records in, {@link DecodedFrame}s out,
 * everything unusable to the {@link #DEAD_LETTERS} side output. It never throws for any input,
 * because a poison record that fails the task would be replayed after every restart and stall the
 * whole job.
 *
 * <p>The dead letter's time is the operator's processing time (the job clock), its camera_id comes
 * from the record key when that is readable UTF-8, else from the Avro body when decoding got that
 * far. Metrics: counters {@code framesIn} and {@code framesDeadLettered} on the operator's group,
 * without per-camera labels (cardinality).
 *
 * <p>A valid frame older than the age bound ({@link FrameShedder}) is dropped before its image is
 * decoded and counted in {@code framesShed_STALE_BEFORE_DECODE}; it is not a dead letter, the frame
 * is fine and the job is busy. A camera that had no frame through for a whole bound gets one stale
 * frame through ({@link FairShedding}), counted in {@code framesLetThroughStarving}.
 *
 * <p>Should the decoder ever throw an unchecked exception (a bug, not a bad record), the record is
 * still dead-lettered, with reason {@code INTERNAL_ERROR: ...}, and logged at WARN. The one
 * exception is {@link RegistryUnavailableException}: a schema registry that does not answer is not
 * the record's fault, so it fails the task (after the lookup's retries) and Flink restarts the job
 * from its last checkpoint, reading the record again.
 */
public class DecodeFrameFunction extends ProcessFunction<RawRecord, DecodedFrame> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DecodeFrameFunction.class);

  /** Rejected frame records, as Avro dead letters for the {@code deadletter} topic. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("frame-dead-letters", TypeInformation.of(DeadLetter.class));

  /** Reason category for a bug caught by the safety net rather than a bad record. */
  static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  private final FrameLimits limits;
  private final FrameShedder shedder;
  private final RecordDecoder<Frame> codec;

  private transient FrameDecoder decoder;
  private transient Counter framesIn;
  private transient Counter framesDeadLettered;
  private transient Counter framesShed;
  private transient Counter framesLetThroughStarving;
  private transient FairShedding shedding;

  /** With {@link FrameLimits#defaults()}. */
  public DecodeFrameFunction() {
    this(FrameLimits.defaults());
  }

  /** With the given limits; {@link FrameLimits} is serializable and travels with the function. */
  public DecodeFrameFunction(FrameLimits limits) {
    this(limits, FrameShedder.off());
  }

  /** With the given limits, shedding frames older than {@code shedder}'s bound. */
  public DecodeFrameFunction(FrameLimits limits, FrameShedder shedder) {
    this(limits, shedder, AvroCodec.frames());
  }

  /**
   * With the given limits and shedder, reading Avro through {@code codec} (e.g. a schema registry
   * codec); the codec is serializable and travels with the function.
   */
  public DecodeFrameFunction(FrameLimits limits, FrameShedder shedder, RecordDecoder<Frame> codec) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.shedder = Objects.requireNonNull(shedder, "shedder");
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  @Override
  public void open(OpenContext openContext) {
    decoder = new FrameDecoder(limits, codec);
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    framesIn = metrics.counter("framesIn");
    framesDeadLettered = metrics.counter("framesDeadLettered");
    framesShed = metrics.counter(ShedReason.STALE_BEFORE_DECODE.metricName());
    framesLetThroughStarving = metrics.counter(FairShedding.STARVING_METRIC);
    shedding = new FairShedding(shedder);
  }

  @Override
  public void processElement(RawRecord record, Context ctx, Collector<DecodedFrame> out) {
    framesIn.inc();
    String reason;
    String bodyCameraId = null;
    try {
      long now = ctx.timerService().currentProcessingTime();
      DecodedFrame frame =
          decoder.decodeUnlessStale(
              record, (camera, captureTime) -> shed(camera, captureTime, now));
      if (frame == null) {
        framesShed.inc();
      } else {
        out.collect(frame);
      }
      return;
    } catch (InvalidFrameException e) {
      reason = e.deadLetterReason();
      bodyCameraId = e.cameraId();
    } catch (RegistryUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      // FrameDecoder maps every input problem to InvalidFrameException; this is a bug, but one
      // record must still not take the job down with it.
      LOG.warn("Unexpected failure decoding {}; dead-lettering it", record, e);
      reason = INTERNAL_ERROR + ": " + e;
    }
    deadLetter(record, reason, bodyCameraId, ctx);
  }

  private boolean shed(String cameraId, long captureTime, long now) {
    FairShedding.Verdict verdict = shedding.judge(cameraId, captureTime, now);
    if (verdict == FairShedding.Verdict.KEEP_STARVING) {
      framesLetThroughStarving.inc();
    }
    return verdict == FairShedding.Verdict.SHED;
  }

  private void deadLetter(RawRecord record, String reason, String bodyCameraId, Context ctx) {
    String keyCameraId = CameraKeys.read(record.key, limits.maxCameraIdChars());
    long now = ctx.timerService().currentProcessingTime();
    DeadLetter letter =
        DeadLetters.of(
            record.topic == null ? "" : record.topic,
            record.partition,
            record.offset,
            reason,
            record.value,
            Instant.ofEpochMilli(now),
            keyCameraId != null ? keyCameraId : bodyCameraId);
    framesDeadLettered.inc();
    LOG.debug("Dead-lettered frame record {}: {}", record, reason);
    ctx.output(DEAD_LETTERS, letter);
  }
}
