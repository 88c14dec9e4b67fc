package dev.streamdycoke.benchmarks.qa;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A scatter plot of accuracy against retained-token ratio (log scale), one labelled point per
 * setup, overall accuracy filled and memory accuracy hollow; drawn with java.awt, headless.
 */
final class AccuracyPlot {
  private static final int W = 1100;
  private static final int H = 700;
  private static final int LEFT = 80;
  private static final int RIGHT = 370;
  private static final int TOP = 60;
  private static final int BOTTOM = 70;
  private static final double MIN_RATIO = 0.01;

  record Point(String label, double retained, double overall, double memory) {}

  private AccuracyPlot() {}

  static void write(List<Point> points, String title, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString("Accuracy vs retained visual tokens", LEFT, 25);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawString(title, LEFT, 44);
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    g.drawRect(LEFT, TOP, plotW, plotH);
    for (double tick : new double[] {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0}) {
      int x = x(tick, plotW);
      g.setColor(new Color(230, 230, 230));
      g.drawLine(x, TOP, x, TOP + plotH);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%.0f%%", tick * 100), x - 10, TOP + plotH + 18);
    }
    for (int p = 0; p <= 100; p += 20) {
      int y = y(p / 100.0, plotH);
      g.setColor(new Color(230, 230, 230));
      g.drawLine(LEFT, y, LEFT + plotW, y);
      g.setColor(Color.BLACK);
      g.drawString(p + "%", LEFT - 40, y + 4);
    }
    g.drawString(
        "retained visual tokens (share of full context, log scale)",
        LEFT + plotW / 2 - 150,
        H - 25);
    g.drawString("accuracy", 10, TOP - 8);
    Color[] palette = {
      new Color(31, 119, 180),
      new Color(255, 127, 14),
      new Color(44, 160, 44),
      new Color(214, 39, 40),
      new Color(148, 103, 189),
      new Color(140, 86, 75),
      new Color(227, 119, 194),
      new Color(127, 127, 127),
      new Color(188, 189, 34),
      new Color(23, 190, 207)
    };
    g.setStroke(new BasicStroke(1.5f));
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      Color c = palette[i % palette.length];
      int x = x(p.retained(), plotW);
      g.setColor(c);
      g.fillOval(x - 5, y(p.overall(), plotH) - 5, 10, 10);
      if (!Double.isNaN(p.memory())) {
        g.drawRect(x - 4, y(p.memory(), plotH) - 4, 8, 8);
      }
      int ly = TOP + 10 + i * 15;
      g.fillOval(W - RIGHT + 15, ly - 8, 9, 9);
      g.setColor(Color.BLACK);
      g.drawString(
          String.format(Locale.ROOT, "%s (%.0f%%)", p.label(), 100 * p.overall()),
          W - RIGHT + 30,
          ly);
    }
    g.drawString(
        "filled: overall accuracy; hollow square: memory questions",
        W - RIGHT + 15,
        TOP + 25 + points.size() * 15);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static int x(double ratio, int plotW) {
    double r = Math.max(MIN_RATIO, Math.min(1, ratio));
    return LEFT
        + (int) Math.round(plotW * (Math.log(r) - Math.log(MIN_RATIO)) / (0 - Math.log(MIN_RATIO)));
  }

  private static int y(double accuracy, int plotH) {
    return TOP + (int) Math.round(plotH * (1 - accuracy));
  }
}
