package dev.streamdycoke.operators.encode;

import dev.streamdycoke.operators.records.DecodedFrame;

/**
 * A frame waiting in the micro-batch with the change gate's verdict: encode it (as the camera's new
 * gate reference, or ungated), or pass it on as unchanged since frame {@code referenceSeq}.
 */
record GatedFrame(DecodedFrame frame, boolean skipped, boolean reference, long referenceSeq) {
  /** Encoded without the gate judging it: the gate is off, or the frame is out of order. */
  static GatedFrame ungated(DecodedFrame frame) {
    return new GatedFrame(frame, false, false, frame.seq);
  }

  /** Encoded, and the camera's gate now compares with it. */
  static GatedFrame newReference(DecodedFrame frame) {
    return new GatedFrame(frame, false, true, frame.seq);
  }

  static GatedFrame unchanged(DecodedFrame frame, long referenceSeq) {
    return new GatedFrame(frame, true, false, referenceSeq);
  }
}
