package dev.streamdycoke.operators.cache;

import java.util.Arrays;

/**
 * Picks the k lowest priorities with a bounded max-heap: O(n log k) and no allocation, where a full
 * sort per frame would cost O(n log n).
 */
final class VictimSelector {
  private int[] heap = new int[0];

  /**
   * Writes the indices of the {@code k} lowest of {@code priority[0 .. n)} into {@code out},
   * ascending by index. Equal priorities prefer the lower index (older entry).
   */
  void select(double[] priority, int n, int k, int[] out) {
    if (k >= n) {
      for (int i = 0; i < n; i++) {
        out[i] = i;
      }
      return;
    }
    if (heap.length < k) {
      heap = new int[k];
    }
    int size = 0;
    for (int i = 0; i < n; i++) {
      if (size < k) {
        heap[size] = i;
        siftUp(priority, size++);
      } else if (before(priority, i, heap[0])) {
        heap[0] = i;
        siftDown(priority, k);
      }
    }
    System.arraycopy(heap, 0, out, 0, k);
    Arrays.sort(out, 0, k);
  }

  /** Whether entry a is evicted before entry b. */
  private static boolean before(double[] priority, int a, int b) {
    int c = Double.compare(priority[a], priority[b]);
    return c < 0 || (c == 0 && a < b);
  }

  private void siftUp(double[] priority, int at) {
    int node = heap[at];
    while (at > 0) {
      int parent = (at - 1) >>> 1;
      if (!before(priority, heap[parent], node)) {
        break;
      }
      heap[at] = heap[parent];
      at = parent;
    }
    heap[at] = node;
  }

  private void siftDown(double[] priority, int size) {
    int at = 0;
    int node = heap[0];
    while (true) {
      int child = 2 * at + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && before(priority, heap[child], heap[child + 1])) {
        child++;
      }
      if (!before(priority, node, heap[child])) {
        break;
      }
      heap[at] = heap[child];
      at = child;
    }
    heap[at] = node;
  }
}
