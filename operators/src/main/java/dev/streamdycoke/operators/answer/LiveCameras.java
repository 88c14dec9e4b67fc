package dev.streamdycoke.operators.answer;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cameras whose model sessions a subtask keeps in memory, least recently used first out. A KV
 * cache is tens of MB per camera for a real model, so memory bounds how many stay live; a camera
 * pushed out keeps its token cache in keyed state and is rebuilt from it on its next question.
 */
final class LiveCameras implements AutoCloseable {
  private final int capacity;
  private final LinkedHashMap<String, CameraContext> cameras = new LinkedHashMap<>(16, 0.75f, true);

  LiveCameras(int capacity) {
    this.capacity = capacity;
  }

  CameraContext get(String camera) {
    return cameras.get(camera);
  }

  boolean hasRoom() {
    return cameras.size() < capacity;
  }

  /** Adds a camera, closing the least recently used one if memory is full. */
  void put(String camera, CameraContext context) {
    CameraContext previous = cameras.put(camera, context);
    if (previous != null && previous != context) {
      previous.close();
    }
    Iterator<Map.Entry<String, CameraContext>> eldest = cameras.entrySet().iterator();
    while (cameras.size() > capacity && eldest.hasNext()) {
      Map.Entry<String, CameraContext> e = eldest.next();
      if (!e.getKey().equals(camera)) {
        e.getValue().close();
        eldest.remove();
      }
    }
  }

  /** Forgets a camera whose session may be inconsistent (a model call failed half way). */
  void drop(String camera) {
    CameraContext context = cameras.remove(camera);
    if (context != null) {
      context.close();
    }
  }

  int size() {
    return cameras.size();
  }

  @Override
  public void close() {
    cameras.values().forEach(CameraContext::close);
    cameras.clear();
  }
}
