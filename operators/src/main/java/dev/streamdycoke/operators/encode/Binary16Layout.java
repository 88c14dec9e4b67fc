package dev.streamdycoke.operators.encode;

import dev.streamdycoke.operators.ttm.DycokeState;
import dev.streamdycoke.operators.ttm.DycokeStateParts;
import dev.streamdycoke.operators.ttm.DycokeWindow;
import dev.streamdycoke.operators.ttm.ReferenceFrame;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * The DyCoke layout before int8 references, read only to migrate savepoints: the same four values
 * under their own names, the frames as binary16 {@link ReferenceFrame}s. {@link SplitDycokeMerger}
 * reads it for a camera with no state in the current layout, and clears it once converted.
 */
final class Binary16Layout {
  static final String WINDOW = "ttm-window";
  static final String ANCHOR = "ttm-anchor";
  static final String MID = "ttm-mid";
  static final String BACKGROUND = "ttm-background";
  static final List<String> STATE_NAMES = List.of(WINDOW, ANCHOR, MID, BACKGROUND);

  private final ValueState<DycokeWindow> window;
  private final ValueState<ReferenceFrame> anchor;
  private final ValueState<ReferenceFrame> mid;
  private final ValueState<ReferenceFrame> background;

  Binary16Layout(RuntimeContext context) {
    this.window = context.getState(new ValueStateDescriptor<>(WINDOW, DycokeWindow.class));
    this.anchor = context.getState(new ValueStateDescriptor<>(ANCHOR, ReferenceFrame.class));
    this.mid = context.getState(new ValueStateDescriptor<>(MID, ReferenceFrame.class));
    this.background =
        context.getState(new ValueStateDescriptor<>(BACKGROUND, ReferenceFrame.class));
  }

  /** The current camera's window in this layout, or null if it has none. */
  DycokeWindow window() throws Exception {
    return window.value();
  }

  /** The current camera's state in this layout, rounded to int8 as the current layout holds it. */
  DycokeState read(DycokeWindow stored) throws Exception {
    return DycokeStateParts.fromBinary16(
        stored,
        stored.hasAnchor ? anchor.value() : null,
        stored.hasMid ? mid.value() : null,
        stored.hasBackground ? background.value() : null);
  }

  void clear() {
    window.clear();
    anchor.clear();
    mid.clear();
    background.clear();
  }
}
