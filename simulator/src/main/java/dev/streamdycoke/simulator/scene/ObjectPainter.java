package dev.streamdycoke.simulator.scene;

import static dev.streamdycoke.simulator.scene.Canvas.rgb;

/**
 * Draws one object as a simple, recognisable silhouette inside its box: the shapes are given in
 * box-relative coordinates (u across, 0 = rear; v down, 0 = top) and mirrored for objects heading
 * left, so vehicles visibly face their direction of travel.
 *
 * <p>A halted object looks halted in a single frame, as it does on a real street: people stand with
 * their legs together instead of mid-stride, and vehicles light their brake lamps. At one frame per
 * second a halt is otherwise invisible, because a slow walker moves less than a token's cell
 * between frames.
 */
final class ObjectPainter {

  private static final int SKIN = rgb(222, 182, 150);
  private static final int TROUSERS = rgb(58, 58, 74);
  private static final int GLASS = rgb(84, 104, 124);
  private static final int TYRE = rgb(20, 20, 20);
  private static final int HUB = rgb(150, 150, 150);
  private static final int CHASSIS = rgb(60, 60, 62);
  private static final int HEADLIGHT = rgb(236, 236, 214);

  /** Around every rear lamp, so a lit lamp stands out on red paint too. */
  private static final int LAMP_BEZEL = rgb(16, 16, 16);

  private static final int LAMP_OFF = rgb(96, 24, 24);
  private static final int LAMP_LIT = rgb(255, 40, 40);

  private final Canvas canvas;
  private double left;
  private double top;
  private double w;
  private double h;
  private boolean mirrored;

  ObjectPainter(Canvas canvas) {
    this.canvas = canvas;
  }

  void paint(SceneObject o) {
    left = o.x() - o.width() / 2;
    top = o.y() - o.height();
    w = o.width();
    h = o.height();
    mirrored = o.facesLeft();
    int body = o.colour().rgb();
    boolean halted = o.motion() == Motion.STOPPED;
    switch (o.kind()) {
      case PERSON -> person(body, halted);
      case CAR -> car(body, halted);
      case TRUCK -> truck(body, halted);
      case BIKE -> bike(body, halted);
      default -> throw new IllegalStateException("no shape for " + o.kind());
    }
  }

  /** The legs fill {@link HaltCue#of}(PERSON) mid-stride and its middle standing. */
  private void person(int shirt, boolean standing) {
    if (standing) {
      rect(0.30, 0.60, 0.70, 1.0, TROUSERS);
    } else {
      double leg = Math.max(1.5, 0.12 * w);
      segment(0.45, 0.62, 0.10, 0.96, leg, TROUSERS);
      segment(0.55, 0.62, 0.90, 0.96, leg, TROUSERS);
    }
    rect(0.12, 0.20, 0.88, 0.62, shirt);
    rect(0.0, 0.22, 0.13, 0.52, shirt);
    rect(0.87, 0.22, 1.0, 0.52, shirt);
    canvas.fillDisc(x(0.5), y(0.10), 0.10 * h, SKIN);
  }

  private void car(int paint, boolean braking) {
    rect(0.18, 0.02, 0.72, 0.42, paint);
    rect(0.24, 0.09, 0.44, 0.38, GLASS);
    rect(0.48, 0.09, 0.66, 0.38, GLASS);
    rect(0.0, 0.38, 1.0, 0.82, paint);
    rect(0.95, 0.46, 1.0, 0.56, HEADLIGHT);
    rearLamp(HaltCue.of(ObjectKind.CAR), braking);
    wheel(0.2, 0.8, 0.18);
    wheel(0.8, 0.8, 0.18);
  }

  private void truck(int paint, boolean braking) {
    rect(0.0, 0.0, 0.70, 0.78, paint);
    rect(0.72, 0.28, 1.0, 0.80, paint);
    rect(0.80, 0.33, 0.96, 0.52, GLASS);
    rect(0.0, 0.76, 1.0, 0.84, CHASSIS);
    rect(0.96, 0.60, 1.0, 0.68, HEADLIGHT);
    rearLamp(HaltCue.of(ObjectKind.TRUCK), braking);
    wheel(0.12, 0.85, 0.14);
    wheel(0.28, 0.85, 0.14);
    wheel(0.86, 0.85, 0.14);
  }

  private void bike(int frame, boolean braking) {
    double t = Math.max(1.5, 0.09 * h);
    double outer = 0.30 * h;
    canvas.fillRing(x(0.2), y(0.68), outer, outer - Math.max(1.5, 0.07 * h), TYRE);
    canvas.fillRing(x(0.8), y(0.68), outer, outer - Math.max(1.5, 0.07 * h), TYRE);
    segment(0.2, 0.68, 0.38, 0.25, t, frame);
    segment(0.38, 0.25, 0.5, 0.68, t, frame);
    segment(0.5, 0.68, 0.2, 0.68, t, frame);
    segment(0.38, 0.25, 0.72, 0.22, t, frame);
    segment(0.72, 0.22, 0.5, 0.68, t, frame);
    segment(0.72, 0.22, 0.8, 0.68, t, frame);
    segment(0.72, 0.22, 0.68, 0.05, Math.max(1, 0.06 * h), CHASSIS);
    rect(0.31, 0.19, 0.46, 0.25, TYRE);
    rearLamp(HaltCue.of(ObjectKind.BIKE), braking);
  }

  private void rearLamp(HaltCue at, boolean lit) {
    rect(at.u0(), at.v0(), at.u1(), at.v1(), LAMP_BEZEL);
    double du = (at.u1() - at.u0()) * 0.2;
    double dv = (at.v1() - at.v0()) * 0.2;
    rect(at.u0() + du, at.v0() + dv, at.u1() - du, at.v1() - dv, lit ? LAMP_LIT : LAMP_OFF);
  }

  private void wheel(double u, double v, double radius) {
    canvas.fillDisc(x(u), y(v), radius * h, TYRE);
    canvas.fillDisc(x(u), y(v), radius * 0.45 * h, HUB);
  }

  private void rect(double u0, double v0, double u1, double v1, int colour) {
    double xa = x(u0);
    double xb = x(u1);
    canvas.fillRect(Math.min(xa, xb), y(v0), Math.max(xa, xb), y(v1), colour);
  }

  private void segment(double u0, double v0, double u1, double v1, double thickness, int c) {
    canvas.line(x(u0), y(v0), x(u1), y(v1), thickness, c);
  }

  private double x(double u) {
    return left + (mirrored ? 1 - u : u) * w;
  }

  private double y(double v) {
    return top + v * h;
  }
}
