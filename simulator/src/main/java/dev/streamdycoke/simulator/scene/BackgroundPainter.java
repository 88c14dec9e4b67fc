package dev.streamdycoke.simulator.scene;

import static dev.streamdycoke.simulator.scene.Canvas.rgb;

import java.util.Random;

/**
 * Paints the static street: sky, building facades with windows, sidewalks with paving joints, the
 * road with kerbs and a dashed divider, a lamp post, a tree and some bollards, plus a fixed grain.
 * The seed places the buildings and props, so scenes differ in more than their traffic.
 *
 * <p>Everything here is muted (greys, beiges, dull olive): the saturated {@link ObjectColour}s stay
 * the objects' own.
 */
final class BackgroundPainter {

  private static final int[] FACADES = {
    rgb(196, 182, 158),
    rgb(158, 120, 104),
    rgb(150, 150, 156),
    rgb(184, 168, 134),
    rgb(132, 128, 120)
  };
  private static final int GLASS = rgb(78, 88, 104);
  private static final int PAVING_FAR = rgb(172, 168, 158);
  private static final int PAVING_NEAR = rgb(164, 159, 149);
  private static final int JOINT = rgb(146, 142, 134);
  private static final int KERB = rgb(198, 196, 188);
  private static final int ASPHALT = rgb(86, 86, 90);
  private static final int MARKING = rgb(206, 206, 196);
  private static final int METAL = rgb(108, 108, 114);
  private static final int TRUNK = rgb(98, 80, 62);
  private static final int CANOPY = rgb(96, 108, 78);

  private BackgroundPainter() {}

  /** The background of a {@code config}-sized frame, without sensor noise. */
  static byte[] paint(SceneConfig config) {
    int w = config.width();
    int h = config.height();
    Canvas c = new Canvas(w, h, new byte[3 * w * h]);
    Random random = new Random(Seeds.derive(config.seed(), Seeds.BACKGROUND));
    paintSky(c);
    paintFacades(c, random);
    paintGround(c);
    paintProps(c, random);
    addGrain(c, random);
    return c.rgb;
  }

  private static void paintSky(Canvas c) {
    int skyRows = (int) Math.ceil(0.12 * c.height);
    for (int y = 0; y < skyRows; y++) {
      int shade = 178 + 16 * y / Math.max(1, skyRows);
      c.fillRect(0, y, c.width, y + 1, rgb(shade, shade + 6, shade + 14));
    }
  }

  private static void paintFacades(Canvas c, Random random) {
    double bottom = StreetLayout.FACADE_BOTTOM * c.height;
    double x = 0;
    while (x < c.width) {
      double bw = c.width * (0.12 + 0.13 * random.nextDouble());
      double top = c.height * (0.02 + 0.10 * random.nextDouble());
      int colour = FACADES[random.nextInt(FACADES.length)];
      c.fillRect(x, top, x + bw, bottom, colour);
      double cellW = c.width * 0.045;
      double cellH = c.height * 0.055;
      for (double wy = top + cellH * 0.5; wy + cellH * 0.6 < bottom - cellH * 0.3; wy += cellH) {
        for (double wx = x + cellW * 0.4; wx + cellW * 0.6 < x + bw - cellW * 0.2; wx += cellW) {
          c.fillRect(wx, wy, wx + cellW * 0.55, wy + cellH * 0.6, GLASS);
        }
      }
      x += bw;
    }
  }

  private static void paintGround(Canvas c) {
    double h = c.height;
    double facade = StreetLayout.FACADE_BOTTOM * h;
    double roadTop = StreetLayout.ROAD_TOP * h;
    double roadBottom = StreetLayout.ROAD_BOTTOM * h;
    c.fillRect(0, facade, c.width, roadTop, PAVING_FAR);
    c.fillRect(0, roadBottom, c.width, h, PAVING_NEAR);
    double tile = c.width * 0.05;
    for (double x = tile / 2; x < c.width; x += tile) {
      c.fillRect(x, facade, x + 1, roadTop, JOINT);
      c.fillRect(x + tile / 3, roadBottom, x + tile / 3 + 1, h, JOINT);
    }
    c.fillRect(0, (facade + roadTop) / 2, c.width, (facade + roadTop) / 2 + 1, JOINT);
    c.fillRect(0, (roadBottom + h) / 2, c.width, (roadBottom + h) / 2 + 1, JOINT);

    c.fillRect(0, roadTop, c.width, roadBottom, ASPHALT);
    double kerb = Math.max(2, 0.01 * h);
    c.fillRect(0, roadTop, c.width, roadTop + kerb, KERB);
    c.fillRect(0, roadBottom - kerb, c.width, roadBottom, KERB);
    double divider = StreetLayout.LANE_DIVIDER * h;
    double dash = c.width * 0.06;
    for (double x = c.width * 0.02; x < c.width; x += dash * 1.9) {
      c.fillRect(x, divider - kerb / 2, x + dash, divider + kerb / 2, MARKING);
    }
  }

  private static void paintProps(Canvas c, Random random) {
    double h = c.height;
    double sidewalkBack = (StreetLayout.FACADE_BOTTOM + 0.02) * h;
    // A lamp post standing at the back of the far sidewalk.
    double lampX = c.width * (0.1 + 0.8 * random.nextDouble());
    double lampBase = sidewalkBack + 0.04 * h;
    c.fillRect(
        lampX - 0.004 * c.width, lampBase - 0.26 * h, lampX + 0.004 * c.width, lampBase, METAL);
    c.fillRect(
        lampX - 0.03 * c.width,
        lampBase - 0.27 * h,
        lampX + 0.01 * c.width,
        lampBase - 0.255 * h,
        METAL);
    // A tree, away from the lamp.
    double treeX = (lampX + c.width * (0.3 + 0.4 * random.nextDouble())) % c.width;
    double treeBase = sidewalkBack + 0.05 * h;
    c.fillRect(
        treeX - 0.008 * c.width, treeBase - 0.14 * h, treeX + 0.008 * c.width, treeBase, TRUNK);
    c.fillDisc(treeX, treeBase - 0.19 * h, 0.08 * h, CANOPY);
    // Bollards along the near kerb.
    int bollards = 3 + random.nextInt(3);
    double start = c.width * 0.1 * random.nextDouble();
    double spacing = c.width / (double) bollards;
    double kerbTop = StreetLayout.ROAD_BOTTOM * h + 0.005 * h;
    for (int i = 0; i < bollards; i++) {
      double bx = start + i * spacing + spacing / 2;
      c.fillRect(bx - 0.008 * c.width, kerbTop, bx + 0.008 * c.width, kerbTop + 0.05 * h, METAL);
    }
  }

  /** Fixed per-pixel grain, so no area is perfectly flat (flat areas compress unrealistically). */
  private static void addGrain(Canvas c, Random random) {
    byte[] rgb = c.rgb;
    for (int p = 0; p < rgb.length; p += 3) {
      int d = random.nextInt(9) - 4;
      for (int k = 0; k < 3; k++) {
        rgb[p + k] = (byte) Math.max(0, Math.min(255, (rgb[p + k] & 0xff) + d));
      }
    }
  }
}
